public import HarkCore

/// A compiled selector (`topic:billing AND sentiment:negative`, `theme:*`): which labelled mentions
/// a spike rule counts, and how it splits them into groups.
///
/// Parsed once when the rules load; evaluating it walks a small tree of label tests with no
/// allocation, so every rule can look at every mention.
///
/// **Grouping.** A wildcard term that is not under NOT (`theme:*`, `topic:billing-*`) makes the
/// rule keep one independent detector per value of that label: `theme:*` watches every theme on its
/// own, so one theme surging alerts for that theme even while the others are quiet. A mention with
/// several matching values (`topic:*` and two topics) counts once in each group. To keep groups
/// well defined, the grouping wildcards of one selector must all be on one label, and every mention
/// the selector matches must have a value for it (`theme:* OR sentiment:negative` is rejected: a
/// negative mention without a theme would belong to no group). A selector without a grouping
/// wildcard has a single group, whose value is the empty string.
public struct MentionSelector: Sendable, Hashable, CustomStringConvertible {
    /// The selector as written.
    public let text: String
    let expression: SelectorExpression
    /// The label whose values split matches into groups, if any.
    public let groupLabel: SelectorLabel?
    /// The wildcard terms that define the groups.
    private let groupPatterns: [SelectorPattern]
    /// Every term, in the order written (for lints such as "no topic named 'billling'").
    public let terms: [SelectorTerm]
    /// Literal terms that hold for every match: what an alert can say about all of its mentions.
    public let requiredLiterals: [SelectorTerm]

    /// Parses and checks a selector whose first character sits at `position` in its file.
    public init(_ text: String, at position: SourcePosition = SourcePosition(file: "<selector>", line: 1, column: 1))
        throws(ConfigError)
    {
        let expression = try SelectorParser.parse(text, at: position)
        var terms: [(term: SelectorTerm, negated: Bool)] = []
        expression.terms(into: &terms)
        let grouping = terms.filter { !$0.negated && $0.term.pattern.isWildcard }.map(\.term)
        if let first = grouping.first {
            if let other = grouping.first(where: { $0.label != first.label }) {
                throw ConfigError(
                    "a selector groups by one label: '\(other)' can't group as well as '\(first)' "
                        + "at \(first.position.line):\(first.position.column); use a value or NOT for one of them",
                    at: other.position)
            }
            let isGrouping: (SelectorTerm) -> Bool = { $0.label == first.label && $0.pattern.isWildcard }
            guard expression.requires(isGrouping) else {
                throw ConfigError(
                    "'\(first)' keeps one spike per \(first.label.rawValue), so every mention the selector picks "
                        + "needs one; move it out of the OR (e.g. '\(first) AND (… OR …)')",
                    at: first.position)
            }
        }
        var literals: [SelectorTerm] = []
        expression.requiredLiterals(into: &literals)
        self.text = text
        self.expression = expression
        self.groupLabel = grouping.first?.label
        self.groupPatterns = grouping.map(\.pattern)
        self.terms = terms.map(\.term)
        self.requiredLiterals = literals
    }

    public var description: String { text }

    /// Whether the selector picks `mention`.
    public func matches(_ mention: LabelledMention) -> Bool {
        expression.matches(mention)
    }

    /// The groups a picked mention counts in: `[""]` without a grouping wildcard, else its values of
    /// `groupLabel` that a grouping pattern accepts, without repeats, in label order.
    public func groups(of mention: LabelledMention) -> [String] {
        guard let groupLabel else { return [""] }
        var values: [String] = []
        _ = groupLabel.anyValue(of: mention) { value in
            if !values.contains(value), groupPatterns.contains(where: { $0.matches(value) }) { values.append(value) }
            return false
        }
        return values
    }

    /// Two selectors are the same when written the same; position does not matter.
    public static func == (lhs: MentionSelector, rhs: MentionSelector) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
