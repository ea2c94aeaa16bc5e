import Foundation
import HarkCore
import HarkHTTP
import HarkListen
import Testing

@Suite struct RedditConnectorTests {
    let newURL = "https://www.reddit.com/r/coffee/new.json?limit=100"

    func connector() throws -> RedditConnector {
        try RedditConnector(
            definition: ConnectorFixtures.definition(
                "name: r-coffee\ntype: reddit\nurl: \(newURL)\ntags: [reddit]\n"))
    }

    func parse(_ fixture: String) throws -> ParsedPage {
        try connector().parse(
            ConnectorFixtures.response(fixture, url: newURL), fetchedAt: ConnectorFixtures.fetchedAt)
    }

    @Test func readsASelfPostWithDecodedEntities() throws {
        let post = try #require(try parse("reddit/new.json").mentions.first)
        #expect(post.id == "t3_1d2abc1")
        #expect(post.source == .reddit)
        #expect(post.title == "Brewline app & mobile orders broken?")
        #expect(
            post.text
                == "Ordered a flat white & a croissant, app said \"ready\" but the store had nothing. Anyone else? >:(")
        #expect(post.author == "beanthere")
        #expect(
            post.url == "https://www.reddit.com/r/coffee/comments/1d2abc1/brewline_app_mobile_orders_broken/")
        #expect(post.publishedAt == ConnectorFixtures.utc("2024-05-27T16:00:00Z"))
        #expect(post.tags == ["reddit"])
        #expect(post.meta == ["subreddit": "coffee", "score": "42", "num_comments": "17", "flair": "Question"])
    }

    @Test func aLinkPostUsesItsTitleAsTextAndKeepsTheLink() throws {
        let post = try parse("reddit/new.json").mentions[1]
        #expect(post.id == "t3_1d2abc2")
        #expect(post.title == nil)
        #expect(post.text == "Brewline now serves breakfast all day ☕🥐")
        #expect(post.meta["link"] == "https://example.com/news?id=7&src=rss")
        #expect(post.publishedAt == ConnectorFixtures.utc("2024-05-27T15:00:00Z"))
    }

    @Test func deletedAuthorsAndRemovedBodiesAreLeftOut() throws {
        let post = try parse("reddit/new.json").mentions[2]
        #expect(post.id == "t3_1d2abc3")
        #expect(post.author == nil)
        #expect(post.text == "Brewline barista was rude")
        #expect(post.publishedAt == ConnectorFixtures.utc("2024-05-27T14:00:00.500Z"))
    }

    @Test func idsAndTimesInOtherSpellings() throws {
        let post = try parse("reddit/new.json").mentions[3]
        #expect(post.id == "t3_1d2abc4")
        #expect(post.author == nil)
        #expect(post.title == nil)
        #expect(post.text == "Great beans, small cups.")
        #expect(post.publishedAt == ConnectorFixtures.utc("2024-05-27T13:00:00Z"))
    }

    @Test func otherKindsAndBrokenChildrenAreWarnings() throws {
        let page = try parse("reddit/new.json")
        #expect(page.mentions.count == 4)
        #expect(
            page.warnings == [
                "item 3 of data.children: kind 't5' is neither a post (t3) nor a comment (t1); skipped",
                "item 4 of data.children: no 'data' object; skipped",
            ])
    }

    @Test func readsComments() throws {
        let page = try parse("reddit/comments.json")
        #expect(page.mentions.map(\.id) == ["t1_l5xyz01", "t1_l5xyz03"])
        #expect(page.warnings.isEmpty)
        let comment = page.mentions[0]
        #expect(comment.title == nil)
        #expect(comment.text == "Same here <3 the baristas but the app is > useless since Tuesday.")
        #expect(comment.author == "cremaqueen")
        #expect(
            comment.url
                == "https://www.reddit.com/r/coffee/comments/1d2abc1/brewline_app_mobile_orders_broken/l5xyz01/")
        #expect(
            comment.meta == [
                "subreddit": "coffee", "score": "5", "link_title": "Brewline app & mobile orders broken?",
            ])
        let noPermalink = page.mentions[1]
        #expect(noPermalink.url == "https://www.reddit.com/comments/1d1zzz9/_/l5xyz03/")
        #expect(noPermalink.text == "Please bring back the $10 plan 🙏")
    }

    @Test func aThreadIsNotAListing() throws {
        let failure = #expect(throws: ParseFailure.self) { try parse("reddit/thread.json") }
        #expect(failure?.message == "expected an object with 'data.children' (a Reddit listing), found an array")
    }

    @Test func anErrorObjectSaysWhatRedditSaid() throws {
        let failure = #expect(throws: ParseFailure.self) { try parse("reddit/error.json") }
        #expect(
            failure?.message
                == "expected an object with 'data.children' (a Reddit listing), found an object ('Too Many Requests')")
    }

    @Test func unknownKeysAreRejected() {
        #expect(
            ConnectorFixtures.configError {
                _ = try RedditConnector(
                    definition: ConnectorFixtures.definition(
                        "name: x\ntype: reddit\nurl: https://www.reddit.com/r/a/new.json\nsubreddit: a\n"))
            } == "/etc/hark/connectors/test.yaml:4:1: unknown key 'subreddit' in connector file")
    }
}
