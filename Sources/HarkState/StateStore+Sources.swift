import Foundation
import GRDB
public import HarkCore

extension StateStore {
    /// The polling state saved for `connector`, or nil for a connector never saved (or forgotten),
    /// which the scheduler treats as due now with no validators.
    public func sourceState(_ connector: String) throws(StateError) -> SourceState? {
        try reading("read source state of \(connector)") { db in
            try Row.fetchOne(db, sql: "\(Self.selectSourceState) WHERE connector = ?", arguments: [connector])
                .map(Self.sourceState(from:))
        }
    }

    /// Every saved polling state, ordered by connector name: what the daemon restores at start and
    /// what the status endpoint reports.
    public func sourceStates() throws(StateError) -> [SourceState] {
        try reading("read source states") { db in
            try Row.fetchAll(db, sql: "\(Self.selectSourceState) ORDER BY connector").map(Self.sourceState(from:))
        }
    }

    /// Saves `state` in full, replacing what was saved for its connector; call it after every poll
    /// that found nothing new (a poll with new mentions saves through `commitPoll`).
    public func save(_ state: SourceState) throws(StateError) {
        try writing("save source state of \(state.connector)") { db in
            try Self.upsert(state, db)
        }
    }

    /// Removes the polling state of a connector that left the configuration. Its seen keys stay, so a
    /// connector that comes back does not re-alert what it already produced; pruning ages them out.
    public func forgetSource(_ connector: String) throws(StateError) {
        try writing("forget source \(connector)") { db in
            try db.execute(sql: "DELETE FROM source_state WHERE connector = ?", arguments: [connector])
        }
    }

    /// Columns in the order `sourceState(from:)` reads them.
    private static let selectSourceState = """
        SELECT connector, url, etag, last_modified, next_due, last_attempt, last_success,
               consecutive_failures, last_error, last_error_at, last_item_count, ttl_seconds, total_new
        FROM source_state
        """

    private static func sourceState(from row: Row) -> SourceState {
        SourceState(
            connector: row[0], url: row[1], etag: row[2], lastModified: row[3],
            nextDue: (row[4] as Double?).map(Date.init(epochSeconds:)),
            lastAttempt: (row[5] as Double?).map(Date.init(epochSeconds:)),
            lastSuccess: (row[6] as Double?).map(Date.init(epochSeconds:)),
            consecutiveFailures: row[7], lastError: row[8],
            lastErrorAt: (row[9] as Double?).map(Date.init(epochSeconds:)),
            lastItemCount: row[10], ttlSeconds: row[11], totalNew: row[12])
    }

    /// Inserts or replaces one source's row with a cached statement: it runs once per poll.
    static func upsert(_ state: SourceState, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO source_state (
                    connector, url, etag, last_modified, next_due, last_attempt, last_success,
                    consecutive_failures, last_error, last_error_at, last_item_count, ttl_seconds, total_new)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            state.connector, state.url, state.etag, state.lastModified,
            state.nextDue?.epochSeconds, state.lastAttempt?.epochSeconds, state.lastSuccess?.epochSeconds,
            state.consecutiveFailures, state.lastError, state.lastErrorAt?.epochSeconds,
            state.lastItemCount, state.ttlSeconds, state.totalNew,
        ])
    }
}
