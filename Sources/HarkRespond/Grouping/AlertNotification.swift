public import Foundation
public import HarkCore

/// One message to one receiver: the alerts of a group that fell due together.
///
/// Named `AlertNotification` rather than `Notification` so it never collides with Foundation's type
/// in a file that imports both. Its JSON (`json`) is the webhook payload of SPEC "Alert payload",
/// which every receiver renders from.
public struct AlertNotification: Sendable {
    /// Stable id for the outbox: the same receiver, group and alerts give the same id in every run.
    public let id: String
    public let receiver: String
    /// The group's stable key (route id and group label values).
    public let groupKey: String
    /// The id of the route that produced it (`RouteNode.id`).
    public let routeID: String
    /// Always `firing`: hark's alerts are events and never resolve.
    public let status = "firing"
    /// The alerts, in the order they arrived.
    public let alerts: [Alert]
    /// When it was (or would have been) sent: the group's scheduled time.
    public let sentAt: Date

    public init(receiver: String, groupKey: String, routeID: String, alerts: [Alert], sentAt: Date) {
        var hash = StableHash()
        hash.combine(receiver)
        hash.combine(groupKey)
        for alert in alerts { hash.combine(alert.id) }
        self.id = hash.hex
        self.receiver = receiver
        self.groupKey = groupKey
        self.routeID = routeID
        self.alerts = alerts
        self.sentAt = sentAt
    }

    /// `{ "receiver", "group_key", "status", "alerts": [ … ] }`, exactly the SPEC payload shape.
    public var json: JSONValue {
        .object(
            JSONObject([
                ("receiver", .string(receiver)), ("group_key", .string(groupKey)), ("status", .string(status)),
                ("alerts", .array(alerts.map(\.json))),
            ]))
    }

    /// The payload as compact JSON text (one line, as `hark replay` prints it).
    public var jsonText: String { JSONWriter.string(json) }
}
