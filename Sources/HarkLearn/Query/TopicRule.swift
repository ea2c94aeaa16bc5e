import Foundation
public import HarkCore

/// One entry of a `topics:` list: a named query, optionally scoped by a `where:` block.
///
/// ```yaml
/// topics:
///   - name: checkin-broken
///     description: Check-in failures reported by app users
///     query: '("check in" OR checkin) NEAR/5 (broken OR locked OR fail*)'
///     where: { source: [appstore, reddit] }
/// ```
///
/// The query is parsed when the rule is read, so `hark check` reports a typo at its line and column
/// long before the daemon meets a mention.
public struct TopicRule: Sendable, Hashable {
    /// The topic's name, the label that mentions carry and routes select on (`topic:billing`).
    public var name: String
    /// What the topic is for, for people reading the rule file.
    public var description: String?
    /// The query as written.
    public var query: String
    /// The parsed query.
    public var expression: QueryExpression
    /// The `where:` block.
    public var filter: MentionFilter
    /// Where the rule entry starts in its file.
    public var position: SourcePosition
    /// Where the query's first character sits in its file; clause ranges count from here.
    public var queryPosition: SourcePosition

    /// Makes a rule from its parts, parsing `query`; for rules built in code and in tests.
    public init(
        name: String, query: String, where filter: MentionFilter = MentionFilter(), description: String? = nil,
        at queryPosition: SourcePosition = SourcePosition(file: "<query>", line: 1, column: 1)
    ) throws(ConfigError) {
        self.name = name
        self.description = description
        self.query = query
        self.expression = try QueryParser.parse(query, at: queryPosition)
        self.filter = filter
        self.position = queryPosition
        self.queryPosition = queryPosition
    }

    /// Reads one entry of a `topics:` list (`name`, `query`, optional `where` and `description`).
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> TopicRule {
        var mapping = try node.mapping("topic")
        let nameNode = try mapping.required("name")
        let name = try nameNode.string("name")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigError("a topic needs a non-empty name", at: nameNode.position)
        }
        let queryNode = try mapping.required("query")
        let query = try queryNode.string("query")
        let description = try mapping.optional("description")?.string("description")
        let filter = try mapping.optional("where").map { node throws(ConfigError) in try MentionFilter.parse(node) }
        try mapping.rejectUnknownKeys()
        var queryPosition = queryNode.position
        if queryNode.isQuoted { queryPosition.column += 1 }
        var rule = try TopicRule(
            name: name, query: query, where: filter ?? MentionFilter(), description: description, at: queryPosition)
        rule.position = node.position
        return rule
    }

    /// Reads a whole `topics:` list, collecting every error (so `hark check` shows them all) and
    /// rejecting a name used twice.
    public static func parseList(_ node: ConfigNode) -> (rules: [TopicRule], errors: [ConfigError]) {
        var rules: [TopicRule] = []
        var errors: [ConfigError] = []
        var seen: [String: SourcePosition] = [:]
        let items: [ConfigNode]
        do {
            items = try node.list("topics")
        } catch {
            return ([], [error])
        }
        for item in items {
            do {
                let rule = try parse(item)
                if let first = seen[rule.name] {
                    errors.append(
                        ConfigError(
                            "topic '\(rule.name)' is defined twice (first at \(first.line):\(first.column))",
                            at: rule.position))
                    continue
                }
                seen[rule.name] = rule.position
                rules.append(rule)
            } catch {
                errors.append(error)
            }
        }
        return (rules, errors)
    }
}
