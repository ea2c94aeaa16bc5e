import Foundation
import HarkCore
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
    let logger: Logger
    /// How long a source may keep failing before hark says it is listening blind.
    var blindAfterFailures = 3

    /// How long hark remembers a mention it no longer sees at its source (as `hark poll`).
    static let seenRetention: TimeInterval = 90 * 24 * 3600

    func run() async {
        var due: [String: Date] = [:]
        var lastPrune = Date.distantPast
        while !shouldStop {
            progress.beat(.poll)
            let connectors = live.current.connectors
            let now = Date()
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
        if let failure = report.failure {
            let failures = report.state?.consecutiveFailures ?? 1
            if failures >= blindAfterFailures {
                logger.error(
                    "listening blind: the source failed \(failures) times in a row: \(failure.message)",
                    metadata: ["connector": "\(report.connector)", "url": "\(failure.url)"])
            } else {
                logger.warning(
                    "poll failed: \(failure.message)", metadata: ["connector": "\(report.connector)", "url": "\(failure.url)"])
            }
        } else if !report.newMentions.isEmpty {
            logger.info("\(report.newMentions.count) new mentions", metadata: ["connector": "\(report.connector)"])
        }
    }
}
