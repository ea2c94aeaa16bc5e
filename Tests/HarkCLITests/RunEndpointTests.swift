import Foundation
import Glibc
import HarkCore
import HarkHTTP
import HarkTestKit
import Synchronization
import Testing

/// `hark run` observed from outside, as Prometheus and an operator would: the HTTP endpoint, rule
/// edits picked up without a signal, and a source hark is listening blind to.
@Suite("hark run, observed", .serialized)
struct RunEndpointTests {
    func get(_ url: String, _ http: CurlDriver) async throws -> (status: Int, body: String) {
        let response = try await http.perform(HTTPRequest(url: url))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test("/metrics counts polls, mentions, deliveries and latency; /status shows the connector; /readyz is 200")
    func endpoint() async throws {
        let feed = try GrowingFeed(total: 6, perPoll: 3)
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }
        let http = CurlDriver()
        defer { http.shutdown() }

        let hark = try RunningHark(config.arguments)
        defer { hark.stop() }
        let base = try #require(await hark.endpoint(), "log:\n\(hark.stderr)")
        #expect(await RunningHark.waitUntil { Set(webhook.mentionIDs) == Set(feed.ids) }, "log:\n\(hark.stderr)")

        #expect(try await get(base + "/healthz", http).status == 200)
        #expect(try await get(base + "/readyz", http).status == 200)
        var metrics = ""
        // Delivered rows reach the histogram at the next sample (each scrape samples).
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            metrics = try await get(base + "/metrics", http).body
            if metrics.contains("hark_end_to_end_latency_seconds_count 6") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(metrics.contains("hark_end_to_end_latency_seconds_count 6"), "metrics:\n\(metrics)")
        #expect(metrics.contains(#"hark_polls_total{connector="feed"}"#))
        #expect(metrics.contains(#"hark_mentions_total{connector="feed"} 6"#))
        #expect(metrics.contains(#"hark_mention_labels_total{label="topic",value="billing"} 6"#))
        #expect(metrics.contains(#"hark_notifications_sent_total{receiver="hook"}"#))
        #expect(metrics.contains(#"hark_outbox_depth{receiver="hook"} 0"#))
        #expect(metrics.contains("hark_inbox_depth"))

        let status = try JSONParser.parse(try await get(base + "/status", http).body)
        let connector = try #require(status["connectors"]?.arrayValue?.first)
        #expect(connector["name"]?.stringValue == "feed")
        #expect(connector["health"]?.stringValue == "ok")
        #expect(connector["items"]?.intValue == 6)
        #expect(connector["last_success"]?.stringValue != nil)
        #expect(connector["lag_seconds"]?.doubleValue != nil)
        #expect(status["queues"]?["inbox"]?.intValue != nil)
        #expect(status["themes"]?["total"] != nil)

        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0, "log:\n\(hark.stderr)")
    }

    @Test("a rule edit takes effect without SIGHUP; a broken edit is rejected and the old rules keep working")
    func watchesRules() async throws {
        let feed = try ReleasedFeed()
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }
        let hark = try RunningHark(config.arguments)
        defer { hark.stop() }
        #expect(await hark.waitForLog("hark is running"))
        feed.release()
        #expect(await RunningHark.waitUntil { webhook.topics == ["billing"] }, "log:\n\(hark.stderr)")

        // An editor's way of saving: write a temporary file, rename it over the rule file.
        try RunConfig.rules(webhook: webhook.url, topic: "payments").write(
            toFile: config.rulesFile, atomically: true, encoding: .utf8)
        #expect(await hark.waitForLog("processing with configuration generation 2"), "log:\n\(hark.stderr)")
        #expect(hark.stderr.contains("trigger=\"a file changed\""))
        feed.release()
        #expect(await RunningHark.waitUntil { webhook.topics == ["billing", "payments"] }, "got \(webhook.topics)")

        try "topics:\n  - name: broken\n    query: '(charge*'\n".write(
            toFile: (config.rulesFolder as NSString).appendingPathComponent("zz-broken.yaml"), atomically: false,
            encoding: .utf8)
        #expect(await hark.waitForLog("configuration rejected"), "log:\n\(hark.stderr)")
        #expect(hark.stderr.contains("rules/zz-broken.yaml:3:"))
        #expect(hark.status == nil)
        #expect(!hark.stderr.contains("configuration generation 3"))
        feed.release()
        #expect(
            await RunningHark.waitUntil { webhook.topics == ["billing", "payments", "payments"] },
            "got \(webhook.topics)")
        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0)
    }
}

