public import Foundation
public import HarkCore
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

extension AlertSources {
    /// The alert for hark's own health: a connector it is listening blind to (`recovered` false), or
    /// one that came back. `problem` is `failing`, `stale` or `shape`; `since` is when the episode
    /// began, which with the connector and the problem keys the alert, so one episode is one alert
    /// and its recovery another. `facts` go into the payload's `health` object beside the detail.
    public static func health(
        connector: String, problem: String, recovered: Bool, since: Date, at time: Date, detail: String,
        facts: [String: JSONValue] = [:]
    ) -> Alert {
        var labels = AlertLabels()
        labels[.connector] = connector
        labels[.severity] = recovered ? "info" : "warning"
        var members: [(key: String, value: JSONValue)] = [
            ("connector", .string(connector)), ("status", .string(recovered ? "recovered" : "blind")),
            ("problem", .string(problem)), ("since", .string(Timestamp.rfc3339(since))), ("detail", .string(detail)),
        ]
        for key in facts.keys.sorted() { members.append((key: key, value: facts[key]!)) }
        let key = "\(connector)|\(problem)|\(recovered ? "recovered" : "blind")|\(Int64(since.timeIntervalSince1970))"
        return Alert(kind: .health, key: key, labels: labels, firedAt: time, health: .object(JSONObject(members)))
    }
}
