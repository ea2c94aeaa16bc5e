public import Foundation
import GRDB
public import HarkCore

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
    /// With `toInbox: false` the new mentions are recorded as seen but not queued: for a caller that
    /// consumes them itself (`hark poll` prints them), so nothing piles up for a pipeline that is not running.
    ///
    /// Returns the new mentions in input order.
    public func commitPoll(
        _ state: SourceState, mentions: [Mention], at now: Date, toInbox: Bool = true
    ) throws(StateError) -> [Mention] {
        var unique: [Mention] = []
        unique.reserveCapacity(mentions.count)
        var keys = Set<MentionKey>(minimumCapacity: mentions.count)
        for mention in mentions where keys.insert(mention.key).inserted {
            unique.append(mention)
        }
        let stamp = now.epochSeconds
        let refreshBefore = stamp - Self.lastSeenRefreshInterval

        return try writing("commit poll of \(state.connector)") { db in
            let known = try Self.sightAgain(unique, at: stamp, ifSeenBefore: refreshBefore, db)
            let insertSeen = try db.cachedStatement(
                sql: "INSERT INTO seen (connector, id, first_seen, last_seen) VALUES (?, ?, ?, ?)")
            var fresh: [Mention] = []
            for mention in unique where !known.contains(mention.key) {
                try insertSeen.execute(arguments: [mention.connector, mention.id, stamp, stamp])
                if toInbox { try Self.insertIntoInbox(mention, fetchedAt: stamp, db) }
                fresh.append(mention)
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

    /// Finds which of `mentions` were seen before, and moves their `last_seen` to `stamp` where it is
    /// older than `refreshBefore`; two statements per connector and chunk instead of one per mention.
    ///
    /// IN lists are padded to a few fixed lengths (repeating an id changes nothing) so each connection
    /// caches one statement per length rather than one per batch length.
    private static func sightAgain(
        _ mentions: [Mention], at stamp: Double, ifSeenBefore refreshBefore: Double, _ db: Database
    ) throws -> Set<MentionKey> {
        var idsByConnector: [String: [String]] = [:]
        for mention in mentions {
            idsByConnector[mention.connector, default: []].append(mention.id)
        }
        var known = Set<MentionKey>(minimumCapacity: mentions.count)
        for (connector, ids) in idsByConnector {
            var start = ids.startIndex
            while start < ids.endIndex {
                let end = min(start + InList.longest, ids.endIndex)
                let list = InList(length: end - start)
                var listed: [(any DatabaseValueConvertible)?] = []
                listed.reserveCapacity(list.length)
                for id in ids[start..<end] {
                    listed.append(id)
                }
                while listed.count < list.length {
                    listed.append(ids[start])
                }

                let refresh = try db.cachedStatement(sql: list.refreshSQL)
                try refresh.execute(arguments: StatementArguments([stamp, connector] + listed + [refreshBefore]))
                let lookup = try db.cachedStatement(sql: list.lookupSQL)
                let seenIDs = try String.fetchCursor(lookup, arguments: StatementArguments([connector] + listed))
                while let id = try seenIDs.next() {
                    known.insert(MentionKey(connector: connector, id: id))
                }
                start = end
            }
        }
        return known
    }
}

/// One of the few IN-list lengths `sightAgain` uses, with its SQL built once.
private struct InList {
    /// The longest list; far below SQLite's limit on bound variables.
    static let longest = 512
    private static let all = [8, 32, 128, longest].map(InList.init(padded:))

    let length: Int
    /// Refreshes `last_seen`: arguments are the new time, the connector, the ids, the threshold.
    let refreshSQL: String
    /// Finds the ids already seen: arguments are the connector and the ids.
    let lookupSQL: String

    /// The shortest list that holds `count` ids (at most `longest`).
    init(length count: Int) {
        self = Self.all.first { $0.length >= count } ?? Self.all[Self.all.count - 1]
    }

    private init(padded length: Int) {
        let placeholders = repeatElement("?", count: length).joined(separator: ", ")
        self.length = length
        refreshSQL = "UPDATE seen SET last_seen = ? WHERE connector = ? AND id IN (\(placeholders)) AND last_seen < ?"
        lookupSQL = "SELECT id FROM seen WHERE connector = ? AND id IN (\(placeholders))"
    }
}
