import Foundation
import HarkCore
import HarkLearn
import Testing
@testable import HarkRespond

@Suite("inhibition")
struct InhibitorTests {
    static let yaml = """
        - source_match: { kind: spike }
          target_match: { kind: mention }
          equal: [topic]
        """

    func inhibitor(_ yaml: String = Self.yaml) throws -> Inhibitor {
        Inhibitor(rules: try InhibitRule.parseList(TestYAML.parse(yaml, file: "rules/inhibit.yaml")))
    }

    @Test("a spike mutes mentions sharing its topic while it holds")
    func spikeMutesMentions() throws {
        var inhibitor = try inhibitor()
        inhibitor.observe(Fixtures.spike("surge", topic: "billing", at: 100, endsAfter: 900))
        let billing = Fixtures.alert("1", topics: ["pricing", "billing"])
        #expect(inhibitor.inhibition(of: billing, at: Fixtures.at(99)) == nil, "not before the spike")
        #expect(inhibitor.inhibition(of: billing, at: Fixtures.at(100))?.rule == 0)
        #expect(inhibitor.inhibition(of: billing, at: Fixtures.at(999)) != nil)
        #expect(inhibitor.inhibition(of: billing, at: Fixtures.at(1000)) == nil, "the spike's endsAt bounds it")
        #expect(inhibitor.inhibition(of: Fixtures.alert("2", topics: ["checkin"]), at: Fixtures.at(200)) == nil)
        #expect(inhibitor.inhibition(of: Fixtures.spike("other", topic: "billing", at: 200), at: Fixtures.at(200)) == nil,
            "targets must match target_match")
    }

    @Test("without endsAt the default 30 minutes apply; the rule's duration overrides both")
    func durations() throws {
        var byDefault = try inhibitor()
        byDefault.observe(Fixtures.spike("surge", topic: "billing", at: 0))
        let mention = Fixtures.alert("1", topics: ["billing"])
        #expect(byDefault.inhibition(of: mention, at: Fixtures.at(1799)) != nil)
        #expect(byDefault.inhibition(of: mention, at: Fixtures.at(1800)) == nil)
        var ruled = try inhibitor(Self.yaml + "\n  duration: 5m\n")
        ruled.observe(Fixtures.spike("surge", topic: "billing", at: 0, endsAfter: 3600))
        #expect(ruled.inhibition(of: mention, at: Fixtures.at(299)) != nil)
        #expect(ruled.inhibition(of: mention, at: Fixtures.at(300)) == nil)
        ruled.prune(at: Fixtures.at(300))
        #expect(ruled.isEmpty)
    }

    @Test("an alert never mutes itself")
    func notItself() throws {
        var inhibitor = try inhibitor("- source_match: { topic: billing }\n  target_match: { topic: billing }\n")
        let alert = Fixtures.alert("1", topics: ["billing"])
        inhibitor.observe(alert)
        #expect(inhibitor.inhibition(of: alert, at: Fixtures.at(1)) == nil)
        #expect(inhibitor.inhibition(of: Fixtures.alert("2", topics: ["billing"]), at: Fixtures.at(1)) != nil)
    }

    @Test("inhibit rule errors name their position")
    func errors() {
        func errors(_ yaml: String) -> [String] {
            InhibitRule.parseAll(TestYAML.parse(yaml, file: "rules/i.yaml")).errors.map(\.description)
        }
        #expect(errors("- target_match: { kind: mention }\n")
            == ["rules/i.yaml:1:3: inhibit rule needs 'source_match' or 'source_match_re'"])
        #expect(errors("- source_match: { kind: spike }\n  target_match: { kind: mention }\n  equal: [topik]\n")
            == ["rules/i.yaml:3:11: unknown label 'topik'; did you mean 'topic'?"])
        #expect(errors("- source_match: { kind: spike }\n  target_match_re: { topic: \"(\" }\n").first?
            .hasPrefix("rules/i.yaml:2:29: invalid regular expression") == true)
    }
}
