import HarkCore
import HarkLearn
import Testing

@Suite("The themes: section of a rules file")
struct ThemeSettingsTests {
    let file = "rules/themes.yaml"

    func at(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(file: file, line: line, column: column) }
    func scalar(_ text: String, _ line: Int, _ column: Int) -> ConfigNode { ConfigNode(.scalar(text), at: at(line, column)) }
    func list(_ items: [ConfigNode], _ line: Int, _ column: Int) -> ConfigNode {
        ConfigNode(.sequence(items), at: at(line, column))
    }
    func mapping(_ pairs: [(String, ConfigNode)], _ line: Int, _ column: Int) -> ConfigNode {
        ConfigNode(
            .mapping(
                pairs.map {
                    ConfigNode.Entry(key: $0.0, keyPosition: at($0.1.position.line, $0.1.position.column - 4), value: $0.1)
                }), at: at(line, column))
    }

    func error(_ node: ConfigNode) -> String? {
        do {
            _ = try ThemeSettings.parse(node)
            return nil
        } catch {
            return error.description
        }
    }

    /// The section from the SPEC example: settings and one pinned theme.
    var example: ConfigNode {
        mapping(
            [
                (
                    "settings",
                    mapping(
                        [
                            ("min_authors", scalar("3", 3, 18)), ("similarity", scalar("0.3", 4, 17)),
                            ("growth_window", scalar("14d", 5, 20)), ("ignore", list([scalar("CineClub", 6, 14)], 6, 13)),
                        ], 3, 5)
                ),
                (
                    "pinned",
                    list(
                        [
                            mapping(
                                [
                                    ("name", scalar("guest-pass", 9, 13)), ("label", scalar("guest passes", 10, 14)),
                                    ("seeds", list([scalar("bring a friend", 11, 15), scalar("带朋友", 11, 33)], 11, 14)),
                                ], 9, 7)
                        ], 8, 5)
                ),
            ], 2, 3)
    }

    @Test func readsSettingsAndPinnedThemes() throws {
        let settings = try ThemeSettings.parse(example)
        #expect(settings.minAuthors == 3)
        #expect(settings.similarity == 0.3)
        #expect(settings.growthWindow == .seconds(14 * 86_400))
        #expect(settings.ignore == ["CineClub"])
        #expect(settings.pinned.map(\.name) == ["guest-pass"])
        #expect(settings.pinned.first?.label == "guest passes")
        #expect(settings.pinned.first?.seeds == ["bring a friend", "带朋友"])
        #expect(settings.pinned.first?.position == at(9, 7))
    }

    @Test func anAbsentSectionMeansTheDefaults() throws {
        let settings = try ThemeSettings.parse(ConfigNode(.null, at: at(1, 8)))
        #expect(settings == ThemeSettings())
        #expect(settings.minAuthors == 2)
        #expect(settings.growthWindow == .seconds(7 * 86_400))
    }

    @Test func unknownKeysAreErrorsWithASuggestion() {
        let node = mapping([("settings", mapping([("min_author", scalar("2", 3, 17))], 3, 5))], 2, 3)
        #expect(error(node) == "rules/themes.yaml:3:13: unknown key 'min_author' in themes settings; did you mean 'min_authors'?")
        let top = mapping([("pined", list([], 4, 10))], 2, 3)
        #expect(error(top) == "rules/themes.yaml:4:6: unknown key 'pined' in themes; did you mean 'pinned'?")
    }

    @Test func valuesThatCannotWorkAreErrorsAtTheirPosition() {
        let similarity = mapping([("settings", mapping([("similarity", scalar("1.5", 3, 17))], 3, 5))], 2, 3)
        #expect(error(similarity) == "rules/themes.yaml:3:17: similarity must be a number above 0 and at most 1, found 1.5")
        let authors = mapping([("settings", mapping([("min_authors", scalar("zero", 3, 18))], 3, 5))], 2, 3)
        #expect(error(authors) == "rules/themes.yaml:3:18: expected min_authors to be a whole number, found 'zero'")
        let window = mapping([("settings", mapping([("growth_window", scalar("weekly", 3, 20))], 3, 5))], 2, 3)
        #expect(error(window) == "rules/themes.yaml:3:20: expected growth_window like 30s, 5m, 2h or 7d, found 'weekly'")
    }

    @Test func pinnedThemesNeedAGoodNameAndSeeds() {
        func pinned(_ pairs: [(String, ConfigNode)]) -> ConfigNode {
            mapping([("pinned", list([mapping(pairs, 9, 7)], 8, 5))], 2, 3)
        }
        #expect(
            error(pinned([("name", scalar("Guest Pass", 9, 13)), ("seeds", list([scalar("x", 10, 15)], 10, 14))]))
                == "rules/themes.yaml:9:13: pinned theme name 'Guest Pass' must be lower-case letters, digits, '-' and '_' (it is a label value)")
        #expect(
            error(pinned([("name", scalar("t-1", 9, 13)), ("seeds", list([scalar("x", 10, 15)], 10, 14))]))
                == "rules/themes.yaml:9:13: pinned theme name 't-1' must not start with 't-', which discovered themes use")
        #expect(
            error(pinned([("name", scalar("guest", 9, 13))]))
                == "rules/themes.yaml:9:7: pinned theme is missing required key 'seeds'")
        #expect(
            error(pinned([("name", scalar("guest", 9, 13)), ("seeds", list([scalar("!!", 10, 15)], 10, 14))]))
                == "rules/themes.yaml:10:15: seed '!!' has no letters, digits or Chinese characters")
        #expect(
            error(pinned([("name", scalar("guest", 9, 13)), ("seeds", list([], 10, 14))]))
                == "rules/themes.yaml:10:14: pinned theme 'guest' lists no seeds")
        #expect(
            error(pinned([("name", scalar("guest", 9, 13)), ("seds", list([], 10, 14))]))
                == "rules/themes.yaml:9:7: pinned theme is missing required key 'seeds'")
    }

    @Test func aPinnedNameDefinedTwiceNamesBothPlaces() {
        let one = mapping([("name", scalar("guest", 9, 13)), ("seeds", list([scalar("x", 10, 15)], 10, 14))], 9, 7)
        let two = mapping([("name", scalar("guest", 12, 13)), ("seeds", list([scalar("y", 13, 15)], 13, 14))], 12, 7)
        let node = mapping([("pinned", list([one, two], 8, 5))], 2, 3)
        #expect(error(node) == "rules/themes.yaml:12:7: pinned theme 'guest' is defined twice (first at rules/themes.yaml:9:7)")
    }
}
