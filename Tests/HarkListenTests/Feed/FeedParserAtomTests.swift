import Foundation
import HarkCore
import HarkListen
import Testing

@Suite("Atom 1.0")
struct FeedParserAtomTests {
    let feed: ParsedFeed

    init() throws {
        feed = try FeedFixture.parse("atom.xml", url: "https://blog.example.org/news/atom.xml")
    }

    @Test func feedFacts() {
        #expect(feed.kind == .atom)
        #expect(feed.title == "Skyline Airways Newsroom")
        #expect(feed.link == "https://blog.example.org/news/")
        #expect(feed.language == "en")
        #expect(feed.ttl == nil)
        #expect(feed.warnings.isEmpty)
        #expect(feed.items.count == 4)
    }

    @Test func xhtmlContentAndTheHTMLAlternateLinkAmongMany() {
        #expect(
            feed.items[0]
                == FeedItem(
                    id: "tag:blog.example.org,2026:entry-77",
                    url: "https://blog.example.org/news/2026/11/check-in-outage.html", author: "Dana Whitfield",
                    title: "Check-in app outage resolved",
                    text: "The check-in app was unavailable for 40 minutes. Use <Manage booking> if it happens again.",
                    published: utc(2026, 11, 21, 8, 45)))
    }

    @Test func nestedXMLBaseLanguageAndFeedAuthor() {
        #expect(
            feed.items[1]
                == FeedItem(
                    id: "tag:blog.example.org,2026:entry-78", url: "https://blog.example.org/archive/lounge-muenchen",
                    author: "Skyline Press Office", title: "Neue Lounge in München", text: "Ab Dezember geöffnet.",
                    published: utc(2026, 11, 20, 8, 0).addingTimeInterval(0.25), language: "de"))
    }

    @Test func textConstructsStayLiteral() {
        #expect(
            feed.items[2]
                == FeedItem(
                    id: "tag:blog.example.org,2026:entry-79", url: "https://elsewhere.example.com/crew",
                    author: "Skyline Press Office", title: "Why we <3 our crew",
                    text: "Plain text content: a <b> is not a tag here.", published: utc(2026, 11, 20, 0, 30)))
    }

    @Test func outOfLineContentFallsBackToSummary() {
        #expect(
            feed.items[3]
                == FeedItem(
                    id: "tag:blog.example.org,2026:entry-80", url: "https://blog.example.org/reports/2026",
                    author: "Skyline Press Office", title: "Annual report", text: "Our annual report is out.",
                    published: utc(2026, 11, 18, 12, 0)))
    }
}

@Suite("JSON Feed 1.1")
struct FeedParserJSONFeedTests {
    let feed: ParsedFeed

    init() throws {
        feed = try FeedFixture.parse("feed.json", url: "https://pixel-bakery.example/feed.json")
    }

    @Test func feedFacts() {
        #expect(feed.kind == .jsonfeed)
        #expect(feed.title == "Pixel Bakery Notes")
        #expect(feed.link == "https://pixel-bakery.example/")
        #expect(feed.language == "en-US")
        #expect(feed.warnings == ["item 4: no title and no text; skipped"])
    }

    @Test func items() {
        #expect(
            feed.items == [
                FeedItem(
                    id: "https://pixel-bakery.example/notes/sourdough",
                    url: "https://pixel-bakery.example/notes/sourdough", author: "Lena", title: "Sourdough Saturdays",
                    text: "Fresh sourdough every Saturday & Sunday.", published: utc(2026, 11, 21, 12, 0)),
                FeedItem(
                    id: "42", url: "https://pixel-bakery.example/notes/42", author: "Pixel Bakery",
                    text: "We're closed on Monday for maintenance. See you Tuesday!",
                    published: utc(2026, 11, 20, 12, 30)),
                FeedItem(
                    id: "pan-dulce", author: "Pixel Bakery", title: "Pan dulce",
                    text: "Llega el pan dulce de temporada.",
                    published: utc(2026, 11, 19, 9, 0), language: "es"),
            ])
    }

    @Test func jsonWithoutAJSONFeedVersionIsNotAFeed() {
        let failure = FeedFixture.failure(of: Array(#"{"items": []}"#.utf8))
        #expect(failure?.message == #"not a feed (JSON without a jsonfeed.org "version")"#)
    }

    @Test func brokenJSONIsLocated() {
        let failure = FeedFixture.failure(
            of: Array("{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": [}".utf8))
        #expect(failure?.location?.hasPrefix("line 3, column ") == true)
    }
}
