public import HarkCore

/// One condition on one label: `topic = billing` (from `match:`) or `topic =~ bill.*` (from
/// `match_re:`), as routes, silences and inhibit rules write them.
///
/// For labels with several values (`topic`, `tag`) the condition holds when any value satisfies it;
/// an absent label is tested as the empty string (see `AlertLabels`).
public struct LabelMatcher: Sendable, Hashable, CustomStringConvertible {
    /// How the value is compared.
    public enum Test: Sendable, Hashable {
        case equal(String)
        case regex(LabelPattern)
    }

    public let name: LabelName
    public let test: Test
    /// Where the matcher was written (the key), for explanations and errors.
    public let position: SourcePosition?

    public init(_ name: LabelName, _ test: Test, at position: SourcePosition? = nil) {
        self.name = name
        self.test = test
        self.position = position
    }

    /// `name = value`.
    public static func equal(_ name: LabelName, _ value: String) -> LabelMatcher {
        LabelMatcher(name, .equal(value))
    }

    /// `name =~ pattern`.
    public static func regex(_ name: LabelName, _ pattern: String) throws(LabelPattern.PatternError) -> LabelMatcher {
        LabelMatcher(name, .regex(try LabelPattern(pattern)))
    }

    /// Whether the labels satisfy this matcher.
    @inlinable public func matches(_ labels: AlertLabels) -> Bool {
        switch test {
        case .equal(let expected): labels.anyValue(name) { $0 == expected }
        case .regex(let pattern): labels.anyValue(name) { pattern.matches($0) }
        }
    }

    /// The equality value, if this is an equality matcher.
    var equalValue: String? {
        if case .equal(let value) = test { return value }
        return nil
    }

    /// `topic="billing"` or `topic=~"bill.*"`, as Alertmanager prints matchers.
    public var description: String {
        switch test {
        case .equal(let value): "\(name)=\"\(value)\""
        case .regex(let pattern): "\(name)=~\"\(pattern.source)\""
        }
    }

    /// Positions are where a matcher was written, not what it means: equal matchers compare equal.
    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.name == rhs.name && lhs.test == rhs.test
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(test)
    }
}

extension [LabelMatcher] {
    /// Whether every matcher holds (an empty list holds for everything).
    @inlinable func allMatch(_ labels: AlertLabels) -> Bool {
        // `allSatisfy` borrows each matcher; a `for` loop would copy (retain) every one.
        allSatisfy { $0.matches(labels) }
    }

    /// `{topic="billing",abusive="true"}`.
    var braced: String { "{" + map(\.description).joined(separator: ",") + "}" }
}
