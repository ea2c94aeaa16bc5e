public import Foundation
import HarkCore

/// A spike alert firing or resolving: everything the alert payload needs to explain itself.
///
/// Built by `SpikeDetector` on event time, so the same input gives the same events, field for
/// field, live or replayed. `key` names the alert (rule, group value, window start) and stays the
/// same from firing to resolution, so the respond step can derive a stable alert id from it.
public struct SpikeEvent: Sendable {
    /// Whether the alert starts or ends.
    public enum Status: String, Sendable, Hashable {
        case firing, resolved
    }

    /// The rule's name.
    public var rule: String
    /// Surge or silence.
    public var kind: SpikeRule.Kind
    public var status: Status
    /// The rule's selector as written.
    public var selector: String
    /// The grouping label and this group's value (`theme`, `t-42`) when the selector has a wildcard.
    public var groupLabel: SelectorLabel?
    public var value: String?
    /// The rule's window length.
    public var window: Duration
    /// The first event time the counted window covers (a fine bucket edge) and the event time it was
    /// judged at.
    public var windowStart: Date
    public var windowEnd: Date
    /// The event time the alert fired (for a resolution: the time it resolved).
    public var firedAt: Date
    /// Mentions in the window.
    public var count: Int
    /// What the baseline expects in a window of this length; for a surge, never below the rule's
    /// `min_baseline` (or its cold-start floor), so `ratio` is `count / baseline`.
    public var baseline: Double
    public var ratio: Double
    /// Mentions in the baseline period, and the length of history it covered.
    public var baselineCount: Int
    public var baselineSpan: Duration
    /// True when there was less than one window of history: `baseline` is the cold-start floor.
    public var coldStart: Bool
    /// Distinct authors in the window (a lower bound past 256 per bucket).
    public var authors: Int
    /// Terms that mark this window's mentions out from the rule's usual ones.
    public var topTerms: [String]
    /// The latest mentions in the window (for a silence: the last ones heard), oldest first.
    public var samples: [LabelledMention]
    /// The latest event time a mention of this group counted at (silences: when it went quiet).
    public var lastSeen: Date?
    /// Label values that hold for every counted mention (the selector's required literal terms
    /// and the group value), for routes: `[("sentiment", "negative"), ("theme", "t-42")]`.
    public var impliedLabels: [(label: String, value: String)]
    /// `rule`, `rule[value]` with the group value, then `@` and the window start in RFC 3339.
    public var key: String

    public init(
        rule: String, kind: SpikeRule.Kind, status: Status, selector: String, groupLabel: SelectorLabel?,
        value: String?, window: Duration, windowStart: Date, windowEnd: Date, firedAt: Date, count: Int,
        baseline: Double, ratio: Double, baselineCount: Int, baselineSpan: Duration, coldStart: Bool, authors: Int,
        topTerms: [String], samples: [LabelledMention], lastSeen: Date?, impliedLabels: [(label: String, value: String)],
        key: String
    ) {
        self.rule = rule
        self.kind = kind
        self.status = status
        self.selector = selector
        self.groupLabel = groupLabel
        self.value = value
        self.window = window
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.firedAt = firedAt
        self.count = count
        self.baseline = baseline
        self.ratio = ratio
        self.baselineCount = baselineCount
        self.baselineSpan = baselineSpan
        self.coldStart = coldStart
        self.authors = authors
        self.topTerms = topTerms
        self.samples = samples
        self.lastSeen = lastSeen
        self.impliedLabels = impliedLabels
        self.key = key
    }

    /// The alert key for a rule, group value and window start.
    public static func key(rule: String, value: String?, windowStart: Date) -> String {
        let group = value.map { "[\($0)]" } ?? ""
        return "\(rule)\(group)@\(Timestamp.rfc3339(windowStart))"
    }

    /// The labels a route matches a spike alert on: `kind: spike`, `spike` (the rule), `spike_kind`
    /// (`surge`/`silence`), `status`, then `impliedLabels` (the first of each label wins).
    public var labels: [(key: String, value: String)] {
        var result: [(key: String, value: String)] = [
            ("kind", "spike"), ("spike", rule), ("spike_kind", kind.rawValue), ("status", status.rawValue),
        ]
        for (label, value) in impliedLabels where !result.contains(where: { $0.key == label }) {
            result.append((label, value))
        }
        return result
    }
}
