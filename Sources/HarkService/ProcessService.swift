import Foundation
import HarkCore
import HarkDeliver
import HarkLearn
import HarkPipeline
import HarkRespond
import HarkRules
import HarkState
import Logging
import ServiceLifecycle

/// Reads the inbox in order, labels, runs the pipeline and hands notifications to the outbox.
///
/// One batch at a time, in this order, so a crash anywhere loses nothing and sends nothing twice:
/// 1. read the next inbox entries (they stay there until step 6);
/// 2. label them on every core, then run them through the `Pipeline` one by one (`receivedAt` = now);
/// 3. journal the notifications that fell due, then enqueue them (idempotent by notification id);
/// 4. save the theme snapshot (`saveThemes`, then `themesSaved`);
/// 5. journal that the batch is processed (so a replay of it does not join themes twice);
/// 6. acknowledge the inbox up to the last mention whose alerts can no longer wait in a group
///    (`AcknowledgementWindow`).
///
/// Between batches it moves the pipeline's clock on (`advance`) when a group falls due and at least
/// every `advanceInterval`, so grouped notifications go out when their wait is over and silences are
/// noticed. A new configuration is adopted between batches: waiting groups are sent first (the new
/// routes could not hold them), then the pipeline is rebuilt from the new rules and the saved themes.
struct ProcessService: Service {
    let settings: DaemonSettings
    let live: LiveConfiguration
    let store: StateStore
    let outbox: OutboxSlot
    let progress: LoopProgress
    let logger: Logger

    /// The journal file in the state directory.
    static let journalName = "process-journal.jsonl"
    /// How often the journal is compacted.
    static let compactionInterval: TimeInterval = 600

    func run() async throws {
        var loop = try ProcessLoop(service: self)
        while !shouldStop {
            progress.beat(.process)
            let worked = try await loop.turn()
            if !worked { await pause(for: settings.idlePause) }
        }
        logger.info("processing stopped", metadata: ["held": "\(loop.window.heldBatches) batches"])
    }
}

/// The state of the process loop: the pipeline, the journal and the acknowledgement window.
/// Owned by the `ProcessService` task, never shared.
struct ProcessLoop {
    let service: ProcessService
    var configuration: LoadedConfiguration
    var pipeline: Pipeline
    var journal: ProcessJournal
    var window: AcknowledgementWindow
    /// The highest inbox sequence processed in this run; the inbox also holds what the window keeps.
    var lastProcessed: Int64 = 0
    var nextAdvance = Date()
    var lastCompaction = Date()

    init(service: ProcessService) throws {
        self.service = service
        configuration = service.live.current
        pipeline = Pipeline(rules: configuration.rules, themes: try service.store.loadThemes())
        pipeline.addSilences(try RuntimeSilences.load(from: service.store, endingAfter: Date()).silences)
        journal = try ProcessJournal(
            path: (service.settings.stateDirectory as NSString).appendingPathComponent(ProcessService.journalName))
        let store = service.store
        try journal.reconcile { receiver, id in (try? store.outboxRecord(receiver: receiver, id: id)) != nil }
        window = AcknowledgementWindow(rules: configuration.rules)
        service.logger.info(
            "processing from the inbox",
            metadata: [
                "inbox": "\((try? store.inboxCount()) ?? 0)", "journal": "\(journal.routedCount) notifications",
                "processed_through": "\(journal.processedThrough)",
            ])
    }

    /// One step: adopt a new configuration, process a batch, advance the clock. Returns whether there
    /// was anything to do (false: the caller may sleep).
    mutating func turn() async throws -> Bool {
        if service.live.current.generation != configuration.generation {
            try adopt(service.live.current)
        }
        var worked = false
        // The window's entries are still in the inbox, first: read past them.
        let entries = try service.store.inbox(limit: service.settings.batchSize + window.heldMentions)
            .filter { $0.sequence > lastProcessed }
        if !entries.isEmpty {
            try await process(Array(entries.prefix(service.settings.batchSize)))
            worked = true
        }
        let now = Date()
        if now >= nextAdvance || (pipeline.respond?.nextDeadline.map { $0 <= now } ?? false) {
            // Silences added with `hark silence add` (an expired one replaces its earlier self).
            pipeline.addSilences(try RuntimeSilences.load(from: service.store, endingAfter: now.addingTimeInterval(-3600)).silences)
            let advanced = pipeline.advance(to: now)
            try hand(advanced.notifications, at: now)
            nextAdvance = now.addingTimeInterval(service.settings.advanceInterval.seconds)
            try acknowledge()
        }
        if now.timeIntervalSince(lastCompaction) > ProcessService.compactionInterval {
            lastCompaction = now
            try journal.compact(keepingSince: now.addingTimeInterval(-(window.hold + ProcessService.compactionInterval)))
        }
        return worked
    }

