import HarkCore
import HarkLearn
import Testing

@Suite("TopicMatcher: thousands of rules in one automaton")
struct ManyRulesTests {
    /// 5,000 rules in five shapes, each about its own brand, sharing a common vocabulary.
    static let rules: [TopicRule] = (0..<5_000).map { index in
        let brand = "brand\(index)"
        let query =
            switch index % 5 {
            case 0: "\(brand) AND (refund OR charge* OR \"double charged\")"
            case 1: "\"\(brand) app\" NEAR/3 (crash* OR broken OR fail?d)"
            case 2: "#\(brand) OR @\(brand)support"
            case 3: "\(brand) AND NOT (spam OR giveaway)"
            default: "title:\(brand) OR (\(brand) NEAR/2f 退款)"
            }
        return try! TopicRule(name: "topic-\(index)", query: query)
    }
    static let matcher = TopicMatcher(rules: rules)

    @Test(
        "Spot checks across the 5,000",
        arguments: [
            ("brand0 charged me twice", ["topic-0"]),
            ("brand4995 double charged, brand3 too", ["topic-3", "topic-4995"]),
            ("the brand1 app keeps crashing, brand1 app failed", ["topic-1"]),
            ("brand1 app is great and nothing is broken", []),
            ("thanks #Brand2 and @brand1002support", ["topic-2", "topic-1002"]),
            ("brand3 giveaway!!!", []),
            ("brand4 要退款", ["topic-4"]),
            ("brand4 我要求退款", []),
            ("退款 brand4", []),
            ("brand10 refund brand11 app crashed brand13", ["topic-10", "topic-11", "topic-13"]),
            ("nothing about any brand", []),
        ])
    func spotChecks(text: String, expected: [String]) {
        #expect(Self.matcher.topics(for: mention(text)) == expected)
    }

    @Test("title: on a few of the 5,000")
    func titles() {
        #expect(Self.matcher.topics(for: mention("no brands here", title: "Brand2499 news")) == ["topic-2499"])
    }

    @Test("The shared automaton agrees with each rule compiled on its own")
    func agreesWithSingleRules() {
        let sample = Array(Self.rules[0..<200])
        let shared = TopicMatcher(rules: sample)
        let alone = sample.map { TopicMatcher(rules: [$0]) }
        var generator = SplitMix(seed: 7)
        let words = ["refund", "charged", "double", "app", "crashed", "broken", "failed", "spam", "退款", "ok", "the"]
        for _ in 0..<60 {
            let text = (0..<12).map { _ in
                generator.next() % 3 == 0
                    ? "brand\(generator.next() % 200)" : words[Int(generator.next() % UInt64(words.count))]
            }.joined(separator: " ")
            let post = mention(text, title: generator.next() % 4 == 0 ? "brand\(generator.next() % 200)" : nil)
            let expected = zip(sample, alone).filter { !$0.1.topics(for: post).isEmpty }.map(\.0.name)
            #expect(shared.topics(for: post) == expected, "\(text)")
        }
    }
}

/// A small seeded generator so the sample is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("TopicMatcher: shared across tasks")
struct ConcurrentMatchingTests {
    @Test("One matcher, many tasks, the same answers")
    func sharedAcrossTasks() async {
        let matcher = ManyRulesTests.matcher
        let texts = (0..<64).map { "brand\($0 * 5) refund and brand\($0 * 5 + 3) again" }
        let expected = texts.map { matcher.topics(for: mention($0)) }
        let results = await withTaskGroup(of: (Int, [String]).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, matcher.topics(for: mention(text))) }
            }
            var results = [[String]](repeating: [], count: texts.count)
            for await (index, topics) in group { results[index] = topics }
            return results
        }
        #expect(results == expected)
        #expect(expected[1] == ["topic-5", "topic-8"])
    }
}
