import Foundation
import HarkState
import Logging
import ServiceLifecycle

/// Speaks to systemd for the daemon: `READY=1` when the group starts (configuration and state are
/// loaded by then), `WATCHDOG=1` while every loop keeps turning, `STATUS=` now and then, and
/// `STOPPING=1` as soon as a graceful shutdown begins.
///
/// It is the last service of the group, so the group asks it to stop first and `STOPPING=1`
/// goes out before the other services wind down.
struct SystemdService: Service {
    let notifier: SystemdNotifier
    let settings: DaemonSettings
    let live: LiveConfiguration
    let store: StateStore
    let progress: LoopProgress
    let board: DaemonBoard
    let sampler: MetricsSampler
    let logger: Logger

    func run() async {
        board.markReady()
        notifier.send(.status(statusLine()), .ready)
        logger.notice(
            "hark is running",
            metadata: ["generation": "\(live.current.generation)", "connectors": "\(live.current.connectors.count)"])
        // Ping at half the watchdog interval, as sd_watchdog_enabled(3) advises.
        let tick = notifier.watchdogInterval.map { min($0 / 2, settings.statusInterval) } ?? settings.statusInterval
        var lastStatus = ContinuousClock.now
        while !shouldStop {
            await pause(for: tick)
            guard !shouldStop else { break }
            if notifier.watchdogInterval != nil {
                if progress.allTurning(within: settings.stallLimit) {
                    notifier.send(.watchdog)
                } else {
                    logger.error("a loop has stalled; not feeding the watchdog")
                }
            }
            if ContinuousClock.now - lastStatus >= settings.statusInterval {
                lastStatus = ContinuousClock.now
                notifier.send(.status(statusLine()))
                sampler.sample()
            }
        }
        board.markStopping()
        notifier.send(.status("stopping"), .stopping)
        logger.notice("stopping")
    }

    private func statusLine() -> String {
        let counters = progress.counters
        let inbox = (try? store.inboxCount()).map(String.init) ?? "?"
        return "\(live.current.connectors.count) connectors; \(counters.processed) mentions processed, "
            + "\(counters.notifications) notifications; inbox \(inbox); "
            + "\(counters.pollFailures) failed polls"
    }
}
