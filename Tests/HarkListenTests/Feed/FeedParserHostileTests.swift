import Foundation
import HarkCore
import HarkListen
import Testing

@Suite("Hostile and broken feeds")
struct FeedParserHostileTests {
    @Test func billionLaughsIsNeverExpanded() throws {
        let clock = ContinuousClock()
        var feed: ParsedFeed?
        let elapsed = try clock.measure { feed = try FeedFixture.parse("billion-laughs.xml") }
        let items = try #require(feed).items
        #expect(elapsed < .milliseconds(500))
        #expect(items.map(\.id) == ["laughs-1", "laughs-2"])
        #expect(items[0].title == "First &lol9;")
        #expect(items[0].text == "Payload: &lol9;")
        #expect(items[1].text == "Nothing to see here.")
        #expect(feed?.title == "Totally normal feed &lol9;")
        #expect(!items.contains { $0.text.contains("lollol") || ($0.title ?? "").contains("lollol") })
    }

    @Test func externalEntitiesAreNeverResolved() throws {
        let feed = try FeedFixture.parse("xxe.xml")
        #expect(feed.items.map(\.id) == ["xxe-1"])
        #expect(feed.items[0].title == "Read this &xxe;")
        #expect(feed.items[0].text == "&xxe;&remote;")
        #expect(!feed.items[0].text.contains("root:"))
    }

    @Test func truncatedFeedKeepsTheCompletedItems() throws {
        let feed = try FeedFixture.parse("truncated.xml")
        #expect(feed.items.map(\.id) == ["cut-1", "cut-2"])
        #expect(feed.items.map(\.text) == ["First complete item.", "Second complete item."])
        #expect(feed.warnings.count == 1)
        #expect(feed.warnings.first?.hasPrefix("line 19, column 53: document ends inside <description>") == true)
        #expect(feed.warnings.first?.hasSuffix("kept the 2 items completed before it") == true)
    }

    @Test func truncatedBeforeAnyItemIsAFailure() {
        let failure = FeedFixture.failure(of: Array("<rss><channel><title>x</title><item><title>y".utf8))
        #expect(failure?.message == "document ends inside <title>")
        #expect(failure?.location == "line 1, column 45")
    }

    @Test func invalidUTF8CostsOnlyTheBadBytes() throws {
        let feed = try FeedFixture.parse("invalid-utf8.xml")
        #expect(feed.items.map(\.id) == ["byte-1", "byte-2", "byte-3"])
        #expect(feed.items[1].title == "Broken \u{FFFD} byte")
        #expect(feed.items[1].text == "Caf\u{FFFD} au lait, \u{FFFD} truncated sequence.")
        #expect(feed.items[2].text == "Also clean.")
    }

    @Test func deepNestingStopsAtTheCapAndKeepsEarlierItems() throws {
        let feed = try FeedFixture.parse("deep-nesting.xml")
        #expect(feed.items.map(\.id) == ["deep-1"])
        #expect(feed.warnings.count == 1)
        #expect(feed.warnings.first?.contains("elements nested deeper than 256") == true)
        #expect(feed.warnings.first?.hasPrefix("line 6, column ") == true)
    }

    @Test func deepNestingWithNothingBeforeItFails() {
        let document = "<rss>" + String(repeating: "<x>", count: 100_000)
        let failure = FeedFixture.failure(of: Array(document.utf8))
        #expect(failure?.message == "elements nested deeper than 256")
        #expect(failure?.location == "line 1, column \(6 + 255 * 3)")
    }

    @Test func floodsOfMarkupProblemsStayCheap() throws {
        let stray = String(repeating: "</i>", count: 100_000)
        let namespaces = (0..<10_000).map { " xmlns:p\($0)=\"urn:p\($0)\"" }.joined()
        let elements = String(repeating: "<p9999:x/>", count: 10_000)
        let document = """
            <rss\(namespaces)><channel>\(elements)<item><guid>a</guid><title>t</title><description>x\(stray)</description>\
            </item></channel></rss>
            """
        let clock = ContinuousClock()
        var feed: ParsedFeed?
        let elapsed = try clock.measure { feed = try FeedParser.parse(Array(document.utf8), url: "https://x.example/") }
        #expect(elapsed < .seconds(10), "linear, not quadratic (which would take minutes)")
        #expect(feed?.items.map(\.text) == ["x"])
        #expect(feed?.warnings.count == 21)
        #expect(feed?.warnings.last == "99980 more markup problems recovered from")
    }

    @Test func htmlPageIsNotAFeed() throws {
        #expect(try FeedFixture.failure("html-page.html")?.message == "not a feed (looks like HTML)")
        let bare = FeedFixture.failure(of: Array("<html><body><p>moved</p></body></html>".utf8))
        #expect(bare?.message == "not a feed (looks like HTML)")
    }

    @Test func emptyDocumentsAreNotFeeds() throws {
        #expect(try FeedFixture.failure("empty.xml")?.message == "empty document")
        #expect(try FeedFixture.failure("whitespace.xml")?.message == "empty document")
        #expect(FeedFixture.failure(of: [0xEF, 0xBB, 0xBF])?.message == "empty document")
    }

    @Test func otherXMLIsNotAFeed() {
        let failure = FeedFixture.failure(of: Array("<?xml version=\"1.0\"?><svg><g/></svg>".utf8))
        #expect(failure?.message == "not a feed (the root element is <svg>)")
        #expect(FeedFixture.failure(of: Array("plain text".utf8)) != nil)
    }
}
