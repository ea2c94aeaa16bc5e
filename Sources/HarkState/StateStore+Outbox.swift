public import Foundation
import GRDB

/// One notification in the outbox: what to send, to whom, and how its delivery stands.
///
/// The store keeps the payload as opaque JSON text; the deliverer owns its meaning. A row is written
/// before any delivery attempt and changes state only through the methods below, so after a crash the
/// outbox says exactly what is still owed to each receiver.
public struct OutboxRecord: Sendable, Hashable {
    /// Where a notification stands.
    public enum Status: String, Sendable, Hashable {
        /// Waiting for its first attempt or for a retry.
        case pending
        /// Accepted by the receiver; kept until pruned so a re-enqueue is refused.
        case delivered
        /// Given up on (expired, or refused in a way retrying cannot fix).
        case failed
    }

    public var receiver: String
    /// The notification's stable id; with `receiver` it identifies the row.
    public var id: String
    /// The notification as JSON text.
    public var payload: String
    public var createdAt: Date
    /// After this a pending notification is no longer tried, and fails.
    public var expiresAt: Date
    public var status: Status
    /// Failed attempts so far.
    public var attempts: Int
    /// When a pending notification is next due.
    public var nextAttempt: Date
    public var lastAttempt: Date?
    /// Why the last attempt failed (already free of secrets: the deliverer redacts before storing).
    public var lastError: String?
    /// When it was delivered or given up on.
    public var finishedAt: Date?

    /// A record from its parts; the store builds these, tests may too.
    public init(
        receiver: String, id: String, payload: String, createdAt: Date, expiresAt: Date,
        status: Status = .pending, attempts: Int = 0, nextAttempt: Date? = nil, lastAttempt: Date? = nil,
        lastError: String? = nil, finishedAt: Date? = nil
    ) {
        self.receiver = receiver
        self.id = id
        self.payload = payload
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
        self.attempts = attempts
        self.nextAttempt = nextAttempt ?? createdAt
        self.lastAttempt = lastAttempt
        self.lastError = lastError
        self.finishedAt = finishedAt
    }
}

/// How many notifications of one receiver are in each state: for metrics and status.
public struct OutboxCounts: Sendable, Hashable {
    public var pending = 0
    public var delivered = 0
    public var failed = 0

    public init(pending: Int = 0, delivered: Int = 0, failed: Int = 0) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
    }
}

