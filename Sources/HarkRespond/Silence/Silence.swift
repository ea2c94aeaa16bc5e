public import Foundation
public import HarkCore

/// "Do not tell anyone about these alerts for a while": matchers and a time range, as in
/// Alertmanager. A silenced alert is dropped (and reported as silenced in explanations); it still
/// counts as a source for inhibit rules.
///
/// Silences come from the `silences:` section of the rules and, at runtime, from the CLI (kept in
/// the state store). A silence matching everything would be a mistake, so at least one matcher is
/// required.
public struct Silence: Sendable, Hashable {
    /// Stable id: from the matchers, start and author unless given.
    public let id: String
    public var matchers: [LabelMatcher]
    /// Inclusive.
    public var startsAt: Date
    /// Exclusive: at `endsAt` the silence is over.
    public var endsAt: Date
    public var comment: String?
    public var createdBy: String?
    /// Where it was written, for silences from rule files.
    public var position: SourcePosition?

    public init(
        id: String? = nil, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, comment: String? = nil,
        createdBy: String? = nil, position: SourcePosition? = nil
    ) {
        precondition(!matchers.isEmpty, "a silence needs at least one matcher")
        self.id = id ?? StableHash.hex(
            "silence", matchers.braced, Timestamp.rfc3339(startsAt), createdBy ?? "")
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.comment = comment
        self.createdBy = createdBy
        self.position = position
    }

    /// Whether the silence is in force at `time`.
    public func isActive(at time: Date) -> Bool { startsAt <= time && time < endsAt }

    /// Whether it silences `alert` at `time`.
    public func silences(_ alert: Alert, at time: Date) -> Bool {
        isActive(at: time) && matchers.allMatch(alert.labels)
    }
}
