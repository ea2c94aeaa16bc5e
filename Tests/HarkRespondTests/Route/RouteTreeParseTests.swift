import HarkCore
import HarkLearn
import Testing
@testable import HarkRespond

@Suite("route: parsing and its errors")
struct RouteTreeParseTests {
    @Test("a full tree parses with inherited receivers and group settings")
    func parsesTree() throws {
        let tree = try Fixtures.tree(
            """
            route:
              receiver: frontline
              group_by: [connector]
              group_wait: 10s
              group_interval: 2m
              repeat_interval: 1h
              routes:
                - match: { abusive: "true" }
                  receiver: lead
                  group_wait: 0s
                - match_re: { topic: "billing|refunds" }
                  group_by: ['...']
                  routes:
                    - match: { sentiment: negative }
                      receiver: billing-escalations
                      repeat_interval: 30m
            """.sectionValue)
        #expect(tree.nodes.count == 4)
        let lead = tree.nodes[1]
        #expect(lead.receiver == "lead")
        #expect(lead.grouping.groupWait == .zero)
        #expect(lead.grouping.groupInterval == .seconds(120))
        #expect(lead.grouping.groupBy == .labels([.connector]))
        let billing = tree.nodes[2]
        #expect(billing.receiver == "frontline", "receiver is inherited")
        #expect(billing.receiverPosition == nil)
        #expect(billing.grouping.groupBy == .all)
        #expect(billing.grouping.groupWait == .seconds(10))
        let escalations = tree.nodes[3]
        #expect(escalations.grouping.groupBy == .all, "group_by is inherited from the parent, not the root")
        #expect(escalations.grouping.repeatInterval == .seconds(1800))
        #expect(escalations.grouping.groupInterval == .seconds(120))
        #expect(escalations.parent == 2)
        #expect(tree.nodes[0].children == [1, 2])
        #expect(escalations.id == #"{}/{topic=~"billing|refunds"}/{sentiment="negative"}"#)
    }

    @Test("defaults are Alertmanager's")
    func defaults() throws {
        let tree = try Fixtures.tree("route:\n  receiver: all\n".sectionValue)
        #expect(tree.root.grouping == .defaults)
        #expect(GroupSettings.defaults.groupWait == .seconds(30))
        #expect(GroupSettings.defaults.groupInterval == .seconds(300))
        #expect(GroupSettings.defaults.repeatInterval == .seconds(14_400))
    }

    @Test("an unknown key is reported at the key, with a suggestion")
    func unknownKey() {
        let errors = Fixtures.routeErrors(
            """
            receiver: all
            routes:
              - match: { kind: spike }
                recevier: product
            """)
        #expect(errors == ["rules/route.yaml:4:5: unknown key 'recevier' in nested route; did you mean 'receiver'?"])
    }

    @Test("an unknown label in match is reported at the label, with a suggestion")
    func unknownLabel() {
        let errors = Fixtures.routeErrors(
            """
            receiver: all
            routes:
              - match: { topc: billing }
                receiver: billing
            """)
        #expect(errors == ["rules/route.yaml:3:14: unknown label 'topc'; did you mean 'topic'?"])
    }

    @Test("an impossible value of a closed label is reported at the value")
    func impossibleValue() {
        let errors = Fixtures.routeErrors(
            """
            receiver: all
            routes:
              - match: { kind: spikes }
                receiver: product
              - match: { abusive: yes }
                receiver: lead
            """)
        #expect(
            errors == [
                "rules/route.yaml:3:20: label 'kind' is never 'spikes'; did you mean 'spike'?",
                "rules/route.yaml:5:23: label 'abusive' is never 'yes' (values: true, false)",
            ])
    }

    @Test("a bad regular expression is reported at the pattern")
    func badRegex() {
        let errors = Fixtures.routeErrors(
            """
            receiver: all
            routes:
              - match_re:
                  topic: "bill(ing"
                receiver: billing
            """)
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("rules/route.yaml:4:14: invalid regular expression 'bill(ing'"))
    }

    @Test("a bad duration is reported at the value; zero intervals are rejected")
    func badDuration() {
        let errors = Fixtures.routeErrors(
            """
            receiver: all
            group_wait: soon
            group_interval: 0s
            """)
        #expect(
            errors == [
                "rules/route.yaml:2:13: expected group_wait like 30s, 5m, 2h or 7d, found 'soon'",
                "rules/route.yaml:3:17: group_interval must be longer than 0s",
            ])
    }

    @Test("the root needs a receiver and takes no matchers")
    func rootRules() {
        let errors = Fixtures.routeErrors(
            """
            group_by: [topic]
            match: { kind: spike }
            continue: true
            """)
        #expect(
            errors == [
                "rules/route.yaml:1:1: route is missing required key 'receiver' (the default receiver)",
                "rules/route.yaml:2:1: the root route takes every alert; 'match' belongs in a nested route",
                "rules/route.yaml:3:1: the root route takes every alert; 'continue' belongs in a nested route",
            ])
    }

    @Test("every error in the tree is reported, not just the first")
    func collectsErrors() {
        let errors = Fixtures.routeErrors(
            """
            receiver: all
            routes:
              - match: { topic: billing }
                group_by: [topic, sentimnt]
              - match: { kind: spike }
                continue: maybe
              - receiver: ok
            """)
        #expect(
            errors == [
                "rules/route.yaml:4:23: unknown label 'sentimnt'; did you mean 'sentiment'?",
                "rules/route.yaml:6:15: expected continue to be true or false, found 'maybe'",
            ])
    }

    @Test("group_by '...' must stand alone; a label listed twice is an error")
    func groupByChecks() {
        #expect(
            Fixtures.routeErrors("receiver: a\ngroup_by: [topic, '...']\n")
                == ["rules/route.yaml:2:19: '...' groups by every label and must be the only entry of group_by"])
        #expect(
            Fixtures.routeErrors("receiver: a\ngroup_by: [topic, topic]\n")
                == ["rules/route.yaml:2:19: label 'topic' is listed twice in group_by"])
    }

    @Test("routes naming unknown receivers are reported at the name, inherited ones are not repeated")
    func unknownReceivers() throws {
        let tree = try Fixtures.tree(
            """
            receiver: frontline
            routes:
              - match: { kind: spike }
                receiver: prodcut
                routes:
                  - match: { topic: billing }
              - match: { abusive: "true" }
                receiver: lead
            """)
        let errors = tree.unknownReceivers(known: ["frontline", "product", "lead"]).map(\.description)
        #expect(errors == ["rules/route.yaml:4:15: unknown receiver 'prodcut'; did you mean 'product'?"])
        #expect(tree.unknownReceivers(known: ["frontline", "product", "prodcut", "lead"]).isEmpty)
    }

    @Test("siblings with the same matchers get distinct ids")
    func duplicateSiblingIDs() throws {
        let tree = try Fixtures.tree(
            """
            receiver: a
            routes:
              - match: { topic: billing }
                receiver: b
              - match: { topic: billing }
                receiver: c
            """)
        #expect(tree.nodes[1].id == #"{}/{topic="billing"}"#)
        #expect(tree.nodes[2].id == #"{}/{topic="billing"}#2"#)
    }
}

extension String {
    /// The value of the single top-level key of a YAML snippet (`route:` … → its mapping), so tests
    /// can show the section as users write it. Strips the first line and two spaces of indentation.
    var sectionValue: String {
        split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            .map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0) }.joined(separator: "\n")
    }
}
