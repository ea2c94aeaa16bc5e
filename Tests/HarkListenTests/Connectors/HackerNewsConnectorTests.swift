import Foundation
import HarkCore
import HarkHTTP
import HarkListen
import Testing

@Suite struct HackerNewsConnectorTests {
    let searchURL = "https://hn.algolia.com/api/v1/search_by_date?query=brewline&tags=(story,comment)"

    func parse(_ fixture: String) throws -> ParsedPage {
        let connector = try HackerNewsConnector(
            definition: ConnectorFixtures.definition("name: hn\ntype: hackernews\nurl: \"\(searchURL)\"\n"))
        return try connector.parse(
            ConnectorFixtures.response(fixture, url: searchURL), fetchedAt: ConnectorFixtures.fetchedAt)
    }

    @Test func readsAStoryWithHTMLText() throws {
        let story = try #require(try parse("hackernews/search.json").mentions.first)
        #expect(story.id == "40491234")
        #expect(story.source == .hackernews)
        #expect(story.url == "https://news.ycombinator.com/item?id=40491234")
        #expect(story.title == "Show HN: Brewline-compatible ordering API")
        #expect(
            story.text == "We built an open-source alternative to the Brewline API & it's fast. Try it: example.org")
        #expect(story.author == "pgdev")
        #expect(story.publishedAt == ConnectorFixtures.utc("2024-05-27T14:03:11Z"))
        #expect(story.meta == ["points": "85", "num_comments": "12", "story_id": "40491234"])
    }

    @Test func aCommentKeepsItsStoryInMeta() throws {
        let comment = try parse("hackernews/search.json").mentions[1]
        #expect(comment.id == "40491300")
        #expect(comment.title == nil)
        #expect(comment.text == "The Brewline app leaks order ids in the URL: GET /orders?id=123 That's a problem.")
        #expect(comment.publishedAt == ConnectorFixtures.utc("2024-05-27T15:10:00Z"))
        #expect(
            comment.meta == [
                "story_title": "Show HN: Brewline-compatible ordering API", "story_id": "40491234",
                "parent_id": "40491234",
            ])
    }

    @Test func aLinkStoryWithANullEpochFallsBackToCreatedAt() throws {
        let story = try parse("hackernews/search.json").mentions[2]
        #expect(story.id == "40480000")
        #expect(story.title == nil)
        #expect(story.text == "Brewline raises prices again")
        #expect(story.publishedAt == ConnectorFixtures.utc("2024-05-26T10:00:00Z"))
        #expect(story.meta["link"] == "https://news.example.com/brewline-prices")
    }

    @Test func numericIdsAndUnreadableTimes() throws {
        let page = try parse("hackernews/search.json")
        let comment = try #require(page.mentions.last)
        #expect(page.mentions.count == 4)
        #expect(comment.id == "40470001")
        #expect(comment.publishedAt == ConnectorFixtures.fetchedAt)
        #expect(
            page.warnings == [
                "item 3 of hits: no objectID; skipped",
                "item 4 of hits: unreadable time 'yesterday-ish'; using the fetch time",
            ])
    }

    @Test func anErrorAnswerIsNotASearch() throws {
        let failure = #expect(throws: ParseFailure.self) { try parse("hackernews/wrong-shape.json") }
        #expect(failure?.message == "expected an object with 'hits' (an Algolia Hacker News search), found an object")
    }
}
