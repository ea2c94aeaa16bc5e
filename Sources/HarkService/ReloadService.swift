import HarkCore
import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads the configuration on SIGHUP and swaps it in only if it passes every check.
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
    let logger: Logger

    func run() async {
        for await _ in signals.cancelOnGracefulShutdown() {
            reload()
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
            logger.notice(
                "configuration reloaded",
                metadata: ["generation": "\(next.generation)", "connectors": "\(next.connectors.count)"])
            notifier.send(.status("configuration \(next.generation) loaded; \(next.connectors.count) connectors"), .ready)
            return true
        case .failure(let rejected):
            for error in rejected.errors { logger.error("\(error.description)") }
            logger.error(
                "configuration rejected with \(rejected.errors.count) errors; keeping generation \(current.generation)")
            notifier.send(
                .status("reload rejected (\(rejected.errors.count) errors); running configuration \(current.generation)"),
                .ready)
            return false
        }
    }
}
