import HarkCore
import HarkLearn
import Testing

@Suite("The abuse: section of a rules file")
struct AbuseSettingsTests {
    let file = "rules/main.yaml"

    func scalar(_ text: String, line: Int, column: Int) -> ConfigNode {
        ConfigNode(.scalar(text), at: SourcePosition(file: file, line: line, column: column))
    }

    func list(_ items: [ConfigNode], line: Int, column: Int) -> ConfigNode {
        ConfigNode(.sequence(items), at: SourcePosition(file: file, line: line, column: column))
    }

    func section(_ pairs: [(String, ConfigNode)]) -> ConfigNode {
        let entries = pairs.map { key, value in
            ConfigNode.Entry(
                key: key, keyPosition: SourcePosition(file: file, line: value.position.line, column: 3), value: value)
        }
        return ConfigNode(.mapping(entries), at: SourcePosition(file: file, line: 2, column: 3))
    }

    func error(_ node: ConfigNode) -> String? {
        do {
            _ = try AbuseSettings.parse(node)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsEveryKey() throws {
        let node = section([
            (
                "lexicons",
                list(
                    [scalar("abuse/en.tsv", line: 2, column: 14), scalar("brand/abuse.tsv", line: 2, column: 28)],
                    line: 2, column: 13)
            ),
            ("threshold", scalar("2.5", line: 3, column: 14)),
            (
                "allow",
                list(
                    [scalar("killer feature", line: 4, column: 11), scalar("sick deal", line: 4, column: 29)], line: 4,
                    column: 10)
            ),
        ])
        let settings = try AbuseSettings.parse(node)
        #expect(settings.lexiconPaths == ["abuse/en.tsv", "brand/abuse.tsv"])
        #expect(settings.threshold == 2.5)
        #expect(settings.allow == ["killer feature", "sick deal"])
    }

    @Test func anEmptySectionMeansTheDefaults() throws {
        let settings = try AbuseSettings.parse(ConfigNode(.null, at: SourcePosition(file: file, line: 1, column: 7)))
        #expect(settings == AbuseSettings())
        #expect(settings.lexiconPaths == ["abuse/en.tsv", "abuse/zh.tsv"])
        #expect(settings.threshold == 2.0)
    }

    @Test func rejectsUnknownKeysAndBadValuesWithPositions() {
        #expect(
            error(section([("treshold", scalar("2", line: 3, column: 13))]))
                == "rules/main.yaml:3:3: unknown key 'treshold' in abuse; did you mean 'threshold'?")
        #expect(
            error(section([("threshold", scalar("high", line: 3, column: 14))]))
                == "rules/main.yaml:3:14: expected abuse threshold to be a number, found 'high'")
        #expect(
            error(section([("threshold", scalar("0", line: 3, column: 14))]))
                == "rules/main.yaml:3:14: abuse threshold must be a number above 0, found 0.0")
        #expect(
            error(section([("allow", list([scalar("🙂", line: 4, column: 11)], line: 4, column: 10))]))
                == "rules/main.yaml:4:11: allowed phrase '🙂' has no letters, digits or Chinese characters to match")
        #expect(
            error(section([("lexicons", list([], line: 2, column: 13))]))
                == "rules/main.yaml:2:13: abuse lexicons is empty; remove the key to use the shipped ones")
    }

    @Test func loadsLexiconsRelativeToTheRulesDirectory() throws {
        var rules = AbuseFixture.lexiconDirectory
        rules.removeLast("/abuse".count)
        let lexicon = try AbuseSettings().loadLexicon(rulesDirectory: rules)
        #expect(lexicon == AbuseFixture.lexicon)
    }
}