extension StateStore {
    /// Stores a notification as pending, due at once; does nothing when the same receiver and id are
    /// already in the outbox, whatever their state. Returns whether it was stored.
    ///
    /// This is what makes enqueuing idempotent: the routing side may hand over the same notification
    /// again after a crash, and one that was delivered (and not yet pruned) is not sent again.
    @discardableResult
    public func enqueueOutbox(_ record: OutboxRecord) throws(StateError) -> Bool {
        try writing("enqueue notification \(record.id) for \(record.receiver)") { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outbox (receiver, id, payload, created_at, expires_at, status, attempts,
                                                  next_attempt, last_attempt, last_error, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.receiver, record.id, record.payload, record.createdAt.epochSeconds,
                    record.expiresAt.epochSeconds, record.status.rawValue, record.attempts,
                    record.nextAttempt.epochSeconds, record.lastAttempt?.epochSeconds, record.lastError,
                    record.finishedAt?.epochSeconds,
                ])
            return db.changesCount > 0
        }
    }

    /// Up to `limit` pending notifications of `receiver` due at `now`, earliest due first (then oldest).
    public func dueOutbox(receiver: String, at now: Date, limit: Int) throws(StateError) -> [OutboxRecord] {
        try reading("read due notifications of \(receiver)") { db in
            try Row.fetchAll(
                db,
                sql: """
                    \(Self.selectOutbox) WHERE receiver = ? AND status = 'pending' AND next_attempt <= ?
                    ORDER BY next_attempt, created_at, id LIMIT ?
                    """,
                arguments: [receiver, now.epochSeconds, max(0, limit)]
            ).map(Self.outboxRecord(from:))
        }
    }

    /// When the earliest pending notification of `receiver` is due; nil when none is pending.
    public func nextOutboxAttempt(receiver: String) throws(StateError) -> Date? {
        try reading("read next attempt of \(receiver)") { db in
            try Double.fetchOne(
                db, sql: "SELECT MIN(next_attempt) FROM outbox WHERE receiver = ? AND status = 'pending'",
                arguments: [receiver]
            ).map(Date.init(epochSeconds:))
        }
    }

    /// The row for one notification, in whatever state.
    public func outboxRecord(receiver: String, id: String) throws(StateError) -> OutboxRecord? {
        try reading("read notification \(id) for \(receiver)") { db in
            try Row.fetchOne(db, sql: "\(Self.selectOutbox) WHERE receiver = ? AND id = ?", arguments: [receiver, id])
                .map(Self.outboxRecord(from:))
        }
    }

    /// Records that `receiver` accepted the notification. Only a pending row changes.
    public func markOutboxDelivered(receiver: String, id: String, at now: Date) throws(StateError) {
        try writing("mark notification \(id) for \(receiver) delivered") { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'delivered', last_attempt = ?1, finished_at = ?1
                    WHERE receiver = ?2 AND id = ?3 AND status = 'pending'
                    """,
                arguments: [now.epochSeconds, receiver, id])
        }
    }

    /// Records a failed attempt and when to try again.
    public func rescheduleOutbox(
        receiver: String, id: String, next: Date, error: String, at now: Date
    ) throws(StateError) {
        try writing("reschedule notification \(id) for \(receiver)") { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET attempts = attempts + 1, next_attempt = ?, last_attempt = ?, last_error = ?
                    WHERE receiver = ? AND id = ? AND status = 'pending'
                    """,
                arguments: [next.epochSeconds, now.epochSeconds, error, receiver, id])
        }
    }

    /// Gives up on a notification: it expired, or the receiver refused it for good.
    public func markOutboxFailed(receiver: String, id: String, error: String, at now: Date) throws(StateError) {
        try writing("mark notification \(id) for \(receiver) failed") { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_attempt = ?1,
                                      last_error = ?2, finished_at = ?1
                    WHERE receiver = ?3 AND id = ?4 AND status = 'pending'
                    """,
                arguments: [now.epochSeconds, error, receiver, id])
        }
    }

    /// How many notifications of `receiver` are pending: its backlog.
    public func pendingOutboxCount(receiver: String) throws(StateError) -> Int {
        try reading("count pending notifications of \(receiver)") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox WHERE receiver = ? AND status = 'pending'", arguments: [receiver]
            ) ?? 0
        }
    }

    /// Marks every pending notification whose expiry has passed as failed, whatever its receiver
    /// (one that left the configuration too), and returns them.
    @discardableResult
    public func failExpiredOutbox(at now: Date) throws(StateError) -> [OutboxRecord] {
        try writing("expire notifications") { db in
            let expired = try Row.fetchAll(
                db, sql: "\(Self.selectOutbox) WHERE status = 'pending' AND expires_at <= ?",
                arguments: [now.epochSeconds]
            ).map(Self.outboxRecord(from:))
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'failed', finished_at = ?1,
                                      last_error = 'expired: ' || COALESCE(last_error, 'never attempted')
                    WHERE status = 'pending' AND expires_at <= ?1
                    """,
                arguments: [now.epochSeconds])
            return expired
        }
    }

    /// Counts per receiver and state, for metrics and the status endpoint.
    public func outboxCounts() throws(StateError) -> [String: OutboxCounts] {
        try reading("count outbox") { db in
            var counts: [String: OutboxCounts] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT receiver, status, COUNT(*) FROM outbox GROUP BY receiver, status")
            {
                let receiver: String = row[0]
                let count: Int = row[2]
                switch OutboxRecord.Status(rawValue: row[1]) {
                case .pending: counts[receiver, default: OutboxCounts()].pending = count
                case .delivered: counts[receiver, default: OutboxCounts()].delivered = count
                case .failed: counts[receiver, default: OutboxCounts()].failed = count
                case nil: break
                }
            }
            return counts
        }
    }

    /// The receivers that have pending notifications, so the deliverer can notice ones that left the
    /// configuration.
    public func receiversWithPendingNotifications() throws(StateError) -> [String] {
        try reading("list receivers with pending notifications") { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT receiver FROM outbox WHERE status = 'pending' ORDER BY receiver")
        }
    }

    /// Removes delivered and failed notifications finished before `cutoff`; returns how many.
    ///
    /// The retention must outlast anything that could re-enqueue them (a restart replaying the inbox),
    /// or a re-enqueued notification would be sent a second time.
    @discardableResult
    public func pruneOutbox(finishedBefore cutoff: Date) throws(StateError) -> Int {
        try writing("prune outbox") { db in
            try db.execute(
                sql: "DELETE FROM outbox WHERE status IN ('delivered', 'failed') AND finished_at < ?",
                arguments: [cutoff.epochSeconds])
            return db.changesCount
        }
    }

    /// Columns in the order `outboxRecord(from:)` reads them.
    private static let selectOutbox = """
        SELECT receiver, id, payload, created_at, expires_at, status, attempts, next_attempt, last_attempt,
               last_error, finished_at
        FROM outbox
        """

    private static func outboxRecord(from row: Row) -> OutboxRecord {
        OutboxRecord(
            receiver: row[0], id: row[1], payload: row[2], createdAt: Date(epochSeconds: row[3]),
            expiresAt: Date(epochSeconds: row[4]), status: OutboxRecord.Status(rawValue: row[5]) ?? .pending,
            attempts: row[6], nextAttempt: Date(epochSeconds: row[7]),
            lastAttempt: (row[8] as Double?).map(Date.init(epochSeconds:)), lastError: row[9],
            finishedAt: (row[10] as Double?).map(Date.init(epochSeconds:)))
    }
}
