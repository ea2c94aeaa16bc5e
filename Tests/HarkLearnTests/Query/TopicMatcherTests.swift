import HarkCore
import HarkLearn
import Testing

@Suite("TopicMatcher: what matches and what doesn't")
struct TopicMatcherTests {
    static let billing = #"(charge* OR billed OR refund OR "double charged") AND NOT "refund policy""#
    static let checkin =
        #"("check in" OR checkin OR "unlock your card") NEAR/5 (broken OR locked OR declined OR fail*)"#

    @Test(
        "SPEC: billing",
        arguments: [
            ("CineClub charged me twice and nobody answers!!!", true),
            ("I was DOUBLE-CHARGED for one ticket", true),
            ("Still waiting for my refund", true),
            ("Please read our refund policy before asking for a refund", false),
            ("The popcorn was great", false),
        ])
    func specBilling(text: String, expected: Bool) throws {
        #expect(try matches(Self.billing, text) == expected)
    }

    @Test("SPEC: check-in broken, only on app store and reddit")
    func specCheckin() throws {
        let rule = try rule("checkin-broken", Self.checkin, where: MentionFilter(sources: ["appstore", "reddit"]))
        let matcher = TopicMatcher(rules: [rule])
        #expect(
            matcher.topics(for: mention("Check-in has been broken since the update", source: .appstore)) == [
                "checkin-broken"
            ])
        #expect(
            matcher.topics(for: mention("my card got declined when I tried to unlock your card", source: .reddit))
                == ["checkin-broken"])
        #expect(
            matcher.topics(for: mention("Check-in kept failing at the door", source: .reddit)) == ["checkin-broken"])
        #expect(matcher.topics(for: mention("Check-in has been broken since the update", source: .rss)).isEmpty)
        #expect(
            matcher.topics(
                for: mention(
                    "I did check in early, the lobby was nice and the staff friendly, but the seats were broken",
                    source: .appstore)
            ).isEmpty)
    }

    @Test("Case and accents don't matter")
    func caseAndAccents() throws {
        #expect(try matches("cafe", "Best CAFÉ in town"))
        #expect(try matches("Café", "best cafe in town"))
        #expect(try matches("crème brûlée", "CREME BRULEE was perfect"))
        #expect(try matches("strasse", "Große Straße 5"))
        #expect(try !matches("strasse", "Hauptstraße 5"))
    }

    @Test("Words match whole words only in spaced scripts")
    func wordBoundaries() throws {
        #expect(try !matches("card", "please discard this"))
        #expect(try !matches("card", "cardboard box"))
        #expect(try matches("card", "my card, my rules"))
        #expect(try matches("card*", "cardboard box"))
        #expect(try !matches("charge*", "discharged"))
    }

    @Test("Chinese and Japanese match as substrings")
    func unspacedSubstrings() throws {
        #expect(try matches("退款", "我要求退款了"))
        #expect(try !matches("退款", "我要求退货了"))
        #expect(try matches("払い戻し", "チケットの払い戻しができません"))
        #expect(try matches("退款 NEAR/3 客服", "退款找客服"))
        #expect(try matches("\"要求 退款\"", "我要求退款了"))
        #expect(try matches("iPhone退款", "我的iPhone退款了"))
    }

    @Test("Hashtags and handles")
    func hashtagsAndHandles() throws {
        #expect(try matches("#cineclub", "loved it #CineClub"))
        #expect(try !matches("#cineclub", "CineClub was fine"))
        #expect(try matches("cineclub", "loved it #CineClub"))
        #expect(try matches("@cineclub", "hey @CineClub why"))
        #expect(try !matches("@cineclub", "hey #cineclub why"))
        #expect(try matches("#cine*", "#CineClubNights"))
    }

    @Test("One-letter words and terms: the first two bytes of a word decide whether it is walked")
    func shortWordsAndTerms() throws {
        #expect(try matches("a", "a dog"))
        #expect(try !matches("a", "an ant"))
        #expect(try matches("x*", "x"))
        #expect(try matches("x*", "xylophone"))
        #expect(try matches("ab OR x", "x marks it"))
        #expect(try matches("ab OR x", "AB testing"))
        #expect(try !matches("ab OR x", "a b, xy"))
        #expect(try matches("#a", "plan #A"))
        #expect(try !matches("#a", "plan A"))
        #expect(try matches("@b", "ask @B"))
        #expect(try matches("é", "É!"))
        #expect(try matches("ж*", "жёлтый"))
    }

    @Test("Wildcards inside words")
    func wildcards() throws {
        #expect(try matches("wo?d", "a word"))
        #expect(try matches("wo?d", "a wood"))
        #expect(try !matches("wo?d", "a wod, a woood"))
        #expect(try matches("c*ge", "a challenge"))
        #expect(try matches("*bank", "my databank"))
        #expect(try !matches("*bank", "bankrupt"))
        #expect(try matches("*", "anything"))
        #expect(try matches("\"check in*\"", "checking in, check inside"))
    }

    @Test("NEAR works in either order; NEAR/f only in the written order")
    func near() throws {
        #expect(try matches("refund NEAR/3 slow", "the refund was slow"))
        #expect(try matches("refund NEAR/3 slow", "so slow was the refund"))
        #expect(try !matches("refund NEAR/3 slow", "refund took one two three four weeks, slow"))
        #expect(try matches("refund NEAR/3f slow", "the refund was slow"))
        #expect(try !matches("refund NEAR/3f slow", "so slow was the refund"))
        #expect(try matches("refund NEAR/0 slow", "refund slow"))
        #expect(try !matches("refund NEAR/2 refund", "refund"))
        #expect(try matches("(a NEAR/1 b) NEAR/2 c", "x c y a b"))
    }

    @Test("Phrases need consecutive words, punctuation in between is fine")
    func phrases() throws {
        #expect(try matches(#""double charged""#, "I was double-charged!"))
        #expect(try !matches(#""double charged""#, "double the fun, charged twice"))
        #expect(try matches(#""don't work""#, "it DON’T WORK"))
    }

    @Test("title: looks at the title only; other clauses see title and text")
    func titleField() throws {
        let inTitle = mention("I want my money back", title: "Refund please")
        #expect(try matches("title:refund", inTitle))
        #expect(try matches("refund AND money", inTitle))
        #expect(try !matches("title:money", inTitle))
        #expect(try !matches(#""please i""#, inTitle))
        #expect(try !matches("please NEAR/1 want", inTitle))
    }

    @Test("author:, site:, source:, lang:, rating:")
    func metadataFields() throws {
        let review = mention(
            "Crashes every time", source: .appstore, author: "@Anna.B", url: "https://www.reddit.com/r/x/1",
            language: "zh-Hant", rating: 2)
        #expect(try matches("author:anna.b", review))
        #expect(try matches("author:ann*", review))
        #expect(try !matches("author:bob", review))
        #expect(try matches("site:reddit.com", review))
        #expect(try matches("site:www.reddit.com", review))
        #expect(try !matches("site:dit.com", review))
        #expect(try matches("source:appstore", review))
        #expect(try !matches("source:reddit", review))
        #expect(try matches("lang:zh", review))
        #expect(try matches("lang:zh-hant", review))
        #expect(try !matches("lang:zh-hans", review))
        #expect(try !matches("lang:z", review))
        #expect(try matches("rating:<=2", review))
        #expect(try matches("rating:2", review))
        #expect(try matches("rating:1..3", review))
        #expect(try !matches("rating:>2", review))
        #expect(try !matches("rating:<2", review))
        #expect(try !matches("rating:<=5", mention("no rating here")))
        #expect(try matches("crash* AND source:(appstore OR reddit) AND NOT rating:>=4", review))
    }

    @Test("Queries without a positive word still run: NOT and field-only rules")
    func unconditionalRules() throws {
        #expect(try matches("NOT spam", "hello"))
        #expect(try !matches("NOT spam", "spam spam"))
        #expect(try matches("rating:1", mention("", rating: 1)))
        #expect(try matches("NOT spam", ""))
    }

    @Test(
        "Rules that need a rating are skipped for unrated posts, and only those",
        arguments: [false, true])
    func ratedOnlyRules(manyRules: Bool) throws {
        let queries = [
            ("low", "rating:<=2"), ("low-or-refund", "rating:<=2 OR refund"), ("not-high", "NOT rating:>=3"),
            ("one-not-spam", "rating:1 AND NOT spam"), ("low-source", "rating:<=2"),
        ]
        var rules = try queries.map { try rule($0.0, $0.1) }
        rules[4] = try rule("low-source", "rating:<=2", where: MentionFilter(sources: ["appstore"]))
        // Over 64 rules the matcher lists candidates instead of masking bits: both ways must agree.
        if manyRules { rules += try (0..<70).map { try rule("pad\($0)", "padword\($0)") } }
        let matcher = TopicMatcher(rules: rules)
        #expect(matcher.topics(for: mention("anything at all")) == ["not-high"])
        #expect(matcher.topics(for: mention("refund please")) == ["low-or-refund", "not-high"])
        #expect(
            matcher.topics(for: mention("hi", source: .appstore, rating: 1)) == [
                "low", "low-or-refund", "not-high", "one-not-spam", "low-source",
            ])
        #expect(matcher.topics(for: mention("spam", source: .rss, rating: 2)) == ["low", "low-or-refund", "not-high"])
        #expect(matcher.topics(for: mention("fine", rating: 4)).isEmpty)
    }

    @Test("The where: block scopes a rule")
    func whereFilter() throws {
        let filter = MentionFilter(
            sources: ["appstore"], connectors: ["ios"], languages: ["en"], ratings: [1...2], authors: ["@anna"],
            sites: ["apple.com"], tags: ["vip"])
        let matcher = TopicMatcher(rules: [try rule("t", "crash*", where: filter)])
        let passing = mention(
            "crashes", source: .appstore, author: "Anna", url: "https://apps.apple.com/x", language: "en-GB", rating: 1,
            connector: "ios", tags: ["vip", "x"])
        #expect(matcher.topics(for: passing) == ["t"])
        var failing = passing
        failing.rating = 5
        #expect(matcher.topics(for: failing).isEmpty)
        failing = passing
        failing.tags = []
        #expect(matcher.topics(for: failing).isEmpty)
    }

    @Test("Topics come back in rule order")
    func ruleOrder() throws {
        let matcher = TopicMatcher(rules: [
            try rule("zeta", "refund"), try rule("alpha", "slow"), try rule("mid", "nothing"),
            try rule("beta", "refund"),
        ])
        #expect(matcher.topics(for: mention("slow refund")) == ["zeta", "alpha", "beta"])
    }

    @Test("explain names the clauses and the words that matched")
    func explain() throws {
        let matcher = TopicMatcher(rules: [try rule("billing", Self.billing), try rule("cn", "退款 AND rating:<=2")])
        let found = matcher.explain(mention("They charged me and I was double charged", title: "Bad", rating: 1))
        #expect(found.map(\.topic) == ["billing"])
        let clauses = try #require(found.first?.clauses)
        #expect(clauses.map(\.text) == ["charge*", #""double charged""#])
        #expect(clauses[0].words.map(\.text) == ["charged", "charged"])
        #expect(clauses[1].words.map(\.text) == ["double charged"])
        #expect(clauses[1].words.first?.field == .text)
        #expect(clauses[0].position == SourcePosition(file: "rules/topics.yaml", line: 12, column: 10))

        let chinese = matcher.explain(mention("我要求退款了", rating: 1))
        #expect(chinese.map(\.topic) == ["cn"])
        #expect(chinese.first?.clauses.map(\.text) == ["退款", "rating:<=2"])
        #expect(chinese.first?.clauses.first?.words.first?.text == "退款")
        #expect(chinese.first?.clauses.first?.words.first?.positions == 3...4)
    }

    @Test("explain of a NEAR shows the stretch it covered")
    func explainNear() throws {
        let matcher = TopicMatcher(rules: [try rule("checkin", Self.checkin)])
        let found = matcher.explain(mention("Tried to check in but it was locked", title: "Check in"))
        #expect(
            found.first?.clauses.map(\.words) == [
                [
                    TopicMatch.MatchedWords(
                        text: "check in but it was locked", field: .text, positions: 2...7, utf8Range: 9..<35)
                ]
            ])
    }
}
