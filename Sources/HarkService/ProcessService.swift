import Foundation
import HarkCore
import HarkDeliver
import HarkEndpoint
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
    let health: HealthBoard
    let metrics: HarkMetrics
    let board: DaemonBoard
    let logger: Logger

    /// The journal file in the state directory.
    static let journalName = "process-journal.jsonl"
    /// How often the journal is compacted.
    static let compactionInterval: TimeInterval = 600
    /// How often the spike detectors' snapshot is saved (and always on reload and shutdown): a
    /// crash forgets at most this much of the spike counts, never an alert already sent.
    static let spikeSaveInterval: TimeInterval = 60

    func run() async throws {
        var loop = try ProcessLoop(service: self)
        while !shouldStop {
            progress.beat(.process)
            let worked = try await loop.turn()
            if !worked { await pause(for: settings.idlePause) }
        }
        loop.saveSpikes()
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
    var lastSpikeSave = Date()

    init(service: ProcessService) throws {
        self.service = service
        configuration = service.live.current
        pipeline = try Self.makePipeline(rules: configuration.rules, store: service.store, logger: service.logger)
        pipeline.addSilences(try RuntimeSilences.load(from: service.store, endingAfter: Date()).silences)
        service.board.themes = Self.themesSummary(pipeline.themes)
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
        let entries = try service.store.inbox(after: lastProcessed, limit: service.settings.batchSize)
        if !entries.isEmpty {
            try await process(entries)
            worked = true
        }
        let notices = service.health.takeNotices()
        if !notices.isEmpty {
            let now = Date()
            try hand(pipeline.raise(notices.map(Self.alert), at: now), at: now)
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
        if now.timeIntervalSince(lastSpikeSave) > ProcessService.spikeSaveInterval {
            saveSpikes()
        }
        if now.timeIntervalSince(lastCompaction) > ProcessService.compactionInterval {
            lastCompaction = now
            try journal.compact(
                keepingSince: now.addingTimeInterval(-(window.hold + ProcessService.compactionInterval)))
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
            if !replay { countMetrics(step.labelled) }
            for note in step.notes { service.logger.debug("\(note)") }
        }
        let last = entries[entries.count - 1].sequence
        try hand(notifications, at: now)
        if joinedThemes {
            try service.store.saveThemes(pipeline.themes.snapshot())
            pipeline.themesSaved()
            service.board.themes = Self.themesSummary(pipeline.themes)
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
        saveSpikes()
        if let last = window.releaseAll(newHold: AcknowledgementWindow(rules: next.rules).hold) {
            try service.store.acknowledge(upTo: last)
        }
        configuration = next
        pipeline = try Self.makePipeline(rules: next.rules, store: service.store, logger: service.logger)
        pipeline.addSilences(try RuntimeSilences.load(from: service.store, endingAfter: now).silences)
        service.logger.notice("processing with configuration generation \(next.generation)")
    }
}

extension ProcessLoop {
    /// A pipeline for `rules` continuing from the saved themes and spike detectors (each spike rule
    /// keeps its history when its definition did not change).
    static func makePipeline(rules: RuleSet, store: StateStore, logger: Logger) throws -> Pipeline {
        let fresh = Pipeline(rules: rules, themes: try store.loadThemes())
        guard let data = try store.loadSpikeSnapshot() else { return fresh }
        do {
            let snapshot = try JSONDecoder().decode(SpikeDetector.Snapshot.self, from: data)
            return Pipeline(
                themes: fresh.themes, spikes: SpikeDetector(rules: rules.spikes, restoring: snapshot),
                respond: fresh.respond)
        } catch {
            logger.warning("the saved spike state does not decode (\(error)); spike baselines start afresh")
            return fresh
        }
    }

    /// Saves the spike detectors' snapshot; a failure is logged, not fatal (the counts rebuild).
    mutating func saveSpikes() {
        lastSpikeSave = Date()
        guard !pipeline.spikes.rules.isEmpty else { return }
        do {
            try service.store.saveSpikeSnapshot(JSONEncoder().encode(pipeline.spikes.snapshot), at: lastSpikeSave)
        } catch {
            service.logger.error("cannot save the spike state: \(error)")
        }
    }

    /// Counts a processed mention by connector and by each routable label.
    func countMetrics(_ labelled: LabelledMention) {
        let labels = labelled.labels
        var pairs: [(name: String, value: String)] = labels.topics.map { ("topic", $0) }
        pairs.append(("sentiment", labels.sentimentLabel.rawValue))
        if labels.abusive { pairs.append(("abusive", "true")) }
        if labels.demand { pairs.append(("demand", "true")) }
        service.metrics.mentionProcessed(connector: labelled.mention.connector, labels: pairs)
    }

    /// The `kind: health` alert for a change on the health board.
    static func alert(_ notice: HealthBoard.Notice) -> Alert {
        var facts: [String: JSONValue] = [:]
        if let expectation = notice.expectation { facts["expect_every_seconds"] = .number(expectation.rounded()) }
        switch notice.event {
        case .blind(let problem, let since, let detail):
            return AlertSources.health(
                connector: notice.connector, problem: problem.rawValue, recovered: false, since: since, at: notice.at,
                detail: detail, facts: facts)
        case .recovered(let problem, let since, let at):
            return AlertSources.health(
                connector: notice.connector, problem: problem.rawValue, recovered: true, since: since, at: at,
                detail: "the source is back after \(SourceWatch.describe(at.timeIntervalSince(since)))", facts: facts)
        }
    }

    /// What `/status` shows of the themes: how many in each status and the biggest few.
    static func themesSummary(_ engine: ThemeEngine) -> JSONValue {
        let reported = engine.reportedThemes
        var byStatus: [String: Int] = [:]
        for theme in engine.themes { byStatus[theme.status.rawValue, default: 0] += 1 }
        return .object(
            JSONObject([
                ("total", .number(Double(engine.themes.count))),
                (
                    "by_status",
                    .object(JSONObject(byStatus.keys.sorted().map { (key: $0, value: .number(Double(byStatus[$0]!))) }))
                ),
                (
                    "top",
                    .array(
                        reported.prefix(5).map { theme in
                            .object(
                                JSONObject([
                                    ("id", .string(theme.id)), ("label", .string(theme.label)),
                                    ("status", .string(theme.status.rawValue)),
                                    ("askers", .number(Double(theme.authors))),
                                    ("mentions", .number(Double(theme.mentions))),
                                ]))
                        })
                ),
            ]))
    }
}

extension Duration {
    /// The duration in seconds, for `Date` arithmetic.
    var seconds: TimeInterval {
        let (whole, fraction) = components
        return TimeInterval(whole) + TimeInterval(fraction) / 1e18
    }
}
