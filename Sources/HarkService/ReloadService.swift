import HarkCore
import HarkEndpoint
import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads the configuration on SIGHUP, or when a file under the configuration directory changes
/// (`ConfigWatcher`), and swaps it in only if it passes every check.
///
/// A configuration with errors is rejected with the messages `hark check` prints, and the daemon
/// keeps running on the last good one. systemd hears `RELOADING=1` before and `READY=1` after,
/// whatever the outcome, with a `STATUS=` line that says which it was.
struct ReloadService: Service {
    /// Trapped before READY is sent, so a SIGHUP can never meet the default action (exit).
    let signals: UnixSignalsSequence
    let settings: DaemonSettings
    let live: LiveConfiguration
    let notifier: SystemdNotifier
    let metrics: HarkMetrics
    /// Nil when file watching is off (`--no-watch`).
    let watcher: ConfigWatcher?
    let logger: Logger

    func run() async {
        // Both triggers feed one stream and one loop, so reloads never overlap; triggers that arrive
        // during a reload collapse into one more.
        let (triggers, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() { continuation.yield("SIGHUP") }
                continuation.finish()
            }
            if let watcher {
                group.addTask {
                    await watcher.run { continuation.yield("a file changed") }
                }
            }
            for await trigger in triggers {
                logger.info("reloading the configuration", metadata: ["trigger": "\(trigger)"])
                reload()
            }
            group.cancelAll()
        }
    }

    /// Loads the configuration again; returns whether it was swapped in.
    @discardableResult
    func reload() -> Bool {
        notifier.send(.reloading)
        let current = live.current
        switch LoadedConfiguration.load(configDirectory: settings.configDirectory, generation: current.generation + 1) {
        case .success(let next):
            for warning in next.warnings { logger.warning("\(warning.position): warning: \(warning.message)") }
            live.replace(with: next)
            metrics.reloaded(ok: true)
            logger.notice(
                "configuration reloaded",
                metadata: ["generation": "\(next.generation)", "connectors": "\(next.connectors.count)"])
            notifier.send(
                .status("configuration \(next.generation) loaded; \(next.connectors.count) connectors"), .ready)
            return true
        case .failure(let rejected):
            metrics.reloaded(ok: false)
            for error in rejected.errors { logger.error("\(error.description)") }
            logger.error(
                "configuration rejected with \(rejected.errors.count) errors; keeping generation \(current.generation)")
            notifier.send(
                .status(
                    "reload rejected (\(rejected.errors.count) errors); running configuration \(current.generation)"),
                .ready)
            return false
        }
    }
}
