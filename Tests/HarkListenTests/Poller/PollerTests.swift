import Foundation
import HarkCore
import HarkHTTP
import HarkListen
import HarkState
import HarkTestKit
import Synchronization
import Testing

/// The poller end to end: real loopback servers, the real curl driver, a real SQLite state file.
@Suite("Poller")
struct PollerTests {
    @Test("a conditional GET sends the stored validators and a 304 yields nothing new")
    func conditionalGet() async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let body = rssDocument(items: [1, 2, 3])
        server.route("/feed.xml") { request in
            .conditional(
                request: request, body: body, etag: "\"v1\"", lastModified: "Sun, 22 Nov 2026 10:00:00 GMT",
                contentType: "application/rss+xml")
        }
        let blog = try connector("name: blog\ntype: feed\nurl: \(server.url("/feed.xml"))\n")

        let first = await fixture.poller.poll(blog)
        #expect(first.failure == nil)
        #expect(first.newMentions.map(\.id) == ["post-1", "post-2", "post-3"])
        #expect(first.newMentions.first?.text == "Check in failed for post 1 & more")
        #expect(first.state?.etag == "\"v1\"")

        let second = await fixture.poller.poll(blog)
        #expect(second.notModified)
        #expect(second.newMentions.isEmpty)
        let requests = server.requests(to: "/feed.xml")
        #expect(requests.count == 2)
        #expect(requests[0].header("If-None-Match") == nil)
        #expect(requests[1].header("If-None-Match") == "\"v1\"")
        #expect(requests[1].header("If-Modified-Since") == "Sun, 22 Nov 2026 10:00:00 GMT")
    }

    @Test("mentions already emitted are never emitted again, also after a restart")
    func deduplicationSurvivesRestart() async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let items = Mutex([1, 2])
        server.route("/feed.xml") { _ in .ok(rssDocument(items: items.withLock { $0 }), contentType: "application/rss+xml") }
        let blog = try connector("name: blog\ntype: feed\nurl: \(server.url("/feed.xml"))\n")

        #expect(await fixture.poller.poll(blog).newMentions.count == 2)
        let restarted = try fixture.reopened()
        #expect(await restarted.poll(blog).newMentions.isEmpty)
        items.withLock { $0 = [1, 2, 3] }
        let third = await restarted.poll(blog)
        #expect(third.newMentions.map(\.id) == ["post-3"])
        #expect(third.fetched == 3)
        #expect(try fixture.store.sourceState("blog")?.totalNew == 3)
    }

    @Test("a failing source is reported by name and URL, backs off, and honours Retry-After")
    func failureIsReportedAndScheduled() async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/busy") { _ in .status(429, headers: ["Retry-After": "3600"], body: "slow down") }
        let busy = try connector("name: busy\ntype: feed\nurl: \(server.url("/busy"))\nevery: 1m\n")
        let before = Date()
        let report = await fixture.poller.poll(busy)
        let failure = try #require(report.failure)
        #expect(failure.connector == "busy")
        #expect(failure.url == server.url("/busy"))
        #expect(failure.status == 429)
        #expect(failure.message.contains("HTTP 429"))
        #expect(failure.description.contains("busy") && failure.description.contains(server.url("/busy")))
        let state = try #require(try fixture.store.sourceState("busy"))
        #expect(state.consecutiveFailures == 1)
        #expect(state.nextDue!.timeIntervalSince(before) >= 3599)
        #expect(state.lastError?.contains("429") == true)
    }

    @Test("RSS ttl is stored and stretches the schedule")
    func ttlIsHonoured() async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/feed.xml") { _ in .ok(rssDocument(items: [1], ttl: 120), contentType: "application/rss+xml") }
        let blog = try connector("name: blog\ntype: feed\nurl: \(server.url("/feed.xml"))\nevery: 5m\n")
        let before = Date()
        let report = await fixture.poller.poll(blog)
        #expect(report.failure == nil)
        #expect(report.state?.ttlSeconds == 7200)
        #expect(report.state!.nextDue!.timeIntervalSince(before) >= 7200 * 0.9)
    }

    @Test("a mention dated far in the future is clamped to the fetch time and reported")
    func futureDatesAreClamped() async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let document = rssDocument(items: [1]).replacingOccurrences(of: "2026", with: "2099")
        server.route("/feed.xml") { _ in .ok(document, contentType: "application/rss+xml") }
        let blog = try connector("name: blog\ntype: feed\nurl: \(server.url("/feed.xml"))\n")
        let report = await fixture.poller.poll(blog)
        let mention = try #require(report.newMentions.first)
        #expect(abs(mention.publishedAt.timeIntervalSinceNow) < 600)
        #expect(report.warnings.contains { $0.contains("future") })
    }

    @Test("pollAll keeps every good source's mentions while bad ones fail by name")
    func badSourcesDoNotStopGoodOnes() async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/good.xml") { _ in .ok(rssDocument(items: [1, 2, 3, 4]), contentType: "application/rss+xml") }
        server.route("/html") { _ in .ok("<!doctype html><html><body>Not a feed</body></html>", contentType: "text/html") }
        server.route("/500") { _ in .status(500, body: "internal error") }
        server.route("/empty") { _ in .ok("", contentType: "application/rss+xml") }
        server.route("/bomb") { _ in .gzipBomb(decompressedBytes: 1 << 30, contentType: "application/rss+xml") }
        server.route("/endless") { _ in .endless("<item><title>again</title></item>", contentType: "application/rss+xml") }
        server.route("/drip") { _ in
            Reply.ok(rssDocument(items: [9]), contentType: "application/rss+xml")
                .behaving(.drip(bytesPerInterval: 1, interval: .seconds(2)))
        }
        server.route("/hang") { _ in .hang }
        server.route("/loop") { _ in .redirect(to: "/loop") }
        server.route("/to-file") { _ in .redirect(to: "file:///etc/passwd") }
        server.route("/truncated") { _ in
            Reply.ok(rssDocument(items: [5, 6]), contentType: "application/rss+xml").behaving(.truncated(afterBytes: 40))
        }
        server.route("/wrong-json") { _ in .json("[1, 2, 3]") }
        let limits = "timeout: 4s\nstall_timeout: 1s\nmax_bytes: 2MB\n"
        var connectors = [try connector("name: good\ntype: feed\nurl: \(server.url("/good.xml"))\n")]
        let bad = ["html", "500", "empty", "bomb", "endless", "drip", "hang", "loop", "to-file", "truncated"]
        for path in bad {
            connectors.append(try connector("name: bad-\(path)\ntype: feed\nurl: \(server.url("/\(path)"))\n" + limits))
        }
        connectors.append(try connector("name: bad-wrong-json\ntype: reddit\nurl: \(server.url("/wrong-json"))\n" + limits))

        let reports = await fixture.poller.pollAll(connectors)
        #expect(reports.map(\.connector) == connectors.map(\.definition.name))
        #expect(reports[0].failure == nil)
        #expect(reports[0].newMentions.count == 4)
        for report in reports.dropFirst() {
            let failure = try #require(report.failure, "\(report.connector) should fail")
            #expect(failure.connector == report.connector)
            #expect(failure.description.contains(report.connector))
            #expect(report.newMentions.isEmpty)
        }
        let byName = Dictionary(uniqueKeysWithValues: reports.map { ($0.connector, $0.failure) })
        #expect(byName["bad-bomb"]??.transferKind == .tooLarge)
        #expect(byName["bad-endless"]??.transferKind == .tooLarge || byName["bad-endless"]??.transferKind == .timeout)
        #expect([.stalled, .timeout].contains(byName["bad-drip"]??.transferKind))
        #expect([.stalled, .timeout].contains(byName["bad-hang"]??.transferKind))
        #expect(byName["bad-loop"]??.transferKind == .tooManyRedirects)
        #expect(byName["bad-to-file"]??.transferKind == .unsupportedProtocol)
        #expect(byName["bad-500"]??.status == 500)
        #expect(byName["bad-html"]??.message.contains("HTML") == true)
        #expect(byName["bad-empty"]??.message.contains("empty") == true)
        #expect(byName["bad-wrong-json"]??.message.isEmpty == false)
        // Every failure was recorded for back-off; the good source's mentions are durable.
        #expect(try fixture.store.sourceStates().filter { $0.consecutiveFailures > 0 }.count == bad.count + 1)
        #expect(try fixture.store.inboxCount() == 4)
    }
}
