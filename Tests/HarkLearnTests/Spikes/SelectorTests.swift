import HarkCore
import HarkLearn
import Testing

@Suite("Spike selectors: syntax, matching, grouping and errors")
struct SelectorTests {
    typealias F = SpikeFixture

    let billingNegative = F.mention(minutes: 0, sentiment: .negative, topics: ["billing", "refunds"])
    let billingNeutral = F.mention(minutes: 0, topics: ["billing"])
    let checkinNegative = F.mention(minutes: 0, sentiment: .negative, topics: ["checkin"])

    func matches(_ selector: String, _ mention: LabelledMention) -> Bool {
        F.selector(selector).matches(mention)
    }

    func error(_ text: String, at position: SourcePosition = SourcePosition(file: "rules/spikes.yaml", line: 4, column: 13))
        -> String?
    {
        do {
            _ = try MentionSelector(text, at: position)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func andOrNotAndParentheses() {
        #expect(matches("topic:billing AND sentiment:negative", billingNegative))
        #expect(!matches("topic:billing AND sentiment:negative", billingNeutral))
        #expect(matches("topic:billing sentiment:negative", billingNegative), "side by side means AND")
        #expect(!matches("topic:billing sentiment:negative", checkinNegative))
        #expect(matches("topic:billing OR topic:checkin", checkinNegative))
        #expect(matches("sentiment:negative AND NOT topic:billing", checkinNegative))
        #expect(!matches("sentiment:negative AND NOT topic:billing", billingNegative))
        #expect(matches("(topic:billing OR topic:checkin) AND sentiment:negative", checkinNegative))
        #expect(!matches("(topic:billing OR topic:checkin) AND sentiment:negative", billingNeutral))
        // NOT binds tighter than AND, AND tighter than OR.
        #expect(matches("topic:checkin OR topic:billing AND sentiment:negative", checkinNegative))
        #expect(!matches("topic:nothing OR topic:billing AND sentiment:negative", billingNeutral))
        #expect(matches("topic:billing and not sentiment:negative", billingNeutral), "operators in any case")
    }

    @Test func wildcardsCaseAndLanguageSubtags() {
        #expect(matches("topic:bill*", billingNeutral))
        #expect(matches("topic:*funds", billingNegative))
        #expect(!matches("topic:bill*x", billingNeutral))
        #expect(matches("topic:Billing", billingNeutral), "ASCII case is ignored")
        #expect(matches("theme:*", F.mention(minutes: 0, theme: "t-1")))
        #expect(!matches("theme:*", billingNeutral), "a wildcard needs a value to match")
        #expect(matches("language:en", billingNeutral))
        var british = billingNeutral
        british.mention.language = "en-GB"
        #expect(matches("language:en", british))
        #expect(!matches("language:en-US", british))
        #expect(!matches("language:e", british))
        #expect(matches("connector:reviews source:appstore", billingNeutral))
        #expect(matches("abusive:false demand:false", billingNeutral))
        #expect(!matches("abusive:true", billingNeutral))
        #expect(matches(#"connector:"reviews""#, billingNeutral))
    }

    @Test func groupsPerWildcardValue() throws {
        let themes = try MentionSelector("theme:* AND sentiment:negative")
        #expect(themes.groupLabel == .theme)
        let mention = F.mention(minutes: 0, sentiment: .negative, theme: "t-7")
        #expect(themes.groups(of: mention) == ["t-7"])

        let topics = try MentionSelector("topic:b* OR topic:r*")
        #expect(topics.groupLabel == .topic)
        #expect(topics.groups(of: billingNegative) == ["billing", "refunds"])

        let plain = try MentionSelector("topic:billing")
        #expect(plain.groupLabel == nil)
        #expect(plain.groups(of: billingNegative) == [""])

        let negated = try MentionSelector("sentiment:negative NOT theme:*")
        #expect(negated.groupLabel == nil, "a wildcard under NOT only filters")
        #expect(negated.requiredLiterals.map(\.description) == ["sentiment:negative"])
    }

    @Test func errorsNameTheExactColumn() {
        #expect(error("topik:billing") == "rules/spikes.yaml:4:13: unknown label 'topik'; did you mean 'topic'?")
        #expect(
            error("topic:billing AND sentimnt:negative")
                == "rules/spikes.yaml:4:31: unknown label 'sentimnt'; did you mean 'sentiment'?")
        #expect(
            error("sentiment:negativ")
                == "rules/spikes.yaml:4:23: 'sentiment' is positive or neutral or negative, found 'negativ'; did you mean 'negative'?")
        #expect(error("abusive:yes") == "rules/spikes.yaml:4:21: 'abusive' is true or false, found 'yes'")
        #expect(
            error("topic:billing AND")
                == "rules/spikes.yaml:4:30: expected a term after AND, found the end of the selector")
        #expect(error("topic:") == "rules/spikes.yaml:4:19: expected a value after 'topic:' (a name, or * for any)")
        #expect(error("billing") == "rules/spikes.yaml:4:13: expected label:value (like topic:billing), found 'billing'")
        #expect(error("theme") == "rules/spikes.yaml:4:13: 'theme' needs a value, like theme:NAME or theme:*")
        #expect(
            error("(topic:a OR topic:b")
                == "rules/spikes.yaml:4:32: expected ')' to close the '(' at 4:13, found end of selector")
        #expect(error("topic:a)") == "rules/spikes.yaml:4:20: unexpected ')' without a matching '('")
        #expect(error("  ") == "rules/spikes.yaml:4:13: empty selector")
        #expect(error("()") == "rules/spikes.yaml:4:13: empty parentheses")
        #expect(error(#"topic:"open"#) == "rules/spikes.yaml:4:19: the quote opened here is never closed")
    }

    @Test func groupingMustBeOneRequiredLabel() {
        #expect(
            error("theme:* OR sentiment:negative")?.hasPrefix(
                "rules/spikes.yaml:4:13: 'theme:*' keeps one spike per theme, so every mention") == true)
        #expect(
            error("theme:* AND connector:*")?.hasPrefix(
                "rules/spikes.yaml:4:25: a selector groups by one label: 'connector:*' can't group as well as 'theme:*' at 4:13")
                == true)
        #expect(error("topic:b* OR topic:r*") == nil, "an OR whose every branch groups by one label is fine")
        #expect(error("theme:* AND (sentiment:negative OR abusive:true)") == nil)
    }
}
