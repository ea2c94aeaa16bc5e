import Foundation
import HarkCore
import HarkDeliver
public import HarkEndpoint
import HarkHTTP
import HarkListen
import HarkState
public import Logging
import ServiceLifecycle
import UnixSignals

/// `hark run`: the whole pipeline as services in one `ServiceGroup`, until SIGTERM or SIGINT.
///
/// ```
/// poll ──► inbox (SQLite) ──► process: label, pipeline, group ──► outbox (SQLite) ──► deliver
/// ```
/// Each arrow into SQLite is a commit, and each stage only removes what the next one has durably
/// taken, so a crash between any two steps neither loses a mention nor sends an alert twice (see
/// `ProcessService`). SIGHUP and file changes reload (`ReloadService`, `ConfigWatcher`); systemd is
/// told about all of it (`SystemdService`); the HTTP endpoint (`Endpoint`) shows metrics, health,
/// readiness and status; the `HealthBoard` notices sources hark is listening blind to.
///
/// Shutdown is graceful in reverse order of the services: systemd hears STOPPING, reloads stop,
/// polling stops starting rounds, processing finishes its batch, delivery drains what is due (at
/// most `deliveryDrain`) and is cancelled (what it had in flight stays pending), the endpoint closes
/// last. Past `gracefulShutdownLimit` the group cancels what is left.
public struct Daemon: Sendable {
    public let settings: DaemonSettings
    public let logger: Logger

    public init(settings: DaemonSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Loads the configuration and the state, then runs until a graceful shutdown completes.
    ///
    /// Throws `ConfigurationRejected` (with every error) when the configuration does not pass its
    /// checks, a `StateError` when the state cannot be opened, or what a service threw.
    public func run(onListening: @escaping @Sendable (EndpointAddress) async -> Void = { _ in }) async throws {
        let notifier = SystemdNotifier(environment: settings.environment)
        notifier.send(.status("loading configuration"))
        let configuration = try LoadedConfiguration.load(configDirectory: settings.configDirectory, generation: 1).get()
        for warning in configuration.warnings { logger.warning("\(warning.position): warning: \(warning.message)") }
        notifier.send(.status("opening state"))
        let store = try StateStore(directory: settings.stateDirectory)
        let http = CurlDriver()
        defer {
            http.shutdown()
            do {
                try store.close()
            } catch {
                logger.error("\(error)")
            }
        }
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let live = LiveConfiguration(configuration)
        let progress = LoopProgress()
        let factory = ReceiverFactory(
            driver: http, configDirectory: settings.configDirectory, stateDirectory: settings.stateDirectory,
            logger: Logger(label: "hark.deliver"))
        let slot = OutboxSlot(
            OutboxSlot.makeOutbox(for: configuration, factory: factory, store: store, logger: factory.logger),
            generation: configuration.generation)
        let poller = Poller(http: http, store: store, logger: Logger(label: "hark.poll"), queuesMentions: true)
        let metrics = HarkMetrics()
        let health = HealthBoard()
        let board = DaemonBoard()
        let sampler = MetricsSampler(store: store, slot: slot, metrics: metrics, logger: Logger(label: "hark.metrics"))

        // Graceful shutdown runs from the last service to the first.
        var services: [any Service] = []
        if let address = settings.httpAddress {
            let probe = DaemonProbe(
                settings: settings, live: live, store: store, slot: slot, progress: progress, board: board,
                healthBoard: health, sampler: sampler)
            services.append(
                Endpoint(
                    address: address, metrics: metrics, probe: probe, logger: Logger(label: "hark.http"),
                    onListening: onListening))
        }
        services += [
            DeliveryService(
                settings: settings, live: live, slot: slot, factory: factory, store: store, progress: progress,
                logger: Logger(label: "hark.deliver")),
            ProcessService(
                settings: settings, live: live, store: store, outbox: slot, progress: progress, health: health,
                metrics: metrics, board: board, logger: Logger(label: "hark.process")),
            PollService(
                live: live, poller: poller, progress: progress, health: health, metrics: metrics,
                logger: Logger(label: "hark.poll")),
            ReloadService(
                signals: hangups, settings: settings, live: live, notifier: notifier, metrics: metrics,
                watcher: settings.watchConfiguration
                    ? ConfigWatcher(directory: settings.configDirectory, logger: Logger(label: "hark.reload")) : nil,
                logger: Logger(label: "hark.reload")),
            SystemdService(
                notifier: notifier, settings: settings, live: live, store: store, progress: progress, board: board,
                sampler: sampler, logger: logger),
        ]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map {
                // A service that returns on its own (not during shutdown) is a bug: stop everything.
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "hark.lifecycle"))
        groupConfiguration.maximumGracefulShutdownDuration = settings.gracefulShutdownLimit
        try await ServiceGroup(configuration: groupConfiguration).run()
        logger.notice("stopped")
    }
}
