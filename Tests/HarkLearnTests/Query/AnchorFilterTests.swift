import HarkCore
@testable import HarkLearn
import Testing

@Suite("AnchorFilter: posts with no anchor word skip the scan, and topics stay the same")
struct AnchorFilterTests {
    /// The rules of `rules/cineclub.yaml`, whose phrases make common words terms.
    static let queries = [
        "billing": #"(charge* OR billed OR refund* OR "double charged" OR overcharg* OR 扣费 OR 退款)"#
            + #" AND NOT "refund policy""#,
        "checkin": #"("check in" OR checkin OR card OR "qr code") NEAR/6 (broken OR locked OR declined OR fail*)"#,
        "pricing": #""10 plan" OR "ten dollar plan" OR "14 one" OR price* OR expensive OR "too much""#,
        "guests": #""guest pass*" OR (guest NEAR/3 (ticket* OR pass* OR book*)) OR (friend* NEAR/4 "not a member")"#,
        "imax": "imax OR 巨幕",
        "low-rating": "rating:<=2",
    ]

    static func matcher(_ queries: [String: String]) throws -> TopicMatcher {
        TopicMatcher(rules: try queries.sorted { $0.key < $1.key }.map { try rule($0.key, $0.value) })
    }

    @Test("The repository's rules get a filter; a rule on every post that reads a term turns it off")
    func whenItApplies() throws {
        #expect(try Self.matcher(Self.queries).anchorFilter != nil)
        var reading = Self.queries
        reading["not-spam"] = "NOT spam"
        #expect(try Self.matcher(reading).anchorFilter == nil)
        #expect(try Self.matcher(["short": "ab* AND thing"]).anchorFilter != nil, "an AND anchors on its cheaper side")
        #expect(try Self.matcher(["short": "ab* OR thing"]).anchorFilter == nil, "two letters cannot be tested")
        #expect(try Self.matcher(["wild": "*ing OR thing"]).anchorFilter == nil)
    }

    @Test(
        "Which posts may hold an anchor",
        arguments: [
            ("the popcorn was great and the seats were fine", false),
            ("not a fan, too loud, one star, did not work", false),
            ("they charged me twice", true),
            ("chargeable fees", true),
            ("charg", false),
            ("overcharging again", true),
            ("a member of staff", true),
            ("members only", false),
            ("the 14 of us", true),
            ("140 seats", false),
            ("see #imax", true),
            ("退款", true),
            ("", false),
        ])
    func mayHold(text: String, expected: Bool) throws {
        let filter = try #require(try Self.matcher(Self.queries).anchorFilter)
        #expect(NormalizedText(text).withFolded(filter.mayHold) == expected)
    }

    /// Posts made of anchors, the common words of phrases, and words that share an anchor's
    /// first bytes, in every mix: the matcher with the filter finds exactly the topics of the
    /// same rules scanned whole (a rule that reads a term on every post turns the filter off).
    @Test("Topics with and without the filter agree")
    func agreesWithFullScan() throws {
        let filtered = try Self.matcher(Self.queries)
        var reading = Self.queries
        reading["zz-not-spam"] = "NOT spam"
        let whole = try Self.matcher(reading)
        #expect(filtered.anchorFilter != nil && whole.anchorFilter == nil)
        let words = [
            "not", "a", "member", "members", "too", "much", "check", "in", "card", "cards", "broken", "charged",
            "charge", "chart", "double", "refund", "refunds", "policy", "price", "prize", "guest", "pass", "passes",
            "friend", "friends", "imax", "14", "one", "10", "plan", "ten", "dollar", "the", "was", "great", "#imax",
            "@cineclub", "巨幕", "i", "my", "declined",
        ]
        var generator = SplitMix(seed: 0x416E_6368_6F72)
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...12, using: &generator)
            let text = (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            let title = Bool.random(using: &generator) ? words.randomElement(using: &generator) : nil
            let rating = Bool.random(using: &generator) ? Int.random(in: 1...5, using: &generator) : nil
            let post = mention(text, title: title, rating: rating)
            let expected = whole.topics(for: post).filter { $0 != "zz-not-spam" }
            #expect(filtered.topics(for: post) == expected, "\(title ?? "-") / \(text) / \(rating ?? 0)")
        }
    }
}
