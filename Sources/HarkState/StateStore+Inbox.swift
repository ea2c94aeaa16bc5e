import Foundation
import GRDB
public import HarkCore

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
        try inbox(after: .min, limit: limit)
    }

    /// Up to `limit` entries with a sequence above `sequence`, oldest first: the process loop reads
    /// past the entries it has processed but holds (unacknowledged) without reading them again.
    public func inbox(after sequence: Int64, limit: Int) throws(StateError) -> [InboxEntry] {
        try reading("read inbox after \(sequence)") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sequence, connector, id, source, url, author, title, text, published_at,
                           language, rating, tags, meta
                    FROM inbox WHERE sequence > ? ORDER BY sequence LIMIT ?
                    """,
                arguments: [sequence, max(0, limit)])
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
        _ mention: Mention, fetchedAt: Double, _ db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO inbox (connector, id, source, url, author, title, text, published_at,
                                   language, rating, tags, meta, fetched_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        // An array literal: measurably cheaper in GRDB than building `StatementArguments` from an array.
        try statement.execute(arguments: [
            mention.connector, mention.id, mention.source.rawValue, mention.url, mention.author,
            mention.title, mention.text, mention.publishedAt.epochSeconds, mention.language, mention.rating,
            InboxJSON.array(mention.tags), InboxJSON.object(mention.meta), fetchedAt,
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

/// Writes tags and meta as JSON text for the inbox columns.
///
/// Hand-written because it sits on the hot path: Foundation's `JSONEncoder` took about a quarter of a
/// 100-mention commit. The output is plain JSON (read back with `JSONDecoder`); object keys are sorted
/// so equal meta always stores as equal text.
enum InboxJSON {
    /// A JSON array of strings.
    static func array(_ strings: [String]) -> String {
        guard !strings.isEmpty else { return "[]" }
        var json = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { json += "," }
            appendQuoted(string, to: &json)
        }
        return json + "]"
    }

    /// A JSON object of string values, keys sorted.
    static func object(_ dictionary: [String: String]) -> String {
        guard !dictionary.isEmpty else { return "{}" }
        var json = "{"
        for (index, key) in dictionary.keys.sorted().enumerated() {
            if index > 0 { json += "," }
            appendQuoted(key, to: &json)
            json += ":"
            appendQuoted(dictionary[key] ?? "", to: &json)
        }
        return json + "}"
    }

    /// Appends `string` as a JSON string literal. Only the quote, the backslash and control characters
    /// need escaping; everything else, non-ASCII included, is valid JSON as it stands.
    private static func appendQuoted(_ string: String, to json: inout String) {
        json += "\""
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            json += string
        } else {
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": json += "\\\""
                case "\\": json += "\\\\"
                case "\n": json += "\\n"
                case "\r": json += "\\r"
                case "\t": json += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: json.unicodeScalars.append(scalar)
                }
            }
        }
        json += "\""
    }
}
