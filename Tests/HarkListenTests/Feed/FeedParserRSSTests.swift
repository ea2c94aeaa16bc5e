import Foundation
import HarkCore
import HarkListen
import Testing

@Suite("RSS 0.91, 1.0 and 2.0")
struct FeedParserRSSTests {
    @Test func rss091ResolvesRelativeLinksAndUsesThemAsIds() throws {
        let feed = try FeedFixture.parse("rss091.xml", url: "http://harbour-coffee.example/feeds/rss091.xml")
        #expect(feed.kind == .rss)
        #expect(feed.title == "Harbour Coffee Roasters")
        #expect(feed.link == "http://harbour-coffee.example/")
        #expect(feed.language == "en-US")
        #expect(feed.ttl == nil)
        #expect(feed.warnings.isEmpty)
        #expect(
            feed.items == [
                FeedItem(
                    id: "http://harbour-coffee.example/news/winter-blend",
                    url: "http://harbour-coffee.example/news/winter-blend", title: "Winter blend is back",
                    text: "Our winter blend returns to all stores on Monday."),
                FeedItem(
                    id: "http://harbour-coffee.example/feeds/news/card-machines",
                    url: "http://harbour-coffee.example/feeds/news/card-machines",
                    title: "Card machines down in the Quay shop",
                    text: "Cash only at the Quay until the engineer arrives. Sorry!"),
            ])
    }

    @Test func rss10ReadsRDFItemsBesideTheChannelWhateverThePrefixes() throws {
        let feed = try FeedFixture.parse("rss10.rdf", url: "https://forum.example.net/rss")
        #expect(feed.kind == .rss)
        #expect(feed.title == "Tram Users Forum")
        #expect(feed.link == "https://forum.example.net/")
        #expect(feed.language == "en-GB")
        #expect(
            feed.items == [
                FeedItem(
                    id: "https://forum.example.net/t/1041", url: "https://forum.example.net/t/1041", author: "mira_k",
                    title: "Line 4 app shows wrong times",
                    text: "Since the update the app says 2 min but the tram comes 10 min later.",
                    published: utc(2026, 11, 21, 6, 15)),
                FeedItem(
                    id: "https://forum.example.net/t/1042", url: "https://forum.example.net/t/1042", author: "Tom",
                    title: "Ticket machine at Central eats coins", text: "Lost £2 twice this week — anyone else?",
                    published: utc(2026, 11, 20, 23, 59, 59), language: "cy"),
            ])
    }

    @Test func rss20ChannelFacts() throws {
        let feed = try FeedFixture.parse("rss20.xml", url: "https://brew.example.com/blog/feed.xml")
        #expect(feed.kind == .rss)
        #expect(feed.title == "Brew & Co. Blog")
        #expect(feed.link == "https://brew.example.com/blog/")
        #expect(feed.language == "en-GB")
        #expect(feed.ttl == .seconds(90 * 60))
        #expect(feed.warnings == ["item 5: no title and no text; skipped"])
        #expect(feed.items.count == 5)
    }

    @Test func rss20PrefersContentEncodedAndDropsScripts() throws {
        let item = try FeedFixture.parse("rss20.xml", url: "https://brew.example.com/blog/feed.xml").items[0]
        #expect(
            item
                == FeedItem(
                    id: "tag:brew.example.com,2026:post-101", url: "https://brew.example.com/blog/oat-latte",
                    author: "Ana Lima", title: "New oat latte & seasonal menu",
                    text: "Our oat latte is here & it's great.", published: utc(2026, 11, 21, 9, 30)))
    }

    @Test func rss20DecodesDoubleEncodedAndIllegalNamedEntities() throws {
        let item = try FeedFixture.parse("rss20.xml", url: "https://brew.example.com/blog/feed.xml").items[1]
        #expect(
            item
                == FeedItem(
                    id: "https://brew.example.com/blog/hours", url: "https://brew.example.com/blog/hours",
                    author: "Sam Ortiz", title: "Café opening hours", text: "Fish & chips nearby, crème brûlée on us.",
                    published: utc(2026, 11, 20, 23, 5)))
    }

    @Test func rss20PermalinkGuidIsTheURLAndZoneNamesAreHonoured() throws {
        let item = try FeedFixture.parse("rss20.xml", url: "https://brew.example.com/blog/feed.xml").items[2]
        #expect(
            item
                == FeedItem(
                    id: "https://brew.example.com/blog/tasting", url: "https://brew.example.com/blog/tasting",
                    title: "Don’t miss the tasting — Thursday", text: "Join us — free tasting at 6pm.",
                    published: utc(2026, 11, 19, 15, 0)))
    }

    @Test func rss20ItemWithoutIdGetsAStableHash() throws {
        let feed = try FeedFixture.parse("rss20.xml", url: "https://brew.example.com/blog/feed.xml")
        let again = try FeedFixture.parse("rss20.xml", url: "https://brew.example.com/blog/feed.xml")
        #expect(
            feed.items[3]
                == FeedItem(id: "hash:53073f299c7f7a14", text: "A post with no title, no link and no date."))
        #expect(again.items[3].id == feed.items[3].id)
    }

    @Test func rss20ItemLanguageAndOffsets() throws {
        let item = try FeedFixture.parse("rss20.xml", url: "https://brew.example.com/blog/feed.xml").items[4]
        #expect(
            item
                == FeedItem(
                    id: "https://brew.example.com/fr/paris", url: "https://brew.example.com/fr/paris",
                    title: "Nouveau café à Paris", text: "Ouverture le 1er décembre.",
                    published: utc(2026, 11, 18, 8, 30), language: "fr"))
    }

    @Test func declaredLatin1IsTranscoded() throws {
        let feed = try FeedFixture.parse("latin1.xml")
        #expect(feed.title == "Café Français")
        #expect(feed.items.map(\.title) == ["Crème brûlée – “new”"])
        #expect(feed.items.map(\.text) == ["Délicieux."])
    }

    @Test func utf8MislabelledAsLatin1StaysUTF8() throws {
        let document =
            #"<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><title>Café</title></item></channel></rss>"#
        let feed = try FeedParser.parse(Array(document.utf8), url: "https://x.example/")
        #expect(feed.items.map(\.title) == ["Café"])
    }

    @Test func sloppyMarkupIsRecoveredWithWarnings() throws {
        let feed = try FeedFixture.parse("mismatched.xml")
        #expect(feed.items.map(\.id) == ["sloppy-1", "sloppy-2"])
        #expect(feed.items[0].text == "An unclosed bold paragraph")
        #expect(feed.items[1].text == "Text with a stray end tag and AT&T spacing.")
        #expect(feed.warnings.count == 2)
        #expect(feed.warnings[0].hasPrefix("line 9, column "))
        #expect(feed.warnings[0].contains("</description> closes unclosed <b>"))
        #expect(feed.warnings[1].hasPrefix("line 14, column 24: end tag </i> closes nothing"))
    }
}
