import Foundation
import HarkCore
import HarkHTTP
import HarkListen
import Testing

@Suite("FeedConnector")
struct FeedConnectorTests {
    static func definition(_ pairs: [(String, ConfigNode.Kind)]) throws -> ConnectorDefinition {
        let position = SourcePosition(file: "connectors/brew.yaml", line: 1, column: 1)
        let entries = pairs.map {
            ConfigNode.Entry(key: $0.0, keyPosition: position, value: ConfigNode($0.1, at: position))
        }
        return try ConnectorDefinition(node: ConfigNode(.mapping(entries), at: position))
    }

    static let brew: [(String, ConfigNode.Kind)] = [
        ("name", .scalar("brew-blog")), ("type", .scalar("feed")),
        ("url", .scalar("https://brew.example.com/blog/feed.xml")),
        ("tags", .sequence([ConfigNode(.scalar("blog"), at: SourcePosition(file: "", line: 1, column: 1))])),
        ("language", .scalar("pt")),
    ]

    @Test func turnsItemsIntoMentions() throws {
        let connector = try FeedConnector(definition: Self.definition(Self.brew))
        let response = HTTPResponse(
            status: 200, headers: [:], body: try FeedFixture.bytes("rss20.xml"),
            url: "https://brew.example.com/blog/feed.xml")
        let fetchedAt = utc(2026, 11, 22, 12, 0)
        let page = try connector.parse(response, fetchedAt: fetchedAt)
        #expect(page.ttl == .seconds(5400))
        #expect(page.warnings == ["item 5: no title and no text; skipped"])
        #expect(page.mentions.count == 5)
        #expect(
            page.mentions[0]
                == Mention(
                    id: "tag:brew.example.com,2026:post-101", connector: "brew-blog", source: .rss,
                    url: "https://brew.example.com/blog/oat-latte", author: "Ana Lima",
                    title: "New oat latte & seasonal menu", text: "Our oat latte is here & it's great.",
                    publishedAt: utc(2026, 11, 21, 9, 30), language: "en-GB", tags: ["blog"]))
        #expect(page.mentions[3].publishedAt == fetchedAt)
        #expect(page.mentions[4].language == "fr")
    }

    @Test func definitionLanguageIsTheLastResort() throws {
        let connector = try FeedConnector(definition: Self.definition(Self.brew))
        let body = Array(#"<rss><channel><item><guid>1</guid><title>Olá</title></item></channel></rss>"#.utf8)
        let page = try connector.parse(
            HTTPResponse(status: 200, headers: [:], body: body, url: "https://x.example/"), fetchedAt: Date())
        #expect(page.mentions.map(\.language) == ["pt"])
        #expect(page.mentions.map(\.source) == [.rss])
    }

    @Test func rejectsKeysOfOtherTypes() throws {
        let definition = try Self.definition(Self.brew + [("items_path", .scalar("data.items"))])
        #expect(throws: ConfigError.self) { try FeedConnector(definition: definition) }
    }

    @Test func needsAURL() throws {
        let definition = try Self.definition([("name", .scalar("x")), ("type", .scalar("feed"))])
        #expect(throws: ConfigError.self) { try FeedConnector(definition: definition) }
    }

    @Test func isRegisteredAsFeed() throws {
        let connector = try ConnectorRegistry.standard.make(Self.definition(Self.brew))
        #expect(connector is FeedConnector)
    }
}
