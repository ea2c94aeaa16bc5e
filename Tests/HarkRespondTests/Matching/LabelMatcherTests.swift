import HarkLearn
import Testing
@testable import HarkRespond

@Suite("label matchers")
struct LabelMatcherTests {
    func labels(topics: [String]) -> AlertLabels {
        var labels = AlertLabels()
        labels.set(.topic, values: topics)
        labels[.connector] = "appstore"
        return labels
    }

    @Test("equality holds when any value of a multi-valued label equals")
    func equalityAnyValue() {
        let matcher = LabelMatcher.equal(.topic, "billing")
        #expect(matcher.matches(labels(topics: ["pricing", "billing"])))
        #expect(!matcher.matches(labels(topics: ["pricing"])))
        #expect(!matcher.matches(labels(topics: ["pricing,billing"])), "the joined form is not a value")
    }

    @Test("an absent label is the empty string")
    func absentIsEmpty() throws {
        #expect(LabelMatcher.equal(.theme, "").matches(labels(topics: [])))
        #expect(try !LabelMatcher.regex(.theme, ".+").matches(labels(topics: [])))
        #expect(try LabelMatcher.regex(.theme, ".*").matches(labels(topics: [])))
    }

    @Test("patterns are anchored at both ends")
    func anchored() throws {
        let matcher = try LabelMatcher.regex(.connector, "app.*")
        #expect(matcher.matches(labels(topics: [])))
        let partial = try LabelMatcher.regex(.connector, "store")
        #expect(!partial.matches(labels(topics: [])))
        let newline = try LabelPattern("billing")
        #expect(!newline.matches("billing\n"))
        let general = try LabelPattern("bill(ing)?")
        #expect(general.matches("bill") && general.matches("billing") && !general.matches("billings"))
        #expect(!general.matches("billing\n"), "\\z, not $, so a trailing newline does not match")
    }

    @Test("literal alternatives take the fast path and agree with a regular expression")
    func literalFastPath() throws {
        #expect(LabelPattern.literalAlternatives("billing|pricing") == ["billing", "pricing"])
        #expect(LabelPattern.literalAlternatives("(?:a|b-c)") == ["a", "b-c"])
        #expect(LabelPattern.literalAlternatives("bill.*") == nil)
        let fast = try LabelPattern("billing|pricing")
        let slow = try LabelPattern("(billing|pricing)+?")
        for value in ["billing", "pricing", "bill", "billingpricing", "", "pricing "] {
            #expect(fast.matches(value) == (value == "billing" || value == "pricing"))
            if value != "billingpricing" { #expect(fast.matches(value) == slow.matches(value)) }
        }
    }

    @Test("invalid and oversized patterns are rejected with a reason")
    func invalid() {
        #expect(throws: LabelPattern.PatternError.self) { try LabelPattern("[z-a]") }
        #expect(throws: LabelPattern.PatternError.self) { try LabelPattern(String(repeating: "a", count: 1001)) }
    }

    @Test("matchers print as Alertmanager prints them")
    func description() throws {
        #expect([LabelMatcher.equal(.topic, "billing"), try .regex(.connector, "app.*")].braced
            == #"{topic="billing",connector=~"app.*"}"#)
    }
}
