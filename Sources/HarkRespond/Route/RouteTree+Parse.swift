public import HarkCore

extension RouteTree {
    /// Reads a `route:` section, stopping at the first error.
    ///
    /// ```yaml
    /// route:
    ///   receiver: frontline            # required at the root; inherited below
    ///   group_by: [connector]          # ['...'] groups by every label
    ///   group_wait: 30s                # these three are inherited by nested routes
    ///   group_interval: 5m
    ///   repeat_interval: 4h
    ///   routes:
    ///     - match: { abusive: "true" }
    ///       receiver: lead
    ///     - match_re: { topic: "billing|refunds" }
    ///       receiver: billing-team
    ///       continue: true             # also try the next routes
    ///     - match: { kind: spike }
    ///       receiver: product
    /// ```
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> RouteTree {
        let (tree, errors) = parseAll(node)
        if let first = errors.first { throw first }
        return tree!
    }

    /// Reads a `route:` section and returns every error in it, so `hark check` can list them all.
    /// The tree is nil when there was any error.
    public static func parseAll(_ node: ConfigNode) -> (tree: RouteTree?, errors: [ConfigError]) {
        var builder = RouteTreeBuilder()
        builder.parse(node, parent: nil, depth: 0)
        guard builder.errors.isEmpty else { return (nil, builder.errors) }
        return (RouteTree(nodes: builder.nodes.map { $0! }), [])
    }
}

/// Builds the node array of a tree from its configuration, pre-order, collecting errors.
private struct RouteTreeBuilder {
    var nodes: [RouteNode?] = []
    var errors: [ConfigError] = []

    /// Deeper nesting than this is a mistake, not a routing design.
    static let maxDepth = 32

    /// What a child inherits.
    struct Inherited {
        var index: Int
        var id: String
        var receiver: String
        var grouping: GroupSettings
    }

    /// Parses one route and its children; returns its index, or nil when it could not be built.
    @discardableResult
    mutating func parse(_ node: ConfigNode, parent: Inherited?, depth: Int, id: String = "{}") -> Int? {
        guard depth <= Self.maxDepth else {
            errors.append(ConfigError("routes are nested more than \(Self.maxDepth) levels deep", at: node.position))
            return nil
        }
        let what = parent == nil ? "route" : "nested route"
        var mapping: ConfigMapping
        do throws(ConfigError) {
            mapping = try node.mapping(what)
        } catch {
            errors.append(error)
            return nil
        }
        let errorsBefore = errors.count

        var receiver = parent?.receiver
        var receiverPosition: SourcePosition?
        if let value = mapping.optional("receiver") {
            record { () throws(ConfigError) in
                let name = try value.string("receiver")
                guard !name.isEmpty else { throw ConfigError("receiver must not be empty", at: value.position) }
                receiver = name
                receiverPosition = value.position
            }
        } else if parent == nil {
            errors.append(ConfigError("route is missing required key 'receiver' (the default receiver)", at: node.position))
        }

        var matchers: [LabelMatcher] = []
        var continues = false
        let match = mapping.optional("match")
        let matchRE = mapping.optional("match_re")
        let continueNode = mapping.optional("continue")
        if parent == nil {
            for key in ["match", "match_re", "continue"] {
                if let entry = mapping.entries.last(where: { $0.key == key }) {
                    errors.append(
                        ConfigError("the root route takes every alert; '\(key)' belongs in a nested route", at: entry.keyPosition))
                }
            }
        } else {
            record { () throws(ConfigError) in
                matchers = try LabelMatcher.parse(match: match, matchRE: matchRE, in: "route")
            }
            if let continueNode {
                record { () throws(ConfigError) in continues = try continueNode.bool("continue") }
            }
        }

        var grouping = parent?.grouping ?? .defaults
        if let value = mapping.optional("group_by") {
            record { () throws(ConfigError) in grouping.groupBy = try Self.groupBy(value) }
        }
        if let value = mapping.optional("group_wait") {
            record { () throws(ConfigError) in grouping.groupWait = try value.duration("group_wait") }
        }
        if let value = mapping.optional("group_interval") {
            record { () throws(ConfigError) in grouping.groupInterval = try Self.positive(value, "group_interval") }
        }
        if let value = mapping.optional("repeat_interval") {
            record { () throws(ConfigError) in grouping.repeatInterval = try Self.positive(value, "repeat_interval") }
        }
        let routesNode = mapping.optional("routes")
        record { () throws(ConfigError) in try mapping.rejectUnknownKeys() }

        let index = nodes.count
        nodes.append(nil)
        var children: [Int] = []
        let inherited = Inherited(index: index, id: id, receiver: receiver ?? "", grouping: grouping)
        var siblingIDs: [String: Int] = [:]
        var childItems: [ConfigNode] = []
        if let routesNode {
            record { () throws(ConfigError) in childItems = try routesNode.list("routes") }
        }
        for item in childItems {
            let childID = Self.childID(parent: id, item: item, seen: &siblingIDs)
            if let child = parse(item, parent: inherited, depth: depth + 1, id: childID) { children.append(child) }
        }
        guard errors.count == errorsBefore, let receiver else { return nil }
        nodes[index] = RouteNode(
            id: id, receiver: receiver, receiverPosition: receiverPosition, matchers: matchers, continues: continues,
            grouping: grouping, children: children, parent: parent?.index, position: node.position)
        return index
    }

    /// Runs one step, keeping its error and going on, so one bad key does not hide the next.
    private mutating func record(_ step: () throws(ConfigError) -> Void) {
        do throws(ConfigError) {
            try step()
        } catch {
            errors.append(error)
        }
    }

    /// The child's id from its matchers as written (see `RouteNode.id`); an unparsable child gets
    /// an id anyway, since its errors are reported on their own.
    private static func childID(parent: String, item: ConfigNode, seen: inout [String: Int]) -> String {
        var matchers: [LabelMatcher] = []
        if case .mapping(let entries) = item.kind {
            let match = entries.last { $0.key == "match" }?.value
            let matchRE = entries.last { $0.key == "match_re" }?.value
            matchers = (try? LabelMatcher.parse(match: match, matchRE: matchRE, in: "route")) ?? []
        }
        let base = parent + "/" + matchers.braced
        seen[base, default: 0] += 1
        let occurrence = seen[base]!
        return occurrence == 1 ? base : base + "#\(occurrence)"
    }

    private static func groupBy(_ node: ConfigNode) throws(ConfigError) -> GroupBy {
        let items = try node.list("group_by")
        if items.count == 1, (try? items[0].string()) == "..." { return .all }
        var names: [LabelName] = []
        for item in items {
            let text = try item.string("a label name")
            if text == "..." {
                throw ConfigError("'...' groups by every label and must be the only entry of group_by", at: item.position)
            }
            let name = try LabelMatcher.labelName(text, at: item.position)
            guard !names.contains(name) else {
                throw ConfigError("label '\(text)' is listed twice in group_by", at: item.position)
            }
            names.append(name)
        }
        return .labels(names)
    }

    private static func positive(_ node: ConfigNode, _ what: String) throws(ConfigError) -> Duration {
        let value = try node.duration(what)
        guard value > .zero else { throw ConfigError("\(what) must be longer than 0s", at: node.position) }
        return value
    }
}
