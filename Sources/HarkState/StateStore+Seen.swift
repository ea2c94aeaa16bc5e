public import Foundation
public import HarkCore
import GRDB

extension StateStore {
    /// A seen key's `last_seen` is rewritten only when it is older than this, so a source that returns
    /// the same 50 items every poll costs no writes for them; a day is far finer than any retention.
    static let lastSeenRefreshInterval: TimeInterval = 24 * 60 * 60

    /// Records one poll's outcome in a single transaction, and returns the mentions not seen before.
    ///
    /// Drops mentions whose key (connector, id) was already seen, by this poll or any before it, across
    /// restarts; duplicates within `mentions` count once (the first wins). The new ones are recorded as
    /// seen and stored in the inbox; the ones seen again get `last_seen` refreshed when it is more than a
    /// day old, so pruning keeps what sources still show. `state` is saved with `totalNew` increased by
    /// the number of new mentions. Either all of this happens or none of it does: after a crash a mention
    /// is either in the inbox and seen, or neither, and is then fetched again.
    ///
    /// Returns the new mentions in input order.
    public func commitPoll(_ state: SourceState, mentions: [Mention], at now: Date) throws(StateError) -> [Mention] {
        var unique: [Mention] = []
        unique.reserveCapacity(mentions.count)
        var keys = Set<MentionKey>(minimumCapacity: mentions.count)
        for mention in mentions where keys.insert(mention.key).inserted {
            unique.append(mention)
        }
        let stamp = now.epochSeconds
        let refreshBefore = stamp - Self.lastSeenRefreshInterval
        let encoder = InboxEncoder()

        return try writing("commit poll of \(state.connector)") { db in
            let sightings = try Self.lastSightings(of: unique, db)
            let insertSeen = try db.cachedStatement(
                sql: "INSERT INTO seen (connector, id, first_seen, last_seen) VALUES (?, ?, ?, ?)")
            let refreshSeen = try db.cachedStatement(
                sql: "UPDATE seen SET last_seen = ? WHERE connector = ? AND id = ?")
            var fresh: [Mention] = []
            for mention in unique {
                if let lastSeen = sightings[mention.key] {
                    if lastSeen < refreshBefore {
                        try refreshSeen.execute(arguments: [stamp, mention.connector, mention.id])
                    }
                } else {
                    try insertSeen.execute(arguments: [mention.connector, mention.id, stamp, stamp])
                    try Self.insertIntoInbox(mention, fetchedAt: stamp, encoder: encoder, db)
                    fresh.append(mention)
                }
            }
            var saved = state
            saved.totalNew += fresh.count
            try Self.upsert(saved, db)
            return fresh
        }
    }

    /// Whether `key` has been seen (and not yet pruned).
    public func hasSeen(_ key: MentionKey) throws(StateError) -> Bool {
        try reading("look up seen key \(key)") { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM seen WHERE connector = ? AND id = ?)",
                arguments: [key.connector, key.id]) ?? false
        }
    }

    /// How many seen keys are stored, for status and retention reports.
    public func seenCount() throws(StateError) -> Int {
        try reading("count seen keys") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM seen") ?? 0
        }
    }

    /// Keeps the seen keys bounded: forgets keys last sighted before `olderThan`, then trims each
    /// connector to its `maxPerConnector` most recently sighted keys. Returns how many keys went.
    ///
    /// Retention must outlast how far back sources reach (a feed's oldest item, a review page's depth):
    /// a key forgotten while its source still lists the mention would make it new again. Each connector
    /// is pruned in its own transaction so polls never wait long behind a large prune.
    public func pruneSeen(olderThan cutoff: Date, maxPerConnector: Int = 200_000) throws(StateError) -> Int {
        let connectors = try reading("list connectors of seen keys") { db in
            try String.fetchAll(db, sql: Self.distinctSeenConnectors)
        }
        var removed = 0
        for connector in connectors {
            removed += try writing("prune seen keys of \(connector)") { db in
                try db.execute(
                    sql: "DELETE FROM seen WHERE connector = ? AND last_seen < ?",
                    arguments: [connector, cutoff.epochSeconds])
                var count = db.changesCount
                try db.execute(
                    sql: """
                        DELETE FROM seen WHERE connector = ?1 AND id IN (
                            SELECT id FROM seen WHERE connector = ?1
                            ORDER BY last_seen DESC, id DESC LIMIT -1 OFFSET ?2)
                        """,
                    arguments: [connector, max(0, maxPerConnector)])
                count += db.changesCount
                return count
            }
        }
        return removed
    }

    /// The distinct connectors in `seen`, found by hopping along the primary key (one index seek per
    /// connector) instead of scanning every key.
    private static let distinctSeenConnectors = """
        WITH RECURSIVE hop(connector) AS (
            SELECT MIN(connector) FROM seen
            UNION ALL
            SELECT (SELECT MIN(connector) FROM seen WHERE connector > hop.connector) FROM hop
            WHERE hop.connector IS NOT NULL)
        SELECT connector FROM hop WHERE connector IS NOT NULL
        """

    /// The `last_seen` of each key of `mentions` already in `seen`, with one query per connector and
    /// chunk instead of one per mention.
    ///
    /// IN lists are padded to a few fixed sizes (repeating an id changes nothing) so the statement
    /// cache holds at most one statement per size rather than one per batch length.
    private static func lastSightings(of mentions: [Mention], _ db: Database) throws -> [MentionKey: Double] {
        var idsByConnector: [String: [String]] = [:]
        for mention in mentions {
            idsByConnector[mention.connector, default: []].append(mention.id)
        }
        var sightings: [MentionKey: Double] = [:]
        for (connector, ids) in idsByConnector {
            var start = ids.startIndex
            while start < ids.endIndex {
                let end = min(start + maxInListSize, ids.endIndex)
                let chunk = ids[start..<end]
                let size = inListSize(for: chunk.count)
                let statement = try db.cachedStatement(
                    sql: "SELECT id, last_seen FROM seen WHERE connector = ? AND id IN ("
                        + repeatElement("?", count: size).joined(separator: ", ") + ")")
                var arguments: [String] = [connector]
                arguments.reserveCapacity(size + 1)
                arguments.append(contentsOf: chunk)
                arguments.append(contentsOf: repeatElement(chunk[chunk.startIndex], count: size - chunk.count))
                let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
                while let row = try rows.next() {
                    sightings[MentionKey(connector: connector, id: row[0])] = row[1]
                }
                start = end
            }
        }
        return sightings
    }

    /// The longest IN list `lastSightings` builds; far below SQLite's limit on bound variables.
    private static let maxInListSize = 512

    /// The padded IN-list length for `count` ids (at most `maxInListSize`).
    private static func inListSize(for count: Int) -> Int {
        switch count {
        case ...8: 8
        case ...32: 32
        case ...128: 128
        default: maxInListSize
        }
    }
}
