public import Foundation
public import HarkLearn
public import HarkRespond
public import HarkRules

/// How the learn side's findings become alerts: one place, so `hark replay` and the daemon give
/// every alert the same id, labels and detail object.
public enum AlertSources {
    /// The alert for a spike or silence event, with the event's labels for routing and its evidence
    /// as the payload's `spike` object. The key (rule, group value, window start) makes the id stable,
    /// so a restarted or replaying hark recognises an alert it has already sent.
    public static func spike(_ event: SpikeEvent, rule: SpikeRule?) -> Alert {
        var labels = AlertLabels()
        for (key, value) in event.labels {
            guard let name = LabelName(rawValue: key), name != .kind, labels[name] == nil else { continue }
            labels[name] = value
        }
        if labels[.severity] == nil { labels[.severity] = event.kind == .silence ? "warning" : "info" }
        // A spike mutes the mentions it is made of for as long as it would not fire again.
        let endsAt = rule.map { event.firedAt.addingTimeInterval($0.cooldown.seconds) }
        return Alert(
            kind: .spike, key: event.key, labels: labels, firedAt: event.firedAt, endsAt: endsAt, spike: event.json)
    }
}

extension AlertSources {
    /// The alert for a theme event (emerged, growing, merged, shipped), with the theme as the
    /// payload's `theme` object. The event's own id (theme, event, and for growth its day) keeps the
    /// alert id stable across restarts and replays.
    public static func theme(_ event: ThemeEvent) -> Alert {
        var labels = AlertLabels()
        labels[.theme] = event.theme.id
        labels[.demand] = "true"
        labels[.severity] = "info"
        let kind: AlertKind = event.alertKind == AlertKind.themeShipped.rawValue ? .themeShipped : .theme
        return Alert(kind: kind, key: event.alertID, labels: labels, firedAt: event.at, theme: event.theme.json)
    }
}

extension Duration {
    /// The duration in seconds, for `Date` arithmetic.
    var seconds: TimeInterval {
        let (whole, fraction) = components
        return TimeInterval(whole) + TimeInterval(fraction) / 1e18
    }
}

extension RuleSet {
    /// Where a labelled mention would be routed now, without changing anything: the routes that take
    /// its alert and what becomes of it (queued, silenced, inhibited). Nil without a `route:` section.
    /// For `hark try` and `hark test`.
    public func explainRoute(_ labelled: LabelledMention, at time: Date = Date()) -> AlertOutcome? {
        guard let tree = route else { return nil }
        let pipeline = RespondPipeline(tree: tree, silences: Silences(silences), inhibitRules: inhibitRules)
        return pipeline.explain(Alert.mention(labelled, firedAt: time), at: time)
    }
}