    private mutating func process(_ entries: [InboxEntry]) async throws {
        let now = Date()
        let labels = await BatchLabeller.label(entries.map(\.mention), with: configuration.classifier)
        var notifications: [AlertNotification] = []
        var joinedThemes = false
        var joined: Set<String> = []
        for (entry, found) in zip(entries, labels) {
            // Processed before a restart: its demand is already in the saved themes.
            let replay = entry.sequence <= journal.processedThrough
            let step = pipeline.process(
                LabelledMention(mention: entry.mention, labels: found.labels), demand: replay ? nil : found.demand,
                receivedAt: now)
            if let theme = step.theme { joinedThemes = true; joined.insert(theme.themeID) }
            notifications += step.notifications
            for note in step.notes { service.logger.debug("\(note)") }
        }
        let last = entries[entries.count - 1].sequence
        try hand(notifications, at: now)
        if joinedThemes {
            try service.store.saveThemes(pipeline.themes.snapshot())
            pipeline.themesSaved()
            try tellLateAskers(of: joined, at: now)
        }
        try journal.recordProcessed(through: last)
        lastProcessed = last
        window.processed(through: last, count: entries.count, at: pipeline.clock ?? now)
        service.progress.count { $0.processed += entries.count }
        try acknowledge()
    }

    /// Journals, then enqueues, the notifications not already handed over.
    private mutating func hand(_ notifications: [AlertNotification], at now: Date) throws {
        let fresh = notifications.compactMap(journal.unsent)
        guard !fresh.isEmpty else { return }
        try journal.recordRouted(fresh, at: now)
        let outbox = service.outbox.current
        for notification in fresh {
            try outbox.enqueue(
                OutgoingNotification(
                    id: notification.id, receiver: notification.receiver, payload: notification.json, createdAt: now))
            service.logger.info(
                "notification enqueued",
                metadata: [
                    "receiver": "\(notification.receiver)", "notification": "\(notification.id)",
                    "alerts": "\(notification.alerts.count)",
                ])
        }
        service.progress.count { $0.notifications += fresh.count }
    }

    /// People who asked for a theme after it shipped are told too, once each (`LoopCloser`).
    private func tellLateAskers(of themes: Set<String>, at now: Date) throws {
        guard let tree = configuration.rules.route else { return }
        let shipped = try service.store.shippedThemes()
        let closer = LoopCloser(store: service.store, tree: tree, delivery: configuration.rules.delivery)
        for var theme in pipeline.themes.themes where themes.contains(theme.id) {
            guard let ship = shipped[theme.id] else { continue }
            (theme.shippedAt, theme.shipMessage) = (theme.shippedAt ?? ship.at, theme.shipMessage ?? ship.message)
            theme.status = .shipped
            _ = try closer.tell(theme: theme, at: now) { _ = try service.outbox.current.enqueue($0) }
        }
    }

    private mutating func acknowledge() throws {
        guard let sequence = window.acknowledgeable(routedThrough: pipeline.clock ?? Date()) else { return }
        try service.store.acknowledge(upTo: sequence)
    }

    /// Sends what waits in groups, then rebuilds the pipeline for `next` (themes from the store).
    private mutating func adopt(_ next: LoadedConfiguration) throws {
        let now = Date()
        try hand(pipeline.finish(), at: now)
        try service.store.saveThemes(pipeline.themes.snapshot())
        pipeline.themesSaved()
        if let last = window.releaseAll(newHold: AcknowledgementWindow(rules: next.rules).hold) {
            try service.store.acknowledge(upTo: last)
        }
        configuration = next
        pipeline = Pipeline(rules: next.rules, themes: try service.store.loadThemes())
        pipeline.addSilences(try RuntimeSilences.load(from: service.store, endingAfter: now).silences)
        service.logger.notice("processing with configuration generation \(next.generation)")
    }
}

extension Duration {
    /// The duration in seconds, for `Date` arithmetic.
    var seconds: TimeInterval {
        let (whole, fraction) = components
        return TimeInterval(whole) + TimeInterval(fraction) / 1e18
    }
}
