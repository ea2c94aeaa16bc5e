public import Foundation
import GRDB

/// A notification a receiver accepted: what the latency histogram reads.
public struct DeliveredNotification: Sendable, Hashable {
    public var receiver: String
    public var id: String
    public var payload: String
    public var finishedAt: Date

    public init(receiver: String, id: String, payload: String, finishedAt: Date) {
        self.receiver = receiver
        self.id = id
        self.payload = payload
        self.finishedAt = finishedAt
    }
}

extension StateStore {
    /// Up to `limit` notifications delivered after `time`, in the order they were delivered.
    ///
    /// Read from the outbox rather than reported by the delivery lanes, so the metrics see every
    /// delivery, whichever outbox (before or after a reload) made it. Served by `outbox_finished`.
    public func deliveredNotifications(after time: Date, limit: Int) throws(StateError) -> [DeliveredNotification] {
        try reading("read delivered notifications") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT receiver, id, payload, finished_at FROM outbox
                    WHERE status = 'delivered' AND finished_at > ? ORDER BY finished_at LIMIT ?
                    """,
                arguments: [time.epochSeconds, max(0, limit)]
            ).map { row in
                DeliveredNotification(
                    receiver: row[0], id: row[1], payload: row[2], finishedAt: Date(epochSeconds: row[3]))
            }
        }
    }
}

extension StateStore {
    /// Pending notifications of `receivers` due at `time`: what a delivery drain waits for.
    public func dueOutboxCount(at time: Date, receivers: [String]) throws(StateError) -> Int {
        guard !receivers.isEmpty else { return 0 }
        return try reading("count due notifications") { db in
            let marks = Array(repeating: "?", count: receivers.count).joined(separator: ",")
            var arguments = StatementArguments(receivers)
            arguments += [time.epochSeconds]
            return try Int.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND receiver IN (\(marks)) AND next_attempt <= ?",
                arguments: arguments) ?? 0
        }
    }
}
