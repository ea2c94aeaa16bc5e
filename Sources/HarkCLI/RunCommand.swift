import ArgumentParser
import HarkCore
import HarkEndpoint
import HarkService
import HarkState
import Logging

/// `hark run`: the daemon. Only wiring; the daemon itself is `HarkService.Daemon`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll, classify, route and deliver until SIGTERM.",
        discussion: """
            Reloads the configuration on SIGHUP and when a file under rules/ or connectors/ changes; a \
            configuration with errors is rejected with the messages `hark check` prints and the daemon \
            keeps the last good one. Serves /metrics (Prometheus), /healthz, /readyz and /status (JSON) \
            on --http (default 127.0.0.1:9464, loopback only; `--http off` for none). Speaks systemd's \
            notify protocol when NOTIFY_SOCKET is set. Logs go to stderr, one event per line.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var stateOptions: StateOptions
    @OptionGroup var logOptions: LogOptions
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Address of the HTTP endpoint (/metrics, /healthz, /readyz, /status), or 'off'.", valueName: "host:port"))
    var http: String = EndpointAddress.standard.description
    @Flag(name: .long, help: "Do not reload when files under rules/ or connectors/ change (SIGHUP still reloads).")
    var noWatch = false

    func validate() throws {
        do {
            _ = try EndpointAddress.parse(http)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        StderrLogHandler.bootstrap(level: logOptions.logLevel)
        var settings = DaemonSettings(configDirectory: configOptions.directory, stateDirectory: stateOptions.directory)
        settings.httpAddress = try? EndpointAddress.parse(http)
        settings.watchConfiguration = !noWatch
        let daemon = Daemon(settings: settings, logger: Logger(label: "hark"))
        do {
            try await daemon.run()
        } catch let rejected as ConfigurationRejected {
            for error in rejected.errors { printError(error.description) }
            printError(
                "hark: configuration rejected with \(rejected.errors.count) error\(rejected.errors.count == 1 ? "" : "s")"
            )
            throw ExitStatus.configurationError
        } catch let error as StateError {
            printError("hark: \(error)")
            throw ExitStatus.configurationError
        }
    }
}
