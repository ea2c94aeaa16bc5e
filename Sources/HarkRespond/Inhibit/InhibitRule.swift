public import HarkCore

/// "While this alert holds, do not send those": Alertmanager's inhibit rules, with a time scope
/// because hark's alerts are events that do not resolve.
///
/// The case it exists for: a spike over `topic:billing` already tells the product team that billing
/// is on fire, so the individual billing mentions it counted need not be sent one by one.
///
/// ```yaml
/// inhibit:
///   - source_match: { kind: spike }          # the alert that mutes (source_match_re too)
///     target_match: { kind: mention }        # the alerts it mutes (target_match_re too)
///     equal: [topic]                         # only those sharing these label values
///     duration: 30m                          # optional, see below
/// ```
///
/// A source alert mutes from its `firedAt` until, in order of preference: `firedAt + duration`
/// when the rule sets one; the alert's own `endsAt` (a spike's cool-down, set by the detector);
/// otherwise `firedAt + 30m`. Targets are checked when they arrive and again just before their
/// group is sent, so a spike mutes the mentions still waiting in `group_wait`. For `equal` labels
/// with several values (`topic`), sharing one value is enough: a mention about pricing and billing
/// is muted by a billing spike. An alert never mutes itself.
public struct InhibitRule: Sendable {
    public let sourceMatchers: [LabelMatcher]
    public let targetMatchers: [LabelMatcher]
    public let equal: [LabelName]
    public let duration: Duration?
    public let position: SourcePosition?

    /// How long a source mutes when neither the rule nor the alert says.
    public static let defaultDuration: Duration = .seconds(1800)

    public init(
        sourceMatchers: [LabelMatcher], targetMatchers: [LabelMatcher], equal: [LabelName] = [],
        duration: Duration? = nil, position: SourcePosition? = nil
    ) {
        self.sourceMatchers = sourceMatchers
        self.targetMatchers = targetMatchers
        self.equal = equal
        self.duration = duration
        self.position = position
    }
}
