public import Foundation
public import HarkEndpoint

/// What `hark run` is told: where configuration and state live, and the daemon's pacing.
///
/// A plain value so tests can build one with short intervals; every knob has a default that suits
/// a daemon under systemd.
public struct DaemonSettings: Sendable {
    /// The directory holding `connectors/` and `rules/`.
    public var configDirectory: String
    /// The state directory (`hark.sqlite`, the process journal, `file` receivers' output).
    public var stateDirectory: String
    /// Inbox entries read, labelled and processed together; large enough to keep every core busy
    /// while labelling, small enough that a reload or shutdown never waits long for a batch.
    public var batchSize = 256
    /// How long the process loop sleeps when the inbox is empty and no group is due.
    public var idlePause: Duration = .milliseconds(250)
    /// How often the pipeline's clock is moved on without a mention (silences, due groups).
    public var advanceInterval: Duration = .seconds(10)
    /// How often a `STATUS=` line goes to systemd.
    public var statusInterval: Duration = .seconds(15)
    /// How long a loop may go without an iteration before the watchdog stops being fed.
    public var stallLimit: Duration = .seconds(120)
    /// How long a graceful shutdown may take before the service group cancels what is left.
    public var gracefulShutdownLimit: Duration = .seconds(20)
    /// On SIGTERM, how long delivery may go on sending what is already due before it is cancelled
    /// (what is left stays pending for the next start). Well inside `gracefulShutdownLimit`.
    public var deliveryDrain: Duration = .seconds(5)
    /// Where the HTTP endpoint listens (`/metrics`, `/healthz`, `/readyz`, `/status`); nil for none.
    public var httpAddress: EndpointAddress? = .standard
    /// Whether edits under `rules/` and `connectors/` reload the configuration (inotify) without SIGHUP.
    public var watchConfiguration = true
    /// The environment (`NOTIFY_SOCKET`, `WATCHDOG_USEC`), injected for tests.
    public var environment: [String: String]

    /// Settings for a configuration and a state directory, with the defaults above.
    public init(
        configDirectory: String, stateDirectory: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configDirectory = configDirectory
        self.stateDirectory = stateDirectory
        self.environment = environment
    }
}
