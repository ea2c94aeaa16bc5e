public import Foundation
public import HarkCore
public import HarkLearn

/// Something hark tells people about: a mention worth a look, a spike, a demand theme, a digest, or
/// hark's own health.
///
/// An alert is what travels through the routing tree, silences, inhibition and grouping; a
/// notification to a receiver carries one or more of them. Its `id` is stable (the same alert has
/// the same id in every run and after a restart) so receivers and the outbox can de-duplicate.
public struct Alert: Sendable {
    /// Stable id: 32 hex digits from the kind and the alert's key (see the initialisers).
    public let id: String
    public let kind: AlertKind
    /// What routes, silences and inhibit rules match on; `kind` is always set.
    public var labels: AlertLabels
    /// The labelled mention, for `mention` alerts (and any other kind that is about one mention).
    public var mention: LabelledMention?
    /// The spike's evidence (SPEC "Alert payload"), produced by the spike detector.
    public var spike: JSONValue?
    /// The theme's summary, for `theme` and `theme-shipped` alerts, produced by the theme tracker.
    public var theme: JSONValue?
    /// The digest's content, for `digest` alerts.
    public var digest: JSONValue?
    /// What is unhealthy, for `health` alerts.
    public var health: JSONValue?
    /// When the alert fired; in `hark replay` the event time, so a backtest matches a live run.
    public var firedAt: Date
    /// Until when the condition the alert reports holds (a spike's cool-down), if the producer
    /// knows; inhibit rules use it as the time the alert mutes others.
    public var endsAt: Date?

    /// An alert of `kind` whose identity is `key` (a spike: rule name and window start; a theme: its
    /// id and event). The same kind and key always give the same `id`.
    public init(
        kind: AlertKind, key: String, labels: AlertLabels = AlertLabels(), firedAt: Date, endsAt: Date? = nil,
        mention: LabelledMention? = nil, spike: JSONValue? = nil, theme: JSONValue? = nil,
        digest: JSONValue? = nil, health: JSONValue? = nil
    ) {
        self.init(
            id: StableHash.hex(kind.rawValue, key), kind: kind, labels: labels, firedAt: firedAt, endsAt: endsAt,
            mention: mention, spike: spike, theme: theme, digest: digest, health: health)
    }

    /// An alert with an id chosen elsewhere (read back from state).
    public init(
        id: String, kind: AlertKind, labels: AlertLabels = AlertLabels(), firedAt: Date, endsAt: Date? = nil,
        mention: LabelledMention? = nil, spike: JSONValue? = nil, theme: JSONValue? = nil,
        digest: JSONValue? = nil, health: JSONValue? = nil
    ) {
        self.id = id
        self.kind = kind
        self.labels = labels
        self.labels[.kind] = kind.rawValue
        self.mention = mention
        self.spike = spike
        self.theme = theme
        self.digest = digest
        self.health = health
        self.firedAt = firedAt
        self.endsAt = endsAt
    }
}
