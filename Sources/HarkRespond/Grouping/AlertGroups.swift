public import Foundation
import HarkCore

/// Grouping and pacing for every route: the state machine between routing and delivery.
///
/// A value driven by the time passed in (`add(_:to:at:)`, `due(at:)`): the daemon passes the wall
/// clock, `hark replay` the events' own times, tests whatever they like; nothing here sleeps. Time
/// never runs backwards: an earlier time than already seen counts as the latest one.
///
/// Timing, per group (one route and one set of `group_by` values):
/// - the first alert of a new group is held `group_wait`, so a burst becomes one notification;
/// - after a notification the group stays open for `group_interval`: alerts arriving meanwhile go
///   out together when it ends, so a group speaks at most once per interval;
/// - an alert arriving after a quiet `group_interval` starts a new burst and waits `group_wait`;
/// - notifications carry only alerts not sent before (hark's alerts do not resolve), and an alert
///   already sent in the group is not sent again within `repeat_interval` (see `GroupSettings`).
///
/// Notifications are stamped with their scheduled time, not the time `due` was called, so the
/// result does not depend on how often the caller polls. Memory is bounded: a group is dropped once
/// nothing is pending and both its interval and what it remembers have run out.
public struct AlertGroups: Sendable {
    private var groups: [String: AlertGroup] = [:]
    private var queue = DeadlineQueue()
    private var clock = Date.distantPast
    /// How many groups have alerts waiting.
    private var pendingGroups = 0

    public init() {}

    /// How many groups exist (pending or remembering).
    public var count: Int { groups.count }

    /// How many alerts wait to be sent.
    public var pendingCount: Int { groups.values.reduce(0) { $0 + $1.pending.count } }

    /// The earliest time `due(at:)` may have something to do; nil when nothing is scheduled. It may
    /// be earlier than the next notification (a wake-up that only tidies), never later.
    public var nextDeadline: Date? { queue.first?.time }

    /// Puts `alert` into its group on `route`.
    public mutating func add(_ alert: Alert, to route: RouteNode, at time: Date) -> GroupingOutcome {
        let now = advance(to: time)
        let values = route.grouping.groupBy.values(of: alert.labels)
        let key = Self.groupKey(routeID: route.id, values: values)
        // Taken out and put back so the dictionary holds no second reference while the group's
        // arrays are mutated (which would copy them on every alert).
        var group = groups.removeValue(forKey: key) ?? AlertGroup(
            key: key, routeID: route.id, receiver: route.receiver, settings: route.grouping)
        defer { groups[key] = group }

        if group.pendingIDs.contains(alert.id) { return .alreadyPending(groupKey: key) }
        group.sent.forget(sentBefore: now.addingTimeInterval(-group.settings.repeatInterval.seconds))
        let hash = Self.idHash(alert.id)
        if let sentAt = group.sent.sentAt(hash) { return .recentlySent(groupKey: key, sentAt: sentAt) }

        group.pending.append(alert)
        group.pendingIDs.insert(alert.id)
        if let flushAt = group.flushAt { return .queued(groupKey: key, sendAt: flushAt) }
        let intervalEnd = group.lastFlush.map { $0.addingTimeInterval(group.settings.groupInterval.seconds) }
        let flushAt: Date
        if let intervalEnd, now < intervalEnd {
            flushAt = intervalEnd
        } else {
            flushAt = now.addingTimeInterval(group.settings.groupWait.seconds)
        }
        group.flushAt = flushAt
        pendingGroups += 1
        schedule(&group, at: flushAt)
        return .queued(groupKey: key, sendAt: flushAt)
    }

    /// The notifications due at `time`, in the order they fell due.
    ///
    /// `keep` is asked about each pending alert at the time its group is sent, so a silence or an
    /// inhibiting alert that appeared while it waited still mutes it; alerts it rejects are dropped.
    public mutating func due(at time: Date, keep: (Alert, Date) -> Bool = { _, _ in true }) -> [AlertNotification] {
        let now = advance(to: time)
        var notifications: [AlertNotification] = []
        while let entry = queue.popDue(at: now) {
            guard groups[entry.key]?.generation == entry.generation, var group = groups.removeValue(forKey: entry.key)
            else { continue }
            if let flushAt = group.flushAt {
                let alerts = group.pending.filter { keep($0, flushAt) }
                group.pending = []
                group.pendingIDs = []
                group.flushAt = nil
                pendingGroups -= 1
                if !alerts.isEmpty {
                    group.lastFlush = flushAt
                    group.sent.forget(sentBefore: flushAt.addingTimeInterval(-group.settings.repeatInterval.seconds))
                    for alert in alerts { group.sent.record(Self.idHash(alert.id), at: flushAt) }
                    notifications.append(
                        AlertNotification(
                            receiver: group.receiver, groupKey: group.key, routeID: group.routeID, alerts: alerts,
                            sentAt: flushAt))
                }
                schedule(&group, at: group.expiresAt)
                groups[entry.key] = group
            } else if group.expiresAt <= now {
                continue
            } else {
                schedule(&group, at: group.expiresAt)
                groups[entry.key] = group
            }
        }
        return notifications
    }

    /// Everything still pending, sent at its scheduled time: the end of a `hark replay`.
    public mutating func drain(keep: (Alert, Date) -> Bool = { _, _ in true }) -> [AlertNotification] {
        var notifications: [AlertNotification] = []
        while hasPending, let next = queue.first?.time {
            notifications += due(at: next, keep: keep)
        }
        return notifications
    }

    /// Whether any group has alerts waiting.
    public var hasPending: Bool { pendingGroups > 0 }

    private mutating func schedule(_ group: inout AlertGroup, at time: Date) {
        group.generation &+= 1
        queue.push(time, key: group.key, generation: group.generation)
    }

    private mutating func advance(to time: Date) -> Date {
        if time > clock { clock = time }
        return clock
    }

    /// `{}/{abusive="true"}:{connector="appstore"}`: the route's id and the group's label values, as
    /// Alertmanager writes group keys; stable across runs.
    static func groupKey(routeID: String, values: [(name: LabelName, value: String)]) -> String {
        routeID + ":{" + values.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }

    private static func idHash(_ id: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(id)
        return hash.value64
    }
}
