import HarkCore
import HarkLearn
import Testing

@Suite("TopicRule: reading topics: entries")
struct TopicRuleTests {
    /// Builds the node the YAML loader produces for a flow mapping on line `line`.
    func entry(_ pairs: [(String, ConfigNode)], line: Int = 3) -> ConfigNode {
        let entries = pairs.enumerated().map { index, pair in
            ConfigNode.Entry(
                key: pair.0, keyPosition: SourcePosition(file: "rules/topics.yaml", line: line + index, column: 5),
                value: pair.1)
        }
        return ConfigNode(.mapping(entries), at: SourcePosition(file: "rules/topics.yaml", line: line, column: 5))
    }

    func scalar(_ text: String, line: Int, column: Int, quoted: Bool = false) -> ConfigNode {
        ConfigNode(
            .scalar(text), at: SourcePosition(file: "rules/topics.yaml", line: line, column: column), quoted: quoted)
    }

    @Test("A full entry: name, description, quoted query, where block")
    func fullEntry() throws {
        let whereNode = ConfigNode(
            .mapping([
                ConfigNode.Entry(
                    key: "source", keyPosition: SourcePosition(file: "rules/topics.yaml", line: 6, column: 14),
                    value: ConfigNode(
                        .sequence([scalar("appstore", line: 6, column: 23), scalar("reddit", line: 6, column: 33)]),
                        at: SourcePosition(file: "rules/topics.yaml", line: 6, column: 22))),
                ConfigNode.Entry(
                    key: "rating", keyPosition: SourcePosition(file: "rules/topics.yaml", line: 6, column: 42),
                    value: scalar("<=2", line: 6, column: 50, quoted: true)),
            ]), at: SourcePosition(file: "rules/topics.yaml", line: 6, column: 12))
        let rule = try TopicRule.parse(
            entry([
                ("name", scalar("checkin-broken", line: 3, column: 11)),
                ("description", scalar("Check-in failures", line: 4, column: 18)),
                ("query", scalar(TopicMatcherTests.checkin, line: 5, column: 12, quoted: true)),
                ("where", whereNode),
            ]))
        #expect(rule.name == "checkin-broken")
        #expect(rule.description == "Check-in failures")
        #expect(rule.filter.sources == ["appstore", "reddit"])
        #expect(rule.filter.ratings == [Int.min...2])
        #expect(rule.queryPosition == SourcePosition(file: "rules/topics.yaml", line: 5, column: 13))
    }

    @Test("Query errors point inside the quoted YAML scalar")
    func errorPosition() {
        #expect(
            throws: ConfigError(
                "expected ')' to close '(' opened at 12:13",
                at: SourcePosition(file: "rules/topics.yaml", line: 12, column: 31))
        ) {
            try TopicRule.parse(
                self.entry(
                    [
                        ("name", self.scalar("billing", line: 11, column: 11)),
                        ("query", self.scalar("(charge* OR refund", line: 12, column: 12, quoted: true)),
                    ], line: 11))
        }
    }

    @Test("Unknown keys are rejected with a suggestion, in the entry and in where:")
    func unknownKeys() {
        #expect(
            throws: ConfigError(
                "unknown key 'quer' in topic; did you mean 'query'?",
                at: SourcePosition(file: "rules/topics.yaml", line: 4, column: 5))
        ) {
            try TopicRule.parse(
                self.entry([
                    ("name", self.scalar("billing", line: 3, column: 11)),
                    ("quer", self.scalar("refund", line: 4, column: 12)),
                    ("query", self.scalar("refund", line: 5, column: 12)),
                ]))
        }
        let whereNode = ConfigNode(
            .mapping([
                ConfigNode.Entry(
                    key: "sorce", keyPosition: SourcePosition(file: "f", line: 9, column: 14),
                    value: self.scalar("appstore", line: 9, column: 21))
            ]), at: SourcePosition(file: "f", line: 9, column: 12))
        #expect(
            throws: ConfigError(
                "unknown key 'sorce' in where; did you mean 'source'?",
                at: SourcePosition(file: "f", line: 9, column: 14))
        ) {
            try TopicRule.parse(
                self.entry([
                    ("name", self.scalar("billing", line: 3, column: 11)),
                    ("query", self.scalar("refund", line: 4, column: 12)),
                    ("where", whereNode),
                ]))
        }
    }

    @Test("A missing query is an error at the entry")
    func missingQuery() {
        #expect(
            throws: ConfigError(
                "topic is missing required key 'query'",
                at: SourcePosition(file: "rules/topics.yaml", line: 3, column: 5))
        ) {
            try TopicRule.parse(self.entry([("name", self.scalar("billing", line: 3, column: 11))]))
        }
    }

    @Test("A list collects every error and rejects a name used twice")
    func list() {
        let list = ConfigNode(
            .sequence([
                entry(
                    [("name", scalar("a", line: 2, column: 11)), ("query", scalar("refund", line: 3, column: 12))],
                    line: 2),
                entry(
                    [("name", scalar("b", line: 4, column: 11)), ("query", scalar("(oops", line: 5, column: 12))],
                    line: 4),
                entry(
                    [("name", scalar("a", line: 6, column: 11)), ("query", scalar("x", line: 7, column: 12))], line: 6),
            ]), at: SourcePosition(file: "rules/topics.yaml", line: 2, column: 3))
        let (rules, errors) = TopicRule.parseList(list)
        #expect(rules.map(\.name) == ["a"])
        #expect(
            errors.map(\.description) == [
                "rules/topics.yaml:5:17: expected ')' to close '(' opened at 5:12",
                "rules/topics.yaml:6:5: topic 'a' is defined twice (first at 2:5)",
            ])
    }
}
