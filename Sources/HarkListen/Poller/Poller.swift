public import Foundation
public import HarkCore
public import HarkHTTP
public import HarkState
public import Logging

/// Polls connectors and turns what they fetch into *new* mentions, durably.
///
/// For each connector: read its saved state, poll with the saved validators (conditional GET),
/// then in one transaction drop what was already seen, remember the rest and the source's new
/// schedule. Only then are the mentions handed on, so a crash at any point neither loses a
/// mention nor emits one twice.
public struct Poller: Sendable {
    public let http: CurlDriver
    public let store: StateStore
    public let logger: Logger
    /// The clock; injected so tests and replays control time.
    public let now: @Sendable () -> Date
    /// Mentions dated further ahead than this are clamped to the poll time (a broken clock at the
    /// source must not break windows downstream).
    public var maxFutureSkew: TimeInterval = 3600
    /// Whether new mentions are queued in the state's inbox for the pipeline (the daemon), or only
    /// recorded as seen because the caller consumes them itself (`hark poll`).
    public let queuesMentions: Bool

    public init(
        http: CurlDriver, store: StateStore, logger: Logger, queuesMentions: Bool = true,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.http = http
        self.store = store
        self.logger = logger
        self.queuesMentions = queuesMentions
        self.now = now
    }

    /// What one poll of one connector came to.
    public struct Report: Sendable {
        public var connector: String
        public var url: String?
        /// Mentions not seen before, in the order the source listed them.
        public var newMentions: [Mention] = []
        /// Mentions the source returned (new or not).
        public var fetched = 0
        public var notModified = false
        public var failure: PollFailure?
        public var warnings: [String] = []
        /// The source's state after the poll (schedule, validators, failures).
        public var state: SourceState?
    }

    /// Polls every connector once and returns the reports in the connectors' order (for callers that
    /// want them all; `pollAll(_:maxConcurrent:onReport:)` streams them instead).
    public func pollAll(_ connectors: [any Connector], maxConcurrent: Int = 512) async -> [Report] {
        var reports = [Report?](repeating: nil, count: connectors.count)
        let indexes = Dictionary(connectors.enumerated().map { ($1.definition.name, $0) }) { first, _ in first }
        await pollAll(connectors, maxConcurrent: maxConcurrent) { report in
            if let index = indexes[report.connector] { reports[index] = report }
        }
        return reports.compactMap { $0 }
    }

    /// Polls every connector once, at most `maxConcurrent` at a time, handing each report to
    /// `onReport` as soon as its poll is done.
    ///
    /// The window keeps memory flat however many sources there are: a poll's document and mentions
    /// are released once its report is handled, and no more polls are in flight than the HTTP driver
    /// can usefully run (it bounds the transfers themselves, per host and overall).
    public func pollAll(
        _ connectors: [any Connector], maxConcurrent: Int = 512, onReport: (Report) async -> Void
    ) async {
        await withTaskGroup(of: Report.self) { group in
            var pending = connectors.makeIterator()
            var running = 0
            while running < max(1, maxConcurrent), let connector = pending.next() {
                group.addTask { await poll(connector) }
                running += 1
            }
            while let report = await group.next() {
                await onReport(report)
                if let connector = pending.next() {
                    group.addTask { await poll(connector) }
                }
            }
        }
    }

    /// Polls one connector now and records the outcome.
    public func poll(_ connector: any Connector) async -> Report {
        let definition = connector.definition
        var random = SeededGenerator()
        var report = Report(connector: definition.name, url: definition.url)
        let policy = PollPolicy(interval: definition.every)
        var state: SourceState
        do {
            state = try store.sourceState(definition.name) ?? SourceState(connector: definition.name)
        } catch {
            report.failure = PollFailure(
                connector: definition.name, url: definition.url ?? "", message: "state store: \(error)")
            return report
        }
        state.adopt(url: definition.url)
        let startedAt = now()
        let context = PollContext(
            http: http, validators: Validators(etag: state.etag, lastModified: state.lastModified), now: startedAt,
            logger: logger)
        do {
            let result = try await connector.poll(context)
            report.notModified = result.notModified
            report.fetched = result.mentions.count
            report.warnings = result.warnings
            let mentions = clampFuture(result.mentions, at: startedAt, warnings: &report.warnings)
            state.recordSuccess(
                at: now(), policy: policy, itemCount: result.notModified ? nil : result.mentions.count,
                etag: result.validators.etag, lastModified: result.validators.lastModified, ttl: result.ttl,
                using: &random)
            report.newMentions = try store.commitPoll(state, mentions: mentions, at: now(), toInbox: queuesMentions)
            state.totalNew += report.newMentions.count
        } catch let failure as PollFailure {
            report.failure = failure
            state.recordFailure(
                at: now(), policy: policy, message: failure.message, retryAfter: failure.retryAfter, using: &random)
            do {
                try store.save(state)
            } catch {
                logger.error("cannot save source state", metadata: ["connector": "\(definition.name)", "error": "\(error)"])
            }
        } catch {
            // The state store refused the commit: nothing was recorded as seen, so the same
            // mentions come back on the next poll rather than being lost.
            report.newMentions = []
            report.failure = PollFailure(
                connector: definition.name, url: definition.url ?? "", message: "state store: \(error)")
        }
        for warning in report.warnings {
            logger.warning("\(warning)", metadata: ["connector": "\(definition.name)"])
        }
        report.state = state
        return report
    }

    private func clampFuture(_ mentions: [Mention], at time: Date, warnings: inout [String]) -> [Mention] {
        var result = mentions
        for index in result.indices where result[index].publishedAt.timeIntervalSince(time) > maxFutureSkew {
            warnings.append(
                "mention \(result[index].id) is dated \(Timestamp.rfc3339(result[index].publishedAt)), "
                    + "in the future; using the fetch time")
            result[index].publishedAt = time
        }
        return result
    }
}
