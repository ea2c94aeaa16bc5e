import Foundation
import HarkCore
import HarkEndpoint
import HarkHTTP
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The endpoint served for real on loopback and asked over HTTP with hark's own curl driver.
@Suite("HTTP endpoint")
struct EndpointTests {
    /// A probe whose answers the test sets.
    final class SettableProbe: EndpointProbe {
        let healthy = Mutex(true)
        let ready = Mutex(true)
        let renders = Mutex(0)

        func health() -> ProbeResult {
            let passing = healthy.withLock { $0 }
            return ProbeResult(passing: passing, detail: ["status": .string(passing ? "ok" : "stalled")])
        }

        func readiness() -> ProbeResult {
            let passing = ready.withLock { $0 }
            return ProbeResult(passing: passing, detail: ["status": .string(passing ? "ready" : "stopping")])
        }

        func status() -> JSONValue {
            ["connectors": .array([["name": "feed", "items": 3]])]
        }

        func willRenderMetrics() { renders.withLock { $0 += 1 } }
    }

    /// Runs an endpoint on a free loopback port while `body` talks to it, then shuts it down.
    func withEndpoint(
        metrics: HarkMetrics, probe: SettableProbe, _ body: (String, CurlDriver) async throws -> Void
    ) async throws {
        let bound = AsyncStream<EndpointAddress>.makeStream()
        let endpoint = Endpoint(
            address: EndpointAddress(host: "127.0.0.1", port: 0), metrics: metrics, probe: probe,
            logger: Logger(label: "test")
        ) { address in bound.continuation.yield(address) }
        let group = ServiceGroup(services: [endpoint], logger: Logger(label: "test"))
        let http = CurlDriver()
        defer { http.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = bound.stream.makeAsyncIterator()
            let address = try #require(await iterator.next())
            #expect(address.port > 0)
            try await body("http://\(address)", http)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func get(_ url: String, _ http: CurlDriver) async throws -> HTTPResponse {
        try await http.perform(HTTPRequest(url: url))
    }

    @Test("/metrics is Prometheus text with what the daemon counted, and a latency histogram")
    func metrics() async throws {
        let metrics = HarkMetrics()
        let probe = SettableProbe()
        metrics.polled(connector: "feed", failed: false)
        metrics.polled(connector: "feed", failed: true)
        metrics.mentionProcessed(connector: "feed", labels: [("topic", "billing"), ("sentiment", "negative")])
        metrics.outboxDepth(4, receiver: "hook")
        metrics.delivery(receiver: "hook", sent: 2, failed: 1, failedAttempts: 3)
        metrics.reloaded(ok: false)
        metrics.endToEndLatency(seconds: 3)
        metrics.endToEndLatency(seconds: 12)
        try await withEndpoint(metrics: metrics, probe: probe) { base, http in
            let response = try await get(base + "/metrics", http)
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.contains(#"hark_polls_total{connector="feed"} 2"#))
            #expect(text.contains(#"hark_fetch_errors_total{connector="feed"} 1"#))
            #expect(text.contains(#"hark_mention_labels_total{label="topic",value="billing"} 1"#))
            #expect(text.contains(#"hark_outbox_depth{receiver="hook"} 4"#))
            #expect(text.contains(#"hark_notifications_sent_total{receiver="hook"} 2"#))
            #expect(text.contains(#"hark_notifications_failed_total{receiver="hook"} 1"#))
            #expect(text.contains(#"hark_config_reloads_total{outcome="rejected"} 1"#))
            #expect(text.contains(#"hark_config_reloads_total{outcome="ok"} 0"#))
            #expect(text.contains(#"hark_end_to_end_latency_seconds_bucket{le="5.0"} 1"#))
            #expect(text.contains(#"hark_end_to_end_latency_seconds_bucket{le="15.0"} 2"#))
            #expect(text.contains("hark_end_to_end_latency_seconds_count 2"))
            #expect(probe.renders.withLock { $0 } == 1)
        }
    }

    @Test("/healthz and /readyz answer 200 while passing and 503 when not; /status is the probe's JSON")
    func probes() async throws {
        let probe = SettableProbe()
        try await withEndpoint(metrics: HarkMetrics(), probe: probe) { base, http in
            #expect(try await get(base + "/healthz", http).status == 200)
            #expect(try await get(base + "/readyz", http).status == 200)
            probe.ready.withLock { $0 = false }
            let notReady = try await get(base + "/readyz", http)
            #expect(notReady.status == 503)
            #expect(try JSONParser.parse(notReady.body)["status"]?.stringValue == "stopping")
            probe.healthy.withLock { $0 = false }
            #expect(try await get(base + "/healthz", http).status == 503)

            let status = try await get(base + "/status", http)
            #expect(status.status == 200)
            #expect(status.headers["Content-Type"] == "application/json")
            let json = try JSONParser.parse(status.body)
            #expect(json["connectors"]?.arrayValue?.first?["items"]?.doubleValue == 3)
            #expect(try await get(base + "/nothing", http).status == 404)
        }
    }

    @Test("--http values: host and port, IPv6 in brackets, a bare port on loopback, off")
    func addresses() throws {
        #expect(try EndpointAddress.parse("127.0.0.1:9464") == EndpointAddress(host: "127.0.0.1", port: 9464))
        #expect(try EndpointAddress.parse("[::1]:80") == EndpointAddress(host: "::1", port: 80))
        #expect(try EndpointAddress.parse(":9000") == EndpointAddress(host: "127.0.0.1", port: 9000))
        #expect(try EndpointAddress.parse("off") == nil)
        #expect(EndpointAddress(host: "::1", port: 80).description == "[::1]:80")
        #expect(throws: InvalidEndpointAddress.self) { try EndpointAddress.parse("localhost") }
        #expect(throws: InvalidEndpointAddress.self) { try EndpointAddress.parse("127.0.0.1:99999") }
    }
}
