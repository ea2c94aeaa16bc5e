import HarkCore
import HarkLearn
import Testing

@Suite("Demand pattern files: format and errors with FILE:LINE:COL")
struct DemandPatternFileTests {
    func error(_ text: String) -> String? {
        do {
            _ = try DemandPatterns.parse(text: text, file: "ours.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsAFileAndDetects() throws {
        let text = """
            # ours
            language: en
            triggers:
              - "(please|pls) [just] add {request}"   # comment
              - 'we''d pay for {request}'
            exclude:
              - wish i had never
            trim:
              - beanline
              - at
            """
        let detector = DemandDetector(patterns: try DemandPatterns.parse(text: text, file: "ours.yaml"))
        #expect(detector.detect("pls just add oat milk at Beanline")?.request == "oat milk")
        #expect(detector.detect("we'd pay for oat milk")?.pattern == "we'd pay for {request}")
    }

    @Test func reportsExactPositions() {
        #expect(error("language: en\ntriggers:\n  - \"please (add {request}\"\n") == "ours.yaml:3:13: '(' is never closed with ')'")
        #expect(error("language: en\ntriggers:\n  - \"please add {thing}\"\n") == "ours.yaml:3:17: unknown slot '{thing}': the only slot is {request}")
        #expect(error("language: en\ntriggers:\n  - \"(a||b) {request}\"\n") == "ours.yaml:3:9: empty alternative in '(…)'")
        #expect(error("language: en\ntrigers:\n  - x\n") == "ours.yaml:2:1: unknown key 'trigers' in demand patterns; did you mean 'triggers'?")
        #expect(error("language: en\ntriggers:\n  - \"{request}\"\n") == "ours.yaml:3:6: a pattern needs at least one required word")
        #expect(error("language: en\ntriggers:\n  - please {request}\nexclude:\n  - \"wish {request}\"\n") == "ours.yaml:5:11: {request} is only allowed in triggers")
        #expect(error("language: en\ntriggers:\n  - \"please add\n") == "ours.yaml:3:5: string is never closed with \"")
        #expect(error("language: en\ntriggers: please\n") == "ours.yaml:2:11: 'triggers' is a list: write each item on its own '  - …' line")
        #expect(error("language: en\n  - please {request}\n") == "ours.yaml:2:3: list item outside a list key such as 'triggers:'")
        #expect(error("triggers:\n  - please {request}\n") == "ours.yaml:1:1: missing 'language: …' (for example 'language: en')")
        #expect(error("language: zh\nmatch: letters\ntriggers:\n  - 希望{request}\n") == "ours.yaml:2:8: expected match to be 'words' or 'characters', found 'letters'")
        #expect(error("language: en\n") == "ours.yaml:1:1: no triggers: expected 'triggers:' with at least one '- pattern' line")
        #expect(error("language: en\ntriggers:\n  - \"please ) {request}\"\n") == "ours.yaml:3:13: unexpected ')' without its opening bracket")
    }

    @Test func missingAndBinaryFiles() {
        #expect(throws: ConfigError.self) { try DemandPatterns.load(paths: ["/nonexistent/demand.yaml"]) }
    }

    @Test func settingsSection() throws {
        let at = SourcePosition(file: "rules/x.yaml", line: 4, column: 3)
        let node = ConfigNode(
            .mapping([
                .init(
                    key: "patterns", keyPosition: at,
                    value: ConfigNode(.sequence([ConfigNode(.scalar("demand/en.yaml"), at: at)]), at: at))
            ]), at: at)
        #expect(try DemandSettings.parse(node).patternFiles.map(\.path) == ["demand/en.yaml"])
        #expect(try DemandSettings.parse(ConfigNode(.mapping([]), at: at)).patternFiles.map(\.path) == DemandSettings.standardFiles)
        let bad = ConfigNode(.mapping([.init(key: "patern", keyPosition: at, value: ConfigNode(.scalar("x"), at: at))]), at: at)
        #expect(throws: ConfigError.self) { try DemandSettings.parse(bad) }
    }
}
