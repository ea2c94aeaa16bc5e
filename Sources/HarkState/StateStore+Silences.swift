public import Foundation
import GRDB

/// A silence added from the command line, as the state keeps it. The matchers are JSON text the
/// respond side writes and reads (`[{"name": "topic", "op": "=", "value": "billing"}]`); the store
/// does not interpret them.
public struct StoredSilence: Sendable, Hashable {
    public var id: String
    public var matchers: String
    public var startsAt: Date
    public var endsAt: Date
    public var comment: String
    public var createdBy: String?
    public var createdAt: Date
    /// Set when `hark silence expire` ended it early.
    public var expiredAt: Date?

    public init(
        id: String, matchers: String, startsAt: Date, endsAt: Date, comment: String, createdBy: String? = nil,
        createdAt: Date, expiredAt: Date? = nil
    ) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.comment = comment
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiredAt = expiredAt
    }
}

/// Silences added at runtime (`hark silence add`), read by `hark run` and `hark replay --state`.
extension StateStore {
    /// Stores a silence; one with the same id is replaced.
    public func addSilence(_ silence: StoredSilence) throws(StateError) {
        try writing("add silence \(silence.id)") { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO silences (id, matchers, starts_at, ends_at, comment, created_by, created_at,
                                                     expired_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    silence.id, silence.matchers, silence.startsAt.epochSeconds, silence.endsAt.epochSeconds,
                    silence.comment, silence.createdBy, silence.createdAt.epochSeconds,
                    silence.expiredAt?.epochSeconds,
                ])
        }
    }

    /// Silences that end after `time` (nil: all of them), by start.
    public func silences(endingAfter time: Date? = nil) throws(StateError) -> [StoredSilence] {
        try reading("read silences") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, matchers, starts_at, ends_at, comment, created_by, created_at, expired_at FROM silences
                    WHERE ends_at > ? ORDER BY starts_at, id
                    """,
                arguments: [time?.epochSeconds ?? -Double.greatestFiniteMagnitude]
            ).map { row in
                StoredSilence(
                    id: row[0], matchers: row[1], startsAt: Date(epochSeconds: row[2]),
                    endsAt: Date(epochSeconds: row[3]),
                    comment: row[4], createdBy: row[5], createdAt: Date(epochSeconds: row[6]),
                    expiredAt: (row[7] as Double?).map(Date.init(epochSeconds:)))
            }
        }
    }

    /// Ends a silence at `time` (one not started yet ends before it starts). Returns the silences
    /// whose id starts with `id` and were still in force or scheduled: exactly one was expired when
    /// one is returned; none or several (an ambiguous prefix) change nothing.
    @discardableResult
    public func expireSilence(_ id: String, at time: Date) throws(StateError) -> [String] {
        try writing("expire silence \(id)") { db in
            let matches = try String.fetchAll(
                db, sql: "SELECT id FROM silences WHERE substr(id, 1, ?) = ? AND ends_at > ?",
                arguments: [id.count, id, time.epochSeconds])
            guard matches.count == 1 else { return matches }
            try db.execute(
                sql: "UPDATE silences SET ends_at = MAX(?1, starts_at), expired_at = ?1 WHERE id = ?2",
                arguments: [time.epochSeconds, matches[0]])
            return matches
        }
    }
}
