import HarkCore
import HarkLearn
import Testing

@Suite("QueryLinter: traps in queries")
struct QueryLinterTests {
    func warnings(_ query: String, where filter: MentionFilter = MentionFilter()) throws -> [String] {
        QueryLinter.lint(try rule("t", query, where: filter)).map(\.description)
    }

    @Test("A clean query has no warnings")
    func clean() throws {
        #expect(try warnings(TopicMatcherTests.billing).isEmpty)
        #expect(try warnings(TopicMatcherTests.checkin).isEmpty)
    }

    @Test("Wildcards that match nearly everything")
    func broadWildcards() throws {
        #expect(try warnings("refund OR *") == ["rules/topics.yaml:12:19: warning: '*' matches every word"])
        #expect(
            try warnings("a* AND refund") == [
                "rules/topics.yaml:12:9: warning: 'a*' matches too many words; use a prefix of at least 3 letters"
            ])
        #expect(
            try warnings("*bank") == [
                "rules/topics.yaml:12:9: warning: '*bank' starts with a wildcard, so it is tried on every word: slow, and it matches broadly"
            ])
    }

    @Test("NEAR wider than a post")
    func wideNear() throws {
        #expect(
            try warnings("refund NEAR/100 slow") == [
                "rules/topics.yaml:12:16: warning: NEAR/100 is wider than most posts (over 50 words); AND says the same more clearly"
            ])
        #expect(try warnings("refund NEAR/50 slow").isEmpty)
    }

    @Test("Rules that can never match")
    func neverMatches() throws {
        #expect(
            try warnings("refund AND NOT refund") == [
                "rules/topics.yaml:12:20: warning: this AND can never match: it requires 'refund' and also NOT 'refund'"
            ])
        #expect(
            try warnings("refund AND lang:en AND lang:fr") == [
                "rules/topics.yaml:12:32: warning: can never match: 'lang:fr' contradicts 'lang:en'"
            ])
        #expect(try warnings("refund lang:en lang:en-GB").isEmpty)
        #expect(
            try warnings("refund rating:<=2 rating:>=4") == [
                "rules/topics.yaml:12:27: warning: can never match: 'rating:>=4' contradicts 'rating:<=2'"
            ])
        #expect(
            try warnings("rating:>5") == [
                "rules/topics.yaml:12:9: warning: 'rating:>5' can never match: ratings are 1 to 5 stars"
            ])
        #expect(
            try warnings("(a AND source:rss AND source:reddit) OR b") == [
                "rules/topics.yaml:12:31: warning: can never match: 'source:reddit' contradicts 'source:rss'"
            ])
    }

    @Test("A where: block that contradicts the query")
    func whereContradiction() throws {
        let filter = MentionFilter(sources: ["appstore", "reddit"])
        #expect(
            try warnings("crash AND source:hackernews", where: filter) == [
                "rules/topics.yaml:12:19: warning: can never match: 'source:hackernews' contradicts the where: block"
            ])
        #expect(try warnings("crash AND source:(reddit OR rss)", where: filter).isEmpty)
        #expect(try warnings("site:reddit.com", where: MentionFilter(sites: ["old.reddit.com"])).isEmpty)
        #expect(
            try warnings("site:apple.com", where: MentionFilter(sites: ["reddit.com"])) == [
                "rules/topics.yaml:12:9: warning: can never match: 'site:apple.com' contradicts the where: block"
            ])
    }

    @Test("Repeated terms in an OR, and words a prefix already covers")
    func duplicates() throws {
        #expect(
            try warnings("refund OR Refund OR charge* OR charged") == [
                "rules/topics.yaml:12:19: warning: 'Refund' is already in this OR (at 12:9)",
                "rules/topics.yaml:12:40: warning: 'charged' is already matched by 'charge*' (at 12:29)",
            ])
    }

    @Test("Lower-case operators are words; the linter says so")
    func lowercaseOperators() throws {
        #expect(
            try warnings("refund or charge") == [
                "rules/topics.yaml:12:16: warning: 'or' is searched as a word; operators are upper case, write OR"
            ])
        #expect(
            try warnings("refund near/5 slow") == [
                "rules/topics.yaml:12:16: warning: 'near/5' is searched as words; operators are upper case, write NEAR/5"
            ])
        #expect(try warnings(#"refund AND "or""#).isEmpty)
    }

    @Test("A query with only negations matches almost everything")
    func onlyNegative() throws {
        #expect(
            try warnings("NOT spam") == [
                "rules/topics.yaml:12:9: warning: this query matches every mention that lacks its words; add a positive term"
            ])
        #expect(try warnings("rating:<=2 AND NOT spam").isEmpty)
    }
}
