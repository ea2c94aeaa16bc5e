import HarkCore
import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// The daemon's HTTP endpoint as a service of its `ServiceGroup`: `/metrics` (Prometheus text),
/// `/healthz`, `/readyz` and `/status` (JSON).
///
/// Read-only and small on purpose: nothing here changes hark, so exposing it cannot be used to
/// steer the daemon, and every answer is computed from values the daemon already keeps.
public struct Endpoint: Service {
    public let address: EndpointAddress
    public let metrics: HarkMetrics
    public let probe: any EndpointProbe
    public let logger: Logger
    /// Told the bound address once the server listens (the port when `address.port` is 0).
    public let onListening: @Sendable (EndpointAddress) async -> Void

    public init(
        address: EndpointAddress, metrics: HarkMetrics, probe: any EndpointProbe, logger: Logger,
        onListening: @escaping @Sendable (EndpointAddress) async -> Void = { _ in }
    ) {
        self.address = address
        self.metrics = metrics
        self.probe = probe
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until a graceful shutdown (or cancellation) of the group; throws when the address
    /// cannot be bound, which stops the daemon with the reason rather than running unobserved.
    public func run() async throws {
        let router = Router()
        let metrics = metrics
        let probe = probe
        router.get("metrics") { _, _ in
            probe.willRenderMetrics()
            return Self.response(.ok, metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("healthz") { _, _ in Self.probeResponse(probe.health()) }
        router.get("readyz") { _, _ in Self.probeResponse(probe.readiness()) }
        router.get("status") { _, _ in
            Self.response(.ok, JSONWriter.string(probe.status()) + "\n", contentType: "application/json")
        }
        let address = address
        let onListening = onListening
        let logger = logger
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: "hark"),
            onServerRunning: { channel in
                let bound = EndpointAddress(host: address.host, port: channel.localAddress?.port ?? address.port)
                logger.notice("http endpoint listening", metadata: ["address": "\(bound)"])
                await onListening(bound)
            },
            logger: logger)
        try await app.run()
    }

    private static func probeResponse(_ result: ProbeResult) -> Response {
        response(
            result.passing ? .ok : .serviceUnavailable, JSONWriter.string(result.detail) + "\n",
            contentType: "application/json")
    }

    private static func response(_ status: HTTPResponse.Status, _ body: String, contentType: String) -> Response {
        Response(
            status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBufferAllocator().buffer(string: body)))
    }
}
