public import Foundation
import GRDB

/// Alerts waiting for a receiver's digest: kept in the state so a restart in the middle of a day
/// loses none of them, and turned into one outbox notification per period.
extension StateStore {
    /// Keeps alerts (id and payload JSON text) routed to `receiver` in the period starting at
    /// `periodStart`; an alert already kept for that period is ignored. Returns how many were new.
    @discardableResult
    public func addDigestAlerts(
        receiver: String, periodStart: Date, alerts: [(id: String, json: String)], at now: Date
    ) throws(StateError) -> Int {
        try writing("keep \(alerts.count) alerts for the digest of \(receiver)") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO digest_alerts (receiver, period_start, alert_id, received_at, alert)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            var added = 0
            for alert in alerts {
                try statement.execute(arguments: [
                    receiver, periodStart.epochSeconds, alert.id, now.epochSeconds, alert.json,
                ])
                added += db.changesCount
            }
            return added
        }
    }

    /// The starts of the periods of `receiver` that have alerts waiting, oldest first.
    public func digestPeriods(receiver: String) throws(StateError) -> [Date] {
        try reading("read digest periods of \(receiver)") { db in
            try Double.fetchAll(
                db, sql: "SELECT DISTINCT period_start FROM digest_alerts WHERE receiver = ? ORDER BY period_start",
                arguments: [receiver]
            ).map(Date.init(epochSeconds:))
        }
    }

    /// The alerts (JSON text) waiting in one period, in the order they arrived.
    public func digestAlerts(receiver: String, periodStart: Date) throws(StateError) -> [String] {
        try reading("read digest alerts of \(receiver)") { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT alert FROM digest_alerts WHERE receiver = ? AND period_start = ?
                    ORDER BY received_at, alert_id
                    """,
                arguments: [receiver, periodStart.epochSeconds])
        }
    }

    /// Puts a period's digest in the outbox and forgets its alerts, in one transaction: a crash
    /// leaves either the alerts (composed again, with the same id) or the digest, never both or neither.
    public func closeDigest(receiver: String, periodStart: Date, digest record: OutboxRecord) throws(StateError) {
        try writing("close the digest of \(receiver)") { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outbox (receiver, id, payload, created_at, expires_at, status, attempts,
                                                  next_attempt)
                    VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)
                    """,
                arguments: [
                    record.receiver, record.id, record.payload, record.createdAt.epochSeconds,
                    record.expiresAt.epochSeconds, record.nextAttempt.epochSeconds,
                ])
            try db.execute(
                sql: "DELETE FROM digest_alerts WHERE receiver = ? AND period_start = ?",
                arguments: [receiver, periodStart.epochSeconds])
        }
    }
}
