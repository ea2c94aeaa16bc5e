public import HarkCore

/// One route that took an alert: where it goes, how it is grouped, and how it got there.
public struct RouteMatch: Sendable, CustomStringConvertible {
    /// The route's index in `RouteTree.nodes`.
    public let node: Int
    public let routeID: String
    public let receiver: String
    public let grouping: GroupSettings
    /// The routes from the root down to this one, for explanations.
    public let path: [Step]

    /// One route on the way down.
    public struct Step: Sendable, CustomStringConvertible {
        public let routeID: String
        public let matchers: [LabelMatcher]
        public let receiver: String
        public let continues: Bool
        public let position: SourcePosition

        /// `rules/route.yaml:12:7 {abusive="true"} -> lead`.
        public var description: String {
            "\(position) \(matchers.braced) -> \(receiver)\(continues ? " (continue)" : "")"
        }
    }

    init(tree: RouteTree, node: Int) {
        let route = tree.nodes[node]
        self.node = node
        routeID = route.id
        receiver = route.receiver
        grouping = route.grouping
        var steps: [Step] = []
        var current: Int? = node
        while let index = current {
            let step = tree.nodes[index]
            steps.append(
                Step(
                    routeID: step.id, matchers: step.matchers, receiver: step.receiver, continues: step.continues,
                    position: step.position))
            current = step.parent
        }
        path = steps.reversed()
    }

    /// `receiver lead via {} > {abusive="true"} (rules/route.yaml:12:7)`.
    public var description: String {
        let via = path.map { $0.matchers.braced }.joined(separator: " > ")
        return "receiver \(receiver) via \(via) (\(path.last.map { "\($0.position)" } ?? ""))"
    }
}
