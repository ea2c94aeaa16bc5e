public import Foundation
import HarkCore

/// The alerts currently muting others under the inhibit rules, and the check itself.
///
/// A value: `observe` records an alert that matches a rule's source side, `inhibition(of:at:)`
/// looks a target up by its `equal` label values (a dictionary lookup per rule, not a scan of
/// sources), and `prune` forgets sources whose time is over, so memory follows the number of
/// sources in force.
public struct Inhibitor: Sendable {
    public let rules: [InhibitRule]
    /// Per rule: the sources in force, keyed by their `equal` label values.
    private var sources: [[String: Source]]

    /// One muting alert.
    struct Source: Sendable {
        var alertID: String
        var from: Date
        var until: Date
    }

    /// Why an alert is muted: the rule and the alert muting it.
    public struct Inhibition: Sendable, Hashable {
        /// Index in `rules`.
        public let rule: Int
        public let sourceAlertID: String
        public let until: Date
    }

    /// Alerts with more combinations of `equal` values than this are only filed under the first ones.
    static let maxKeys = 64

    public init(rules: [InhibitRule] = []) {
        self.rules = rules
        self.sources = Array(repeating: [:], count: rules.count)
    }

    /// Whether no source is in force or remembered.
    public var isEmpty: Bool { sources.allSatisfy(\.isEmpty) }

    /// Records `alert` as a source for every rule whose source side it matches.
    public mutating func observe(_ alert: Alert) {
        for (index, rule) in rules.enumerated() where rule.sourceMatchers.allMatch(alert.labels) {
            let until: Date
            if let duration = rule.duration {
                until = alert.firedAt.addingTimeInterval(duration.seconds)
            } else if let endsAt = alert.endsAt, endsAt > alert.firedAt {
                until = endsAt
            } else {
                until = alert.firedAt.addingTimeInterval(InhibitRule.defaultDuration.seconds)
            }
            for key in Self.keys(alert.labels, rule.equal) {
                if let existing = sources[index][key], existing.until >= until { continue }
                let from = min(sources[index][key]?.from ?? alert.firedAt, alert.firedAt)
                sources[index][key] = Source(alertID: alert.id, from: from, until: until)
            }
        }
    }

    /// The inhibition muting `alert` at `time`, if any (the first rule that does).
    public func inhibition(of alert: Alert, at time: Date) -> Inhibition? {
        for (index, rule) in rules.enumerated() where !sources[index].isEmpty && rule.targetMatchers.allMatch(alert.labels) {
            for key in Self.keys(alert.labels, rule.equal) {
                guard let source = sources[index][key], source.alertID != alert.id,
                    source.from <= time, time < source.until
                else { continue }
                return Inhibition(rule: index, sourceAlertID: source.alertID, until: source.until)
            }
        }
        return nil
    }

    /// Forgets sources whose time ended at or before `time`.
    public mutating func prune(at time: Date) {
        for index in sources.indices where !sources[index].isEmpty {
            sources[index] = sources[index].filter { $0.value.until > time }
        }
    }

    /// Every combination of the alert's values of `names` (an absent label counts as `""`), as keys.
    static func keys(_ labels: AlertLabels, _ names: [LabelName]) -> [String] {
        var keys = [""]
        for name in names {
            let values = labels.values(name)
            let choices = values.isEmpty ? [""] : values
            var next: [String] = []
            for key in keys {
                for value in choices where next.count < maxKeys { next.append(key + "\u{1F}" + value) }
            }
            keys = next
        }
        return keys
    }
}
