import HarkCore
import HarkLearn
import Testing

@Suite("The spikes: section of a rules file")
struct SpikeRuleParseTests {
    let file = "rules/spikes.yaml"

    func scalar(_ text: String, line: Int, column: Int, quoted: Bool = false) -> ConfigNode {
        ConfigNode(.scalar(text), at: SourcePosition(file: file, line: line, column: column), quoted: quoted)
    }

    /// A rule mapping at `line`, one key per line, values at column 14 (`    select: ` is 12 wide,
    /// the value starts after a quote when quoted).
    func rule(line: Int, _ pairs: [(String, String)], quoted: Set<String> = ["select"]) -> ConfigNode {
        let entries = pairs.enumerated().map { offset, pair in
            ConfigNode.Entry(
                key: pair.0, keyPosition: SourcePosition(file: file, line: line + offset, column: 5),
                value: scalar(
                    pair.1, line: line + offset, column: 7 + pair.0.count, quoted: quoted.contains(pair.0)))
        }
        return ConfigNode(.mapping(entries), at: SourcePosition(file: file, line: line, column: 5))
    }

    func list(_ rules: [ConfigNode]) -> ConfigNode {
        ConfigNode(.sequence(rules), at: SourcePosition(file: file, line: 2, column: 3))
    }

    @Test func readsTheSpecExampleAndDefaults() throws {
        let (rules, errors) = SpikeRule.parseList(
            list([
                rule(
                    line: 2,
                    [
                        ("name", "negative-surge"), ("select", "sentiment:negative"), ("window", "30m"),
                        ("baseline", "7d"), ("min_count", "8"), ("factor", "4"), ("cooldown", "2h"),
                        ("min_authors", "3"),
                    ]),
                rule(
                    line: 10,
                    [
                        ("name", "appstore-quiet"), ("kind", "silence"), ("select", "connector:*"),
                        ("window", "6h"), ("min_expected", "10"),
                    ]),
            ]))
        #expect(errors.isEmpty)
        try #require(rules.count == 2)
        let surge = rules[0]
        #expect(surge.kind == .surge)
        #expect(surge.selector.text == "sentiment:negative")
        #expect(surge.window == .seconds(1800))
        #expect(surge.baseline == .seconds(7 * 86_400))
        #expect(surge.minCount == 8)
        #expect(surge.factor == 4)
        #expect(surge.cooldown == .seconds(7200))
        #expect(surge.minAuthors == 3)
        #expect(surge.position == SourcePosition(file: file, line: 2, column: 5))
        let silence = rules[1]
        #expect(silence.kind == .silence)
        #expect(silence.selector.groupLabel == .connector)
        #expect(silence.baseline == SpikeRule.defaultBaseline)
        #expect(silence.minExpected == 10)
        #expect(silence.maxCount == 0)
        #expect(silence.cooldown == .seconds(12 * 3600), "the default cool-down is twice the window")
    }

    @Test func collectsEveryErrorWithItsPosition() {
        let (rules, errors) = SpikeRule.parseList(
            list([
                rule(
                    line: 2,
                    [
                        ("name", "bad"), ("select", "topik:billing"), ("windw", "30m"), ("factor", "1"),
                        ("min_count", "0"), ("cooldown", "soon"),
                    ]),
                rule(line: 9, [("name", "wide"), ("select", "topic:billing"), ("window", "7d"), ("baseline", "1d")]),
                rule(
                    line: 14,
                    [("name", "quiet"), ("kind", "silense"), ("select", "connector:x"), ("window", "1h")]),
                rule(
                    line: 19,
                    [("name", "quiet2"), ("kind", "silence"), ("select", "connector:x"), ("window", "1h"), ("factor", "3")]),
                rule(
                    line: 25,
                    [("name", "loud"), ("select", "connector:x"), ("window", "1h"), ("max_count", "1")]),
            ]))
        #expect(rules.isEmpty)
        #expect(
            errors.map(\.description) == [
                "rules/spikes.yaml:3:14: unknown label 'topik'; did you mean 'topic'?",
                "rules/spikes.yaml:2:5: spike rule is missing required key 'window'",
                "rules/spikes.yaml:7:15: expected cooldown like 30s, 5m, 2h or 7d, found 'soon'",
                "rules/spikes.yaml:6:16: min_count must be at least 1, found 0",
                "rules/spikes.yaml:5:13: factor must be a number above 1 (how many times the usual count is unusual), found 1",
                "rules/spikes.yaml:4:5: unknown key 'windw' in spike rule; did you mean 'window'?",
                "rules/spikes.yaml:12:15: window (7d) must be shorter than baseline (1d): the baseline is the history before the window",
                "rules/spikes.yaml:15:11: kind is surge or silence, found 'silense'; did you mean 'silence'?",
                "rules/spikes.yaml:23:5: 'factor' applies to surge rules, not to a silence rule",
                "rules/spikes.yaml:28:5: 'max_count' applies to silence rules, not to a surge rule (add 'kind: silence'?)",
            ])
    }

    @Test func rejectsTwiceDefinedNames() {
        let (rules, errors) = SpikeRule.parseList(
            list([
                rule(line: 2, [("name", "a"), ("select", "topic:x"), ("window", "1h")]),
                rule(line: 6, [("name", "a"), ("select", "topic:y"), ("window", "1h")]),
            ]))
        #expect(rules.count == 1)
        #expect(errors.map(\.description) == ["rules/spikes.yaml:6:5: spike rule 'a' is defined twice (first at 2:5)"])
    }

    @Test func aSectionThatIsNotAListIsOneError() {
        let (rules, errors) = SpikeRule.parseList(
            ConfigNode(.mapping([]), at: SourcePosition(file: file, line: 1, column: 9)))
        #expect(rules.isEmpty)
        #expect(errors.map(\.description) == ["rules/spikes.yaml:1:9: expected spikes to be a list, found a mapping"])
    }
}