extension RunEndpointTests {
    @Test("a source that keeps failing raises one kind: health alert, shows in /status, and its recovery another")
    func listeningBlind() async throws {
        let feed = try ReleasedFeed()
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }
        let http = CurlDriver()
        defer { http.shutdown() }
        let hark = try RunningHark(config.arguments)
        defer { hark.stop() }
        let base = try #require(await hark.endpoint())

        feed.failing(true)
        let blind = await RunningHark.waitUntil(timeout: .seconds(60)) {
            webhook.healthAlerts.contains { $0["health"]?["status"]?.stringValue == "blind" }
        }
        #expect(blind, "log:\n\(hark.stderr)")
        let alert = try #require(webhook.healthAlerts.first)
        #expect(alert["kind"]?.stringValue == "health")
        #expect(alert["labels"]?["connector"]?.stringValue == "feed")
        #expect(alert["health"]?["problem"]?.stringValue == "failing")
        #expect(alert["health"]?["detail"]?.stringValue?.contains("HTTP 503") == true)
        #expect(hark.stderr.contains("listening blind"))
        let status = try JSONParser.parse(try await get(base + "/status", http).body)
        #expect(status["listening_blind"]?.arrayValue?.compactMap(\.stringValue) == ["feed"])
        #expect(status["connectors"]?.arrayValue?.first?["problem"]?.stringValue == "failing")
        let metrics = try await get(base + "/metrics", http).body
        #expect(metrics.contains(#"hark_connector_healthy{connector="feed"} 0"#))

        feed.failing(false)
        let recovered = await RunningHark.waitUntil(timeout: .seconds(60)) {
            webhook.healthAlerts.contains { $0["health"]?["status"]?.stringValue == "recovered" }
        }
        #expect(recovered, "log:\n\(hark.stderr)")
        #expect(webhook.healthAlerts.count == 2, "one alert per episode and one recovery")
        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0)
    }
}

/// A feed that lists a new item only when the test releases one.
final class ReleasedFeed: Sendable {
    let server: LoopbackHTTPServer
    private let released = Locked(0)
    private let broken = Locked(false)

    init() throws {
        server = try LoopbackHTTPServer()
        server.route("/feed.xml") { [released, broken] _ in
            if broken.value.withLock({ $0 }) { return .status(503) }
            let count = released.value.withLock { $0 }
            let items = (0..<count).reversed().map { index in
                "<item><guid>r-\(index)</guid><title>Post \(index)</title>"
                    + "<description>CineClub charged me twice for ticket \(index)</description></item>"
            }
            return .ok(
                "<rss version=\"2.0\"><channel><title>t</title>\(items.joined())</channel></rss>",
                contentType: "application/rss+xml")
        }
    }

    var url: String { server.url("/feed.xml") }
    func release() { released.value.withLock { $0 += 1 } }
    /// Makes the feed answer 503 (true) or its items again (false).
    func failing(_ on: Bool) { broken.value.withLock { $0 = on } }
}

extension RecordingWebhook {
    /// Every `kind: health` alert received, in order.
    var healthAlerts: [JSONValue] {
        notifications.flatMap { $0["alerts"]?.arrayValue ?? [] }.filter { $0["kind"]?.stringValue == "health" }
    }

    /// The `topic` label of every mention alert, in the order they arrived.
    var topics: [String] {
        notifications.flatMap { $0["alerts"]?.arrayValue ?? [] }.compactMap { $0["labels"]?["topic"]?.stringValue }
    }
}
