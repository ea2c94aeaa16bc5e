public import Foundation

/// Route, then silence and inhibit, then group: everything between "an alert fired" and "send this
/// notification to that receiver", as one value driven by the time passed in.
///
/// The daemon feeds it alerts with the wall clock and asks `due(at:)` when `nextDeadline` comes;
/// `hark replay` feeds it the events' own times (`receive(_:at:)`) and calls `drain()` at the end,
/// so a backtest makes the same decisions a live run would have. Silences and inhibitions are
/// checked when an alert arrives and again just before its group is sent.
public struct RespondPipeline: Sendable {
    public let tree: RouteTree
    /// The silences in force; add and expire them at runtime.
    public var silences: Silences
    public private(set) var inhibitor: Inhibitor
    public private(set) var groups = AlertGroups()

    public init(tree: RouteTree, silences: Silences = Silences(), inhibitRules: [InhibitRule] = []) {
        self.tree = tree
        self.silences = silences
        self.inhibitor = Inhibitor(rules: inhibitRules)
    }

    /// The earliest time `due(at:)` may have a notification; nil when nothing is pending.
    public var nextDeadline: Date? { groups.nextDeadline }

    /// Sends what fell due up to `time`, then takes `alert` at `time`: the call for event-time
    /// replay, where the alert's own time is the clock.
    public mutating func receive(_ alert: Alert, at time: Date) -> (
        outcome: AlertOutcome, notifications: [AlertNotification]
    ) {
        let notifications = due(at: time)
        return (add(alert, at: time), notifications)
    }

    /// Takes one alert at `time`: routes it, drops it if silenced or inhibited, else groups it on
    /// every route that took it.
    @discardableResult
    public mutating func add(_ alert: Alert, at time: Date) -> AlertOutcome {
        add(alert, at: time, explained: true)
    }

    /// `add` for a caller that does not read the outcome (replay, the daemon): the same decisions,
    /// without building each matched route's path from the root, which only explanations show.
    public mutating func take(_ alert: Alert, at time: Date) {
        _ = add(alert, at: time, explained: false)
    }

    private mutating func add(_ alert: Alert, at time: Date, explained: Bool) -> AlertOutcome {
        let nodes = tree.route(alert.labels)
        inhibitor.observe(alert)
        let routes = explained ? nodes.map { RouteMatch(tree: tree, node: $0) } : []
        if let silence = silences.silencing(alert, at: time) {
            return AlertOutcome(alertID: alert.id, routes: routes, disposition: .silenced(silence))
        }
        if let inhibition = inhibitor.inhibition(of: alert, at: time) {
            return AlertOutcome(alertID: alert.id, routes: routes, disposition: .inhibited(inhibition))
        }
        let outcomes = nodes.map { groups.add(alert, to: tree.nodes[$0], at: time) }
        return AlertOutcome(alertID: alert.id, routes: routes, disposition: .grouped(outcomes))
    }

    /// The notifications due at `time`, without alerts that became silenced or inhibited while
    /// they waited.
    public mutating func due(at time: Date) -> [AlertNotification] {
        guard let deadline = groups.nextDeadline, deadline <= time else { return [] }
        let silences = self.silences
        let inhibitor = self.inhibitor
        let notifications = groups.due(at: time) { alert, sentAt in
            silences.silencing(alert, at: sentAt) == nil && inhibitor.inhibition(of: alert, at: sentAt) == nil
        }
        self.inhibitor.prune(at: time)
        return notifications
    }

    /// Everything still pending, each at its scheduled time: the end of a replay.
    public mutating func drain() -> [AlertNotification] {
        var notifications: [AlertNotification] = []
        while groups.hasPending, let deadline = groups.nextDeadline {
            notifications += due(at: deadline)
        }
        return notifications
    }

    /// What `add` would do with `alert` at `time`, without changing anything (`hark try`).
    public func explain(_ alert: Alert, at time: Date) -> AlertOutcome {
        var copy = self
        return copy.add(alert, at: time)
    }
}
