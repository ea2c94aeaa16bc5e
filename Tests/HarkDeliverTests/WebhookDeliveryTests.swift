import Foundation
import HarkCore
import HarkHTTP
import HarkState
import HarkTestKit
import Testing

@testable import HarkDeliver

/// Webhook and Slack receivers against a real loopback HTTP server, alone and through the outbox.
@Suite("Webhook and Slack delivery")
struct WebhookDeliveryTests {
    let position = SourcePosition(file: "rules/r.yaml", line: 1, column: 1)

    func webhook(_ url: String, hmac: String? = nil, name: String = "team") -> WebhookReceiver {
        let settings = WebhookSettings(
            url: SecretValue(.literal(url), at: position),
            headers: [("X-Team", SecretValue(.literal("billing"), at: position))],
            hmacSecret: hmac.map { SecretValue(.literal($0), at: position) }, timeout: .seconds(30))
        return WebhookReceiver(name: name, settings: settings, driver: CurlDriverHolder.shared)
    }

    @Test("POSTs the payload with the notification id and a signature the receiver can verify")
    func signedPost() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/hook") { _ in .status(204) }
        let sent = notification("n-1")
        try await webhook(server.url("/hook"), hmac: "shared-key").deliver(sent)

        let request = try #require(server.requests(to: "/hook").first)
        #expect(request.method == "POST")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("X-Hark-Notification-Id") == "n-1")
        #expect(request.header("X-Team") == "billing")
        #expect(try JSONParser.parse(request.body) == sent.payload)
        let expected = "sha256=" + HMACSHA256.authenticate(request.body, key: Array("shared-key".utf8)).hexString
        #expect(request.header("X-Hark-Signature") == expected)
    }

    @Test("a 4xx is permanent, a 5xx and 429 are retried with Retry-After; errors hide the URL's path")
    func classification() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/services/T0/B0/tOkEn404") { _ in .status(404, body: "no such hook") }
        server.route("/services/T0/B0/tOkEn429") { _ in .status(429, headers: ["Retry-After": "120"]) }
        do {
            try await webhook(server.url("/services/T0/B0/tOkEn404")).deliver(notification("n"))
            Issue.record("expected a failure")
        } catch {
            #expect(error.disposition == .permanent)
            #expect(error.message == "POST to \(server.baseURL)/… answered 404: no such hook")
            #expect(!error.description.contains("tOkEn"))
        }
        do {
            try await webhook(server.url("/services/T0/B0/tOkEn429")).deliver(notification("n"))
            Issue.record("expected a failure")
        } catch {
            #expect(error.disposition == .retry)
            #expect(error.retryAfter == .seconds(120))
        }
        // Nothing listens on a stopped server's port: a connection error, without the token either.
        let closed = try LoopbackHTTPServer()
        let url = closed.url("/services/T0/B0/tOkEnDown")
        closed.stop()
        do {
            try await webhook(url).deliver(notification("n"))
            Issue.record("expected a failure")
        } catch {
            #expect(error.disposition == .retry)
            #expect(!error.description.contains("tOkEn"), "\(error)")
        }
    }

    @Test("a receiver failing for a while is retried and gets each notification exactly once")
    func flakyThroughOutbox() async throws {
        try await withTemporaryDirectory { directory in
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            server.routeFailing("/hook", first: 3, with: .status(503, body: "maintenance"), then: .status(200))
            let store = try StateStore(directory: directory)
            let outbox = Outbox(
                store: store, receivers: [webhook(server.url("/hook"))], policies: ["team": quickRetry])
            try await running(outbox) {
                let first = try outbox.enqueue(notification("a"))
                let second = try outbox.enqueue(notification("b"))
                let again = try outbox.enqueue(notification("a"))
                #expect(first && second)
                #expect(!again, "the same id is stored once")
                await eventually("both delivered") { outbox.metrics()["team"]?.delivered == 2 }
            }
            let ids = server.requests(to: "/hook").filter { _ in true }.compactMap {
                $0.header("X-Hark-Notification-Id")
            }
            #expect(ids.count == 5, "three failures, then one success each: \(ids)")
            #expect(Set(ids.suffix(2)) == ["a", "b"])
            #expect(try store.outboxRecord(receiver: "team", id: "a")?.status == .delivered)
            #expect(outbox.metrics()["team"]?.failedAttempts == 3)
        }
    }

    @Test("a hanging receiver does not hold up another")
    func isolation() async throws {
        try await withTemporaryDirectory { directory in
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            server.route("/slow") { _ in .hang }
            server.route("/fast") { _ in .status(200) }
            let store = try StateStore(directory: directory)
            let outbox = Outbox(
                store: store,
                receivers: [webhook(server.url("/slow"), name: "slow"), webhook(server.url("/fast"), name: "fast")])
            try await running(outbox) {
                try outbox.enqueue(notification("s1", receiver: "slow"))
                _ = await server.waitForRequests(1, timeout: .seconds(60))
                for index in 1...3 { try outbox.enqueue(notification("f\(index)", receiver: "fast")) }
                await eventually("fast receiver served") { outbox.metrics()["fast"]?.delivered == 3 }
            }
            #expect(try store.outboxRecord(receiver: "slow", id: "s1")?.status == .pending, "cancelled, not failed")
        }
    }

    @Test("Slack gets blocks, from a URL read from a credential file")
    func slack() async throws {
        try await withTemporaryDirectory { directory in
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            server.route("/services/T1/B1/xyz") { _ in .ok("ok") }
            let credential = directory + "/slack-url"
            try (server.url("/services/T1/B1/xyz") + "\n").write(toFile: credential, atomically: true, encoding: .utf8)
            let receiver = SlackReceiver(
                name: "frontline",
                settings: SlackSettings(
                    webhookURL: SecretValue(.file(credential), at: position), timeout: .seconds(30)),
                renderer: MessageRenderer(templates: nil), driver: CurlDriverHolder.shared)
            try await receiver.deliver(
                notification("n", receiver: "frontline", payload: mentionPayload(receiver: "frontline")))
            let request = try #require(server.requests.first)
            let message = try JSONParser.parse(request.body)
            #expect(message["blocks"]?.arrayValue?.first?["type"] == "header")
            #expect(
                message["blocks"]?.arrayValue?[1]["text"]?["text"]?.stringValue?.contains(
                    "*Negative mention about billing on appstore*") == true)

            let missing = SlackReceiver(
                name: "frontline",
                settings: SlackSettings(
                    webhookURL: SecretValue(.environment("HARK_TEST_NO_SUCH_VARIABLE"), at: position),
                    timeout: .seconds(5)),
                renderer: MessageRenderer(templates: nil), driver: CurlDriverHolder.shared)
            await #expect(throws: DeliveryError.self) { try await missing.deliver(notification("n")) }
        }
    }
}
