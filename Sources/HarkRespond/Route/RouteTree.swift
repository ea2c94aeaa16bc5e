/// The `route:` section: an Alertmanager-style tree that decides which receivers hear of an alert.
///
/// Semantics users know from Alertmanager: the root takes every alert; an alert descends into the
/// first child whose matchers all hold, recursively, and stops there unless that child says
/// `continue: true`, in which case later siblings are tried as well. A route none of whose children
/// take the alert handles it itself. So one alert can reach several receivers (through `continue`),
/// and always reaches at least one (the root's).
///
/// The tree is immutable and `Sendable`; routing needs no locks. Routes with many children keep an
/// index on the label most of them match by equality (typically `topic` or `connector`), so an
/// alert only tests the children that could take it; `usesChildIndex` turns that off to compare
/// against a plain walk.
public struct RouteTree: Sendable {
    /// Every route, pre-order; `nodes[0]` is the root.
    public let nodes: [RouteNode]
    /// Per node, the index over its children, when it has enough of them to be worth one.
    let childIndexes: [ChildIndex?]
    /// What routing reads of each node, kept apart from `nodes` so the walk does not copy whole
    /// nodes (strings, settings) for every route it visits.
    private let matchers: [[LabelMatcher]]
    private let children: [[Int]]
    private let continues: [Bool]
    /// Whether routing uses the child indexes (the default) or tests every child in turn.
    public var usesChildIndex = true

    /// A tree of already-built nodes (the parser's output; tests may build trees directly).
    public init(nodes: [RouteNode]) {
        precondition(!nodes.isEmpty, "a routing tree has a root")
        self.nodes = nodes
        self.childIndexes = nodes.map { ChildIndex.build(children: $0.children, of: nodes) }
        self.matchers = nodes.map(\.matchers)
        self.children = nodes.map(\.children)
        self.continues = nodes.map(\.continues)
    }

    /// The root route.
    public var root: RouteNode { nodes[0] }

    /// Every receiver name the tree uses.
    public var receivers: Set<String> { Set(nodes.map(\.receiver)) }

    /// The routes that take `alert`, in tree order, each with its receiver, grouping and the path
    /// that led to it (for `hark try` and `hark replay` explanations).
    public func route(_ alert: Alert) -> [RouteMatch] {
        route(alert.labels).map { RouteMatch(tree: self, node: $0) }
    }

    /// Indices of the routes that take alerts with these labels, in tree order.
    public func route(_ labels: AlertLabels) -> [Int] {
        var matched: [Int] = []
        _ = collect(0, labels, into: &matched)
        return matched
    }

    /// Adds the routes under `node` that take the alert; false when `node` itself does not match.
    private func collect(_ node: Int, _ labels: AlertLabels, into matched: inout [Int]) -> Bool {
        guard matchers[node].allMatch(labels) else { return false }
        let before = matched.count
        let candidates: [Int]
        if usesChildIndex, let index = childIndexes[node] {
            candidates = index.candidates(for: labels)
        } else {
            candidates = children[node]
        }
        for child in candidates where collect(child, labels, into: &matched) {
            if !continues[child] { break }
        }
        if matched.count == before { matched.append(node) }
        return true
    }
}
