import Foundation
public import HarkCore
import GRDB

/// A mention waiting in the inbox, with the sequence number that acknowledges it.
public struct InboxEntry: Sendable, Hashable {
    /// Increases with every mention stored and is never reused, so "everything up to N" is stable.
    public var sequence: Int64
    /// The mention as it was fetched.
    public var mention: Mention

    /// Pairs a mention with its sequence number.
    public init(sequence: Int64, mention: Mention) {
        self.sequence = sequence
        self.mention = mention
    }
}

extension StateStore {
    /// Up to `limit` mentions fetched but not yet acknowledged, oldest first.
    ///
    /// The pipeline reads from here, processes, then acknowledges; after a crash it reads the same
    /// entries again, so nothing fetched is lost between the poll's commit and the pipeline's work.
    public func inbox(limit: Int) throws(StateError) -> [InboxEntry] {
        try reading("read inbox") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sequence, connector, id, source, url, author, title, text, published_at,
                           language, rating, tags, meta
                    FROM inbox ORDER BY sequence LIMIT ?
                    """,
                arguments: [max(0, limit)])
            let decoder = JSONDecoder()
            var entries: [InboxEntry] = []
            while let row = try rows.next() {
                entries.append(Self.inboxEntry(from: row, decoder: decoder))
            }
            return entries
        }
    }

    /// Removes every entry with a sequence up to and including `sequence`: the pipeline has finished
    /// with them (their alerts are decided and handed on), so a restart must not process them again.
    public func acknowledge(upTo sequence: Int64) throws(StateError) {
        try writing("acknowledge inbox up to \(sequence)") { db in
            try db.execute(sql: "DELETE FROM inbox WHERE sequence <= ?", arguments: [sequence])
        }
    }

    /// Removes exactly the given entries, for a pipeline that finishes mentions out of order.
    public func acknowledge(_ sequences: [Int64]) throws(StateError) {
        guard !sequences.isEmpty else { return }
        try writing("acknowledge \(sequences.count) inbox entries") { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM inbox WHERE sequence = ?")
            for sequence in sequences {
                try statement.execute(arguments: [sequence])
            }
        }
    }

    /// How many mentions wait in the inbox: the pipeline's backlog, for status and readiness.
    public func inboxCount() throws(StateError) -> Int {
        try reading("count inbox") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbox") ?? 0
        }
    }

    /// Stores one new mention in the inbox; part of `commitPoll`'s transaction.
    static func insertIntoInbox(
        _ mention: Mention, fetchedAt: Double, encoder: InboxEncoder, _ db: Database
    ) throws {
        let tags = try encoder.json(mention.tags)
        let meta = try encoder.json(mention.meta)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO inbox (connector, id, source, url, author, title, text, published_at,
                                   language, rating, tags, meta, fetched_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            mention.connector, mention.id, mention.source.rawValue, mention.url, mention.author,
            mention.title, mention.text, mention.publishedAt.epochSeconds, mention.language, mention.rating,
            tags, meta, fetchedAt,
        ])
    }

    /// Rebuilds a mention from its columns.
    ///
    /// Tags and meta that do not decode (a file edited by hand) come back empty rather than failing
    /// the read: one bad row must not block the whole inbox behind it.
    private static func inboxEntry(from row: Row, decoder: JSONDecoder) -> InboxEntry {
        let tagsJSON: String = row[11]
        let metaJSON: String = row[12]
        let mention = Mention(
            id: row[2], connector: row[1], source: SourceKind(rawValue: row[3]), url: row[4], author: row[5],
            title: row[6], text: row[7], publishedAt: Date(epochSeconds: row[8]), language: row[9],
            rating: row[10],
            tags: (try? decoder.decode([String].self, from: Data(tagsJSON.utf8))) ?? [],
            meta: (try? decoder.decode([String: String].self, from: Data(metaJSON.utf8))) ?? [:])
        return InboxEntry(sequence: row[0], mention: mention)
    }
}

/// Turns tags and meta into JSON text for the inbox, reusing one encoder per commit. Empty values,
/// the common case, skip the encoder.
struct InboxEncoder {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func json(_ tags: [String]) throws -> String {
        tags.isEmpty ? "[]" : String(decoding: try encoder.encode(tags), as: UTF8.self)
    }

    func json(_ meta: [String: String]) throws -> String {
        meta.isEmpty ? "{}" : String(decoding: try encoder.encode(meta), as: UTF8.self)
    }
}
