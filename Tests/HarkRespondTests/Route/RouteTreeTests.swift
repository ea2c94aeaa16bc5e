import HarkCore
import HarkLearn
import Testing
@testable import HarkRespond

@Suite("route: which receivers take an alert")
struct RouteTreeTests {
    static let yaml = """
        receiver: frontline
        routes:
          - match: { abusive: "true" }
            receiver: lead
          - match: { topic: billing }
            receiver: billing-team
            continue: true
          - match: { sentiment: negative }
            receiver: cx
            routes:
              - match: { connector: appstore }
                receiver: mobile
          - match: { kind: mention }
            receiver: marketing
        """

    func receivers(_ alert: Alert, _ yaml: String = Self.yaml) throws -> [String] {
        try Fixtures.tree(yaml).route(alert).map(\.receiver)
    }

    @Test("first match wins: an abusive billing complaint goes to the lead only")
    func firstMatchWins() throws {
        #expect(try receivers(Fixtures.alert("1", topics: ["billing"], sentiment: .negative, abusive: true)) == ["lead"])
    }

    @Test("continue: a billing complaint reaches billing and the next matching route")
    func continueMatching() throws {
        let alert = Fixtures.alert("1", connector: "reddit", topics: ["billing"], sentiment: .negative)
        #expect(try receivers(alert) == ["billing-team", "cx"])
    }

    @Test("a nested route takes over from its parent; when no child matches the parent handles it")
    func nested() throws {
        #expect(try receivers(Fixtures.alert("1", connector: "appstore", sentiment: .negative)) == ["mobile"])
        #expect(try receivers(Fixtures.alert("2", connector: "reddit", sentiment: .negative)) == ["cx"])
    }

    @Test("an alert no route takes goes to the root's receiver")
    func fallsBackToRoot() throws {
        #expect(try receivers(Fixtures.spike("surge", topic: "checkin")) == ["frontline"])
    }

    @Test("a mention matching several topics matches a route on any one of them")
    func multiValuedTopic() throws {
        let alert = Fixtures.alert("1", connector: "reddit", topics: ["pricing", "billing"], sentiment: .positive)
        #expect(try receivers(alert) == ["billing-team", "marketing"])
        let regexTree = """
            receiver: a
            routes:
              - match_re: { topic: "bill.*" }
                receiver: b
            """
        #expect(try receivers(alert, regexTree) == ["b"])
        #expect(try receivers(Fixtures.alert("2", topics: ["pricing"]), regexTree) == ["a"])
    }

    @Test("the path explains how an alert got to its receiver")
    func explanation() throws {
        let matches = try Fixtures.tree(Self.yaml).route(Fixtures.alert("1", sentiment: .negative))
        #expect(matches.count == 1)
        #expect(matches[0].path.map(\.description) == [
            "rules/route.yaml:1:1 {} -> frontline",
            #"rules/route.yaml:8:5 {sentiment="negative"} -> cx"#,
            #"rules/route.yaml:11:9 {connector="appstore"} -> mobile"#,
        ])
        #expect(matches[0].routeID == #"{}/{sentiment="negative"}/{connector="appstore"}"#)
    }

    @Test("the child index gives exactly the plain walk's answers")
    func indexMatchesLinearWalk() throws {
        var yaml = "receiver: root\nroutes:\n"
        let topics = (0..<30).map { "topic\($0)" }
        for (index, topic) in topics.enumerated() {
            yaml += "  - match: { topic: \(topic) }\n    receiver: r\(index)\n"
            if index % 5 == 0 { yaml += "    continue: true\n" }
            if index % 7 == 0 {
                yaml += "  - match_re: { connector: \"c[0-4]\" }\n    receiver: re\(index)\n"
            }
        }
        yaml += "  - match: { topic: \"\" }\n    receiver: untopical\n"
        let indexed = try Fixtures.tree(yaml)
        #expect(indexed.nodes.count > 30)
        var linear = indexed
        linear.usesChildIndex = false
        var generator = SplitMix(seed: 7)
        var differing = 0
        var reachedUntopical = false
        for index in 0..<2000 {
            let count = Int(generator.next() % 4)
            let chosen = (0..<count).map { _ in topics[Int(generator.next() % 30)] }
            let alert = Fixtures.alert("\(index)", connector: "c\(generator.next() % 8)", topics: chosen)
            let a = indexed.route(alert.labels)
            if a != linear.route(alert.labels) { differing += 1 }
            if a.contains(where: { indexed.nodes[$0].receiver == "untopical" }) { reachedUntopical = true }
        }
        #expect(differing == 0)
        #expect(reachedUntopical, "an alert without topics matches topic=\"\" as in Alertmanager")
    }
}

/// A tiny seeded generator so randomized tests are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
