public import HarkCore

/// One route of the routing tree: which alerts it takes (`matchers`), where they go (`receiver`),
/// how they are grouped, and whether matching continues to later siblings.
///
/// Nodes live in one array in `RouteTree` (pre-order, the root first) and refer to their children by
/// index, so routing walks an array rather than chasing references.
public struct RouteNode: Sendable {
    /// A stable name for the route, built from the matchers on the way to it (`{}` for the root,
    /// `{}/{abusive="true"}` below it), as Alertmanager names routes in group keys. Editing a route's
    /// receiver or timing keeps its id; changing its matchers changes it. Siblings with identical
    /// matchers get `#2`, `#3`, … after the first.
    public let id: String
    public let receiver: String
    /// Where `receiver` was written; nil when inherited from the parent.
    public let receiverPosition: SourcePosition?
    public let matchers: [LabelMatcher]
    /// `continue: true`: after this route matches, later siblings are tried too.
    public let continues: Bool
    public let grouping: GroupSettings
    /// Indices of the child routes in `RouteTree.nodes`, in file order.
    public let children: [Int]
    /// The parent's index; nil for the root.
    public let parent: Int?
    /// Where the route's mapping starts in its file.
    public let position: SourcePosition

    public init(
        id: String, receiver: String, receiverPosition: SourcePosition?, matchers: [LabelMatcher], continues: Bool,
        grouping: GroupSettings, children: [Int], parent: Int?, position: SourcePosition
    ) {
        self.id = id
        self.receiver = receiver
        self.receiverPosition = receiverPosition
        self.matchers = matchers
        self.continues = continues
        self.grouping = grouping
        self.children = children
        self.parent = parent
        self.position = position
    }
}
