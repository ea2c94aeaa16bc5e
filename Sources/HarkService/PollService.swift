import Foundation
import HarkCore
import HarkEndpoint
import HarkListen
import HarkState
import Logging
import ServiceLifecycle

/// Polls every enabled connector on its own schedule, until a graceful shutdown.
///
/// The `Poller` (with `queuesMentions: true`) commits each poll's new mentions to the inbox in the
/// same transaction that marks them seen, before anything else happens to them: once a poll returns,
/// its mentions survive a crash. On shutdown no new round starts; a round in flight finishes (its
/// transfers are bounded by the connectors' timeouts) or is cancelled by the service group's deadline,
/// which loses nothing, as uncommitted mentions are fetched again.
struct PollService: Service {
    let live: LiveConfiguration
    let poller: Poller
    let progress: LoopProgress
    let health: HealthBoard
    let metrics: HarkMetrics
    let logger: Logger

    /// How long hark remembers a mention it no longer sees at its source (as `hark poll`).
    static let seenRetention: TimeInterval = 90 * 24 * 3600

    func run() async {
        var due: [String: Date] = [:]
        var lastPrune = Date.distantPast
        var generation = 0
        while !shouldStop {
            progress.beat(.poll)
            let configuration = live.current
            let connectors = configuration.connectors
            let now = Date()
            if configuration.generation != generation {
                generation = configuration.generation
                health.configure(connectors.map { Self.healthSource($0.definition) }, at: now)
                for connector in connectors {
                    metrics.connectorHealthy(
                        connector.definition.name, health.watches[connector.definition.name]?.isHealthy ?? true)
                }
            }
            for (connector, event) in health.check(at: now) { log(event, connector: connector) }
            let ready = connectors.filter { (due[$0.definition.name] ?? .distantPast) <= now }
            if !ready.isEmpty {
                await poller.pollAll(ready) { report in
                    due[report.connector] = report.state?.nextDue ?? Date().addingTimeInterval(60)
                    record(report)
                }
            }
            if now.timeIntervalSince(lastPrune) > 3600 {
                lastPrune = now
                do {
                    _ = try poller.store.pruneSeen(olderThan: now.addingTimeInterval(-Self.seenRetention))
                } catch {
                    logger.error("cannot prune seen mentions: \(error)")
                }
            }
            let names = Set(connectors.map(\.definition.name))
            let next = due.filter { names.contains($0.key) }.values.min() ?? now.addingTimeInterval(1)
            // At most a second, so the loop keeps proving it is alive to the watchdog.
            let wait = min(max(next.timeIntervalSinceNow, 0.05), 1)
            await pause(for: .milliseconds(Int(wait * 1000)))
        }
    }

    private func record(_ report: Poller.Report) {
        progress.beat(.poll)
        progress.count {
            $0.polls += 1
            $0.fetched += report.newMentions.count
            if report.failure != nil { $0.pollFailures += 1 }
        }
        metrics.polled(connector: report.connector, failed: report.failure != nil)
        let now = Date()
        let event: SourceWatch.Event?
        if let failure = report.failure {
            logger.warning(
                "poll failed: \(failure.message)",
                metadata: [
                    "connector": "\(report.connector)", "url": "\(failure.url)",
                    "failures": "\(report.state?.consecutiveFailures ?? 1)",
                ])
            event = health.failed(report.connector, at: now, message: failure.message)
        } else {
            if !report.newMentions.isEmpty {
                logger.info("\(report.newMentions.count) new mentions", metadata: ["connector": "\(report.connector)"])
            }
            event = health.succeeded(
                report.connector, at: now, itemCount: report.notModified ? nil : report.fetched,
                newItems: report.newMentions.count)
        }
        if let event { log(event, connector: report.connector) }
    }

    private func log(_ event: SourceWatch.Event, connector: String) {
        switch event {
        case .blind(let problem, _, let detail):
            metrics.health(connector: connector, problem: problem.rawValue, healthy: false)
            logger.error(
                "listening blind: \(detail)", metadata: ["connector": "\(connector)", "problem": "\(problem.rawValue)"])
        case .recovered(let problem, let since, let at):
            metrics.health(connector: connector, problem: "recovered", healthy: true)
            logger.notice(
                "source recovered after \(SourceWatch.describe(at.timeIntervalSince(since)))",
                metadata: ["connector": "\(connector)", "problem": "\(problem.rawValue)"])
        }
    }

    /// What the health board needs from a connector's definition.
    static func healthSource(_ definition: ConnectorDefinition) -> HealthBoard.Source {
        HealthBoard.Source(
            name: definition.name, pollInterval: definition.every.seconds, expectEvery: definition.expectEvery?.seconds)
    }
}
