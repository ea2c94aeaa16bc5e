import Foundation
import HarkCore
import HarkHTTP
import HarkListen
import Testing

@Suite struct MastodonConnectorTests {
    let tagURL = "https://mastodon.social/api/v1/timelines/tag/brewline?limit=40"

    func parse(_ fixture: String, url: String? = nil) throws -> ParsedPage {
        let connector = try MastodonConnector(
            definition: ConnectorFixtures.definition("name: tag\ntype: mastodon\nurl: \(tagURL)\n"))
        return try connector.parse(
            ConnectorFixtures.response(fixture, url: url ?? tagURL), fetchedAt: ConnectorFixtures.fetchedAt)
    }

    @Test func readsAStatusWithHTMLContent() throws {
        let status = try #require(try parse("mastodon/tag-timeline.json").mentions.first)
        #expect(status.id == "112512345678900001")
        #expect(status.source == .mastodon)
        #expect(status.author == "alice@mastodon.social")
        #expect(status.url == "https://mastodon.social/@alice/112512345678900001")
        #expect(status.title == nil)
        #expect(status.text == "Loving the new #brewline oat latte & the app finally works 🎉 Well done!")
        #expect(status.language == "en")
        #expect(status.publishedAt == ConnectorFixtures.utc("2024-05-27T14:03:11Z"))
        #expect(
            status.meta == [
                "uri": "https://mastodon.social/users/alice/statuses/112512345678900001", "hashtags": "brewline",
                "replies_count": "2", "reblogs_count": "5", "favourites_count": "11",
            ])
    }

    @Test func aBoostStandsForTheOriginalStatus() throws {
        let status = try parse("mastodon/tag-timeline.json").mentions[1]
        #expect(status.id == "112512300000000099")
        #expect(status.author == "carol@chaos.social")
        #expect(status.title == "rant: customer service")
        #expect(status.text == "Der Brewline-Support antwortet seit drei Wochen nicht. Ärgerlich!")
        #expect(status.language == "de")
        #expect(status.url == "https://chaos.social/@carol/112512300000000099")
        #expect(status.publishedAt == ConnectorFixtures.utc("2024-05-27T11:00:00Z"))
        #expect(status.meta["reblogged_by"] == "bob@fosstodon.org")
        #expect(status.meta["hashtags"] == "brewline,kundenservice")
    }

    @Test func repeatsMediaOnlyStatusesAndJunkAreHandled() throws {
        let page = try parse("mastodon/tag-timeline.json")
        #expect(page.mentions.map(\.id) == ["112512345678900001", "112512300000000099"])
        #expect(
            page.warnings == [
                "item 2 of the document: no text; skipped",
                "item 4 of the document: expected a status object, found a string; skipped",
            ])
    }

    @Test func readsSearchResults() throws {
        let url = "https://pleroma.example/api/v2/search?q=brewline&type=statuses"
        let page = try parse("mastodon/search.json", url: url)
        let status = try #require(page.mentions.first)
        #expect(status.id == "AbCdEf123")
        #expect(status.author == "zoe@pleroma.example")
        #expect(status.text == "Brewline <3 — le meilleur café")
        #expect(status.language == "fr")
        #expect(status.publishedAt == ConnectorFixtures.utc("2024-05-26T09:30:00Z"))
    }

    @Test func anErrorAnswerFails() throws {
        let failure = #expect(throws: ParseFailure.self) { try parse("mastodon/error.json") }
        #expect(
            failure?.message
                == "expected an array of statuses or a search result with 'statuses', found an object"
                + " ('This method requires an authenticated user')")
    }
}
