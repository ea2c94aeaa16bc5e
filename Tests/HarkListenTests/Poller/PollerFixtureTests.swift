import Foundation
import HarkCore
import HarkListen
import HarkTestKit
import Testing

/// Every connector type end to end: its real-format fixture served over loopback HTTP, fetched by
/// the curl driver, parsed, de-duplicated and recorded by the poller.
@Suite("Poller over fixtures")
struct PollerFixtureTests {
    @Test(
        "each HTTP connector type yields mentions from its fixture over loopback",
        arguments: [
            ("feed", "feeds/rss20.xml", "application/rss+xml", SourceKind.rss),
            ("feed", "feeds/atom.xml", "application/atom+xml", SourceKind.atom),
            ("feed", "feeds/feed.json", "application/feed+json", SourceKind.jsonfeed),
            ("feed", "feeds/rss10.rdf", "application/rdf+xml", SourceKind.rss),
            ("appstore", "appstore/reviews.json", "application/json", SourceKind.appstore),
            ("reddit", "reddit/new.json", "application/json", SourceKind.reddit),
            ("hackernews", "hackernews/search.json", "application/json", SourceKind.hackernews),
            ("mastodon", "mastodon/tag-timeline.json", "application/json", SourceKind.mastodon),
        ])
    func connectorTypes(type: String, path: String, contentType: String, sourceKind: SourceKind) async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let body = try HarkListenTests.fixture(path)
        server.route("/doc") { _ in .ok(body, contentType: contentType) }
        let source = try connector("name: src\ntype: \(type)\nurl: \(server.url("/doc"))\ntags: [t]\n")
        let report = await fixture.poller.poll(source)
        #expect(report.failure == nil, "\(String(describing: report.failure))")
        #expect(!report.newMentions.isEmpty)
        for mention in report.newMentions {
            #expect(mention.connector == "src")
            #expect(!mention.id.isEmpty)
            #expect(mention.tags.contains("t"))
            #expect(!mention.text.contains("<p>"))
        }
        #expect(report.newMentions.allSatisfy { $0.source == sourceKind })
        // The same document again: nothing new.
        #expect(await fixture.poller.poll(source).newMentions.isEmpty)
    }

    @Test("hostile and broken feed documents over loopback: no expansion, good items kept")
    func hostileDocuments() async throws {
        let fixture = try PollerFixture()
        defer { fixture.tearDown() }
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        for name in ["billion-laughs.xml", "xxe.xml", "invalid-utf8.xml", "truncated.xml", "rss20.xml"] {
            let body = try HarkListenTests.fixture("feeds/" + name)
            server.route("/" + name) { _ in .ok(body, contentType: "application/rss+xml") }
        }
        // A feed served with a wrong content type is still a feed: the format is read from the body.
        let wrongType = try HarkListenTests.fixture("feeds/rss20.xml")
        server.route("/wrong-type") { _ in .ok(wrongType, contentType: "application/octet-stream") }
        server.route("/gone") { _ in .status(404, body: "no such feed") }

        func poll(_ path: String) async throws -> Poller.Report {
            let name = path.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "/", with: "")
            return await fixture.poller.poll(try connector("name: \(name)\ntype: feed\nurl: \(server.url(path))\n"))
        }

        let laughs = try await poll("/billion-laughs.xml")
        #expect(laughs.failure == nil)
        #expect(laughs.newMentions.count == 2)
        #expect(laughs.newMentions.allSatisfy { $0.text.count < 1000 && !$0.text.contains("lollol") })

        let xxe = try await poll("/xxe.xml")
        #expect(xxe.newMentions.allSatisfy { !$0.text.contains("root:") })

        let invalid = try await poll("/invalid-utf8.xml")
        #expect(invalid.failure == nil)
        #expect(invalid.newMentions.count == 3)
        #expect(invalid.newMentions.contains { $0.text.contains("\u{FFFD}") || $0.title?.contains("\u{FFFD}") == true })

        let truncated = try await poll("/truncated.xml")
        #expect(truncated.failure == nil)
        #expect(!truncated.newMentions.isEmpty)
        #expect(!truncated.warnings.isEmpty)

        let wrong = try await poll("/wrong-type")
        #expect(wrong.failure == nil)
        #expect(wrong.newMentions.count == (try await poll("/rss20.xml")).newMentions.count)

        let gone = try await poll("/gone")
        #expect(gone.failure?.status == 404)
        #expect(gone.failure?.message.contains("no such feed") == true)
    }
}
