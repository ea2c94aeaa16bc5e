import ArgumentParser
import HarkCore
import HarkService
import HarkState
import Logging

/// `hark run`: the daemon. Only wiring; the daemon itself is `HarkService.Daemon`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll, classify, route and deliver until SIGTERM.",
        discussion: """
            Reloads the configuration on SIGHUP; a configuration with errors is rejected with the messages \
            `hark check` prints and the daemon keeps the last good one. Speaks systemd's notify protocol \
            when NOTIFY_SOCKET is set. Logs go to stderr, one event per line.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var stateOptions: StateOptions
    @OptionGroup var logOptions: LogOptions

    func run() async throws {
        StderrLogHandler.bootstrap(level: logOptions.logLevel)
        let daemon = Daemon(
            settings: DaemonSettings(configDirectory: configOptions.directory, stateDirectory: stateOptions.directory),
            logger: Logger(label: "hark"))
        do {
            try await daemon.run()
        } catch let rejected as ConfigurationRejected {
            for error in rejected.errors { printError(error.description) }
            printError("hark: configuration rejected with \(rejected.errors.count) error\(rejected.errors.count == 1 ? "" : "s")")
            throw ExitStatus.configurationError
        } catch let error as StateError {
            printError("hark: \(error)")
            throw ExitStatus.configurationError
        }
    }
}
