import Foundation
import HarkCore
import HarkHTTP
import Testing

@testable import HarkListen

@Suite struct AppStoreConnectorTests {
    let feedURL = "https://itunes.apple.com/us/rss/customerreviews/page=1/id=1459912345/sortby=mostrecent/json"

    func connector(_ extra: String = "") throws -> AppStoreConnector {
        try AppStoreConnector(
            definition: ConnectorFixtures.definition(
                """
                name: brewline-ios
                type: appstore
                url: \(feedURL)
                tags: [ios, reviews]
                language: en
                \(extra)
                """))
    }

    @Test func readsReviewsAndSkipsTheAppEntry() throws {
        let page = try connector().parse(
            ConnectorFixtures.response("appstore/reviews.json", url: feedURL), fetchedAt: ConnectorFixtures.fetchedAt)
        #expect(page.mentions.map(\.id) == ["11223344556", "11223344000", "11223343999"])
        let first = page.mentions[0]
        #expect(first.connector == "brewline-ios")
        #expect(first.source == .appstore)
        #expect(first.author == "latte_lover_88")
        #expect(first.title == "Check-in broken since update")
        #expect(first.text == "Since 5.2.1 the app crashes at check-in & I can't get my order. Please fix!!")
        #expect(first.rating == 1)
        #expect(first.publishedAt == ConnectorFixtures.utc("2024-05-20T18:22:33Z"))
        #expect(first.url == "https://itunes.apple.com/us/review?id=1459912345&type=Purple%20Software")
        #expect(first.language == "en")
        #expect(first.tags == ["ios", "reviews"])
        #expect(
            first.meta == [
                "app_version": "5.2.1", "country": "us", "app": "Brewline: Coffee Orders",
                "author_url": "https://itunes.apple.com/us/reviews/id987654321", "vote_sum": "3", "vote_count": "4",
            ])

        let second = page.mentions[1]
        #expect(second.author == "Zoë ☕")
        #expect(second.title == "Best app 😍")
        #expect(second.text == "Breakfast all day would make it perfect 🥐")
        #expect(second.rating == 5)
    }

    @Test func titleOnlyReviewKeepsItsTitleAsTextAndTheFetchTime() throws {
        let page = try connector().parse(
            ConnectorFixtures.response("appstore/reviews.json", url: feedURL), fetchedAt: ConnectorFixtures.fetchedAt)
        let titleOnly = try #require(page.mentions.last)
        #expect(titleOnly.title == nil)
        #expect(titleOnly.text == "Title only, no body")
        #expect(titleOnly.publishedAt == ConnectorFixtures.fetchedAt)
        #expect(titleOnly.url == nil)
        #expect(titleOnly.rating == 4)
    }

    @Test func warnsAboutTheReviewWithoutIdByIndex() throws {
        let page = try connector().parse(
            ConnectorFixtures.response("appstore/reviews.json", url: feedURL), fetchedAt: ConnectorFixtures.fetchedAt)
        #expect(page.warnings == ["item 3 of feed.entry: no id; skipped"])
    }

    @Test func aSingleReviewComesAsAnObject() throws {
        let url = "https://itunes.apple.com/gb/rss/customerreviews/page=1/id=1459912345/sortby=mostrecent/json"
        let connector = try AppStoreConnector(
            definition: ConnectorFixtures.definition("name: gb\ntype: appstore\nurl: \(url)\n"))
        let page = try connector.parse(
            ConnectorFixtures.response("appstore/single.json", url: url), fetchedAt: ConnectorFixtures.fetchedAt)
        #expect(page.mentions.count == 1)
        let review = try #require(page.mentions.first)
        #expect(review.id == "10000000001")
        #expect(review.text == "Loyalty points take days to show up.")
        #expect(review.publishedAt == ConnectorFixtures.utc("2024-06-01T08:15:00Z"))
        #expect(review.meta["country"] == "gb")
        #expect(review.meta["app"] == nil)
        #expect(review.language == nil)
        #expect(page.warnings.isEmpty)
    }

    @Test func aFeedWithoutReviewsIsEmptyNotAnError() throws {
        let page = try connector().parse(
            ConnectorFixtures.response("appstore/empty.json", url: feedURL), fetchedAt: ConnectorFixtures.fetchedAt)
        #expect(page.mentions.isEmpty)
        #expect(page.warnings.isEmpty)
    }

    @Test func aDocumentOfTheWrongShapeFails() throws {
        let connector = try connector()
        let failure = #expect(throws: ParseFailure.self) {
            try connector.parse(
                ConnectorFixtures.response("appstore/wrong-shape.json", url: feedURL),
                fetchedAt: ConnectorFixtures.fetchedAt)
        }
        #expect(
            failure?.description
                == "expected an object with 'feed' (an App Store customer-reviews feed), found an array")
    }

    @Test func truncatedJSONFailsWithItsPosition() throws {
        let connector = try connector()
        let failure = #expect(throws: ParseFailure.self) {
            try connector.parse(
                ConnectorFixtures.response("appstore/truncated.json", url: feedURL),
                fetchedAt: ConnectorFixtures.fetchedAt)
        }
        #expect(failure?.location?.hasPrefix("line 2, column ") == true)
        #expect(failure?.message.hasPrefix("not valid JSON: ") == true)
    }

    @Test func appIDAndCountryBuildTheFeedURL() throws {
        let connector = try AppStoreConnector(
            definition: ConnectorFixtures.definition("name: de\ntype: appstore\napp_id: id1459912345\ncountry: DE\n"))
        #expect(
            connector.definition.url
                == "https://itunes.apple.com/de/rss/customerreviews/page=1/id=1459912345/sortby=mostrecent/json")
        #expect(connector.country == "de")
    }

    @Test func appIDDefaultsToTheUSStore() throws {
        let connector = try AppStoreConnector(
            definition: ConnectorFixtures.definition("name: us\ntype: appstore\napp_id: 1459912345\n"))
        #expect(
            connector.definition.url
                == "https://itunes.apple.com/us/rss/customerreviews/page=1/id=1459912345/sortby=mostrecent/json")
    }

    @Test func configurationMistakesPointAtTheKey() {
        #expect(
            ConnectorFixtures.configError {
                _ = try AppStoreConnector(
                    definition: ConnectorFixtures.definition("name: x\ntype: appstore\napp_id: brewline\n"))
            }
                == "/etc/hark/connectors/test.yaml:3:9: app_id must be the number from the app's App Store URL"
                + " (…/id284882215), found 'brewline'")
        #expect(
            ConnectorFixtures.configError {
                _ = try AppStoreConnector(
                    definition: ConnectorFixtures.definition(
                        "name: x\ntype: appstore\napp_id: 1\ncountry: usa\n"))
            }
                == "/etc/hark/connectors/test.yaml:4:10: country must be a two-letter storefront code like us, gb or de, found 'usa'"
        )
        #expect(
            ConnectorFixtures.configError {
                _ = try AppStoreConnector(definition: ConnectorFixtures.definition("name: x\ntype: appstore\n"))
            }
                == "/etc/hark/connectors/test.yaml:1:7: connector type 'appstore' needs 'app_id' (and optionally"
                + " 'country') or a feed 'url'")
        #expect(
            ConnectorFixtures.configError {
                _ = try AppStoreConnector(
                    definition: ConnectorFixtures.definition("name: x\ntype: appstore\napp_id: 1\ncontry: gb\n"))
            } == "/etc/hark/connectors/test.yaml:4:1: unknown key 'contry' in connector file; did you mean 'country'?")
    }
}
