public import HarkCore
public import HarkLearn
import Foundation
import HarkConfig

/// One example from `rules/tests/*.yaml` that must hold: a text (or a whole mention) and the
/// labels it must get. Marketing teams write these next to their rules, and `hark test` and CI
/// run them, so a rule edit that breaks an agreed example is caught before it ships.
///
/// ```yaml
/// tests:
///   - text: "CineClub charged me twice and nobody answers!!!"
///     source: appstore          # optional mention fields: title, author, url, source, connector, language, rating, tags
///     rating: 1
///     expect: { topics: [billing], sentiment: negative }
/// ```
public struct RuleTestCase: Sendable {
    public var mention: Mention
    public var position: SourcePosition
    /// Exactly these topics (order does not matter).
    public var topics: [String]?
    public var sentiment: SentimentLabel?
    public var abusive: Bool?
    public var demand: Bool?
    /// The receivers the mention's alert must be routed to (all of them, in any order).
    public var route: [String]?

    /// Reads every case of a `rules/tests` file.
    public static func load(path: String, displayName: String) -> (cases: [RuleTestCase], errors: [ConfigError]) {
        let root: ConfigNode
        do throws(ConfigError) {
            root = try YAMLLoader.load(path: path, displayName: displayName)
        } catch {
            return ([], [error])
        }
        var cases: [RuleTestCase] = []
        var errors: [ConfigError] = []
        do throws(ConfigError) {
            var file = try root.mapping("rule test file")
            let list = try file.required("tests").list("tests")
            try file.rejectUnknownKeys()
            for (index, node) in list.enumerated() {
                do throws(ConfigError) {
                    cases.append(try RuleTestCase(node: node, index: index))
                } catch {
                    errors.append(error)
                }
            }
        } catch {
            errors.append(error)
        }
        return (cases, errors)
    }

    init(node: ConfigNode, index: Int) throws(ConfigError) {
        var map = try node.mapping("test")
        position = node.position
        let text = try map.optional("text")?.string("text")
        let title = try map.optional("title")?.string("title")
        guard text != nil || title != nil else { throw ConfigError("a test needs 'text' or 'title'", at: node.position) }
        var mention = Mention(
            id: "test-\(index + 1)", connector: try map.optional("connector")?.string("connector") ?? "test",
            source: SourceKind(try map.optional("source")?.string("source") ?? "test"), text: text ?? "",
            publishedAt: Date())
        mention.title = title
        mention.author = try map.optional("author")?.string("author")
        mention.url = try map.optional("url")?.string("url")
        mention.language = try map.optional("language")?.string("language")
        if let rating = map.optional("rating") {
            let value = try rating.int("rating")
            guard (1...5).contains(value) else { throw ConfigError("rating must be 1 to 5", at: rating.position) }
            mention.rating = value
        }
        mention.tags = try map.optional("tags")?.stringList("tags") ?? []
        self.mention = mention

        var expect = try map.required("expect").mapping("expect")
        topics = try expect.optional("topics")?.stringList("topics")
        if let node = expect.optional("sentiment") {
            let text = try node.string("sentiment")
            guard let label = SentimentLabel(rawValue: text) else {
                throw ConfigError("sentiment must be positive, neutral or negative, found '\(text)'", at: node.position)
            }
            sentiment = label
        }
        abusive = try expect.optional("abusive")?.bool("abusive")
        demand = try expect.optional("demand")?.bool("demand")
        if let node = expect.optional("route") {
            if case .sequence = node.kind {
                route = try node.stringList("route")
            } else {
                route = [try node.string("route")]
            }
        }
        try expect.rejectUnknownKeys()
        try map.rejectUnknownKeys()
    }

    /// What went wrong, one line per mismatched label; empty when the case holds. `receivers` is
    /// where the routing tree sends the mention (nil when the rules have no route).
    public func failures(with labels: Labels, receivers: [String]? = nil) -> [String] {
        var problems: [String] = []
        if let topics, Set(topics) != Set(labels.topics) {
            problems.append("topics: expected \(Self.list(topics)), got \(Self.list(labels.topics))")
        }
        if let sentiment, sentiment != labels.sentimentLabel {
            problems.append(
                "sentiment: expected \(sentiment), got \(labels.sentimentLabel) (score \(String(format: "%.3f", labels.sentiment)))")
        }
        if let abusive, abusive != labels.abusive {
            problems.append("abusive: expected \(abusive), got \(labels.abusive)")
        }
        if let demand, demand != labels.demand {
            problems.append("demand: expected \(demand), got \(labels.demand)")
        }
        if let route {
            if let receivers {
                if Set(route) != Set(receivers) {
                    problems.append("route: expected \(Self.list(route)), got \(Self.list(receivers))")
                }
            } else {
                problems.append("route: expected \(Self.list(route)), but the rules have no route: section")
            }
        }
        return problems
    }


    static func list(_ names: [String]) -> String { "[" + names.joined(separator: ", ") + "]" }
}
