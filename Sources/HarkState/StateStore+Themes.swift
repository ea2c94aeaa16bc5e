public import Foundation
import GRDB
public import HarkCore

/// Demand themes: the clustering engine's state, every asker, and who has been told about a
/// shipped theme.
///
/// The engine (HarkLearn) hands over a `ThemeSnapshot`; the store keeps it in tables a person can
/// query (`themes` has one row per theme with its label and counts; `theme_askers` one row per demand
/// mention) and gives the same snapshot back after a restart, so clustering continues exactly. Askers
/// are appended, never rewritten: the engine keeps only the latest few per theme in memory, the store
/// keeps them all for the respond step, which must notify every one when the theme ships.
extension StateStore {
    /// Saves the engine's state in one transaction: theme rows are upserted, term statistics and the
    /// near-duplicate memory replaced, new askers appended (a mention already stored is left as it
    /// is, so saving the same snapshot twice is harmless), merged themes' askers moved to the
    /// surviving theme, and retired themes marked. A theme shipped through `shipTheme` keeps its
    /// shipping even if the snapshot does not know of it yet.
    ///
    /// Call `ThemeEngine.didSave()` after this returns, so the next snapshot does not carry the same
    /// askers again.
    public func saveThemes(_ snapshot: ThemeSnapshot) throws(StateError) {
        try writing("save demand themes") { db in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try db.execute(
                sql: """
                    INSERT INTO theme_engine (id, documents, next_sequence, clock, aliases) VALUES (1, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET documents = excluded.documents,
                        next_sequence = excluded.next_sequence, clock = excluded.clock, aliases = excluded.aliases
                    """,
                arguments: [
                    snapshot.documents, snapshot.nextSequence, snapshot.clock?.timeIntervalSinceReferenceDate,
                    String(decoding: try encoder.encode(snapshot.aliases), as: UTF8.self),
                ])
            let upsertTheme = try db.cachedStatement(
                sql: """
                    INSERT INTO themes (id, label, pinned_name, sequence, mentions, authors, first_seen, last_seen,
                                        emerged_at, shipped_at, ship_message, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET label = excluded.label, pinned_name = excluded.pinned_name,
                        mentions = excluded.mentions, authors = excluded.authors, first_seen = excluded.first_seen,
                        last_seen = excluded.last_seen, emerged_at = excluded.emerged_at,
                        shipped_at = COALESCE(excluded.shipped_at, themes.shipped_at),
                        ship_message = COALESCE(excluded.ship_message, themes.ship_message),
                        state = excluded.state, retired = 0, merged_into = NULL
                    """)
            for theme in snapshot.themes {
                try upsertTheme.execute(arguments: [
                    theme.id, theme.label, theme.pinnedName, theme.sequence, theme.mentions, theme.authors.count,
                    theme.firstSeen?.timeIntervalSince1970, theme.lastSeen?.timeIntervalSince1970,
                    theme.emergedAt?.timeIntervalSince1970, theme.shippedAt?.timeIntervalSince1970,
                    theme.shipMessage, String(decoding: try encoder.encode(theme), as: UTF8.self),
                ])
            }
            try db.execute(sql: "DELETE FROM theme_terms")
            let insertTerm = try db.cachedStatement(
                sql: "INSERT INTO theme_terms (term, theme_frequency, themes) VALUES (?, ?, ?)")
            for term in snapshot.terms {
                try insertTerm.execute(arguments: [
                    term.text, term.themeFrequency, term.themes.joined(separator: " "),
                ])
            }
            try db.execute(sql: "DELETE FROM theme_duplicates")
            let insertDuplicate = try db.cachedStatement(
                sql: "INSERT INTO theme_duplicates (position, key, theme) VALUES (?, ?, ?)")
            for (position, duplicate) in snapshot.duplicates.enumerated() {
                try insertDuplicate.execute(arguments: [position, Int64(bitPattern: duplicate.key), duplicate.theme])
            }
            let insertAsker = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO theme_askers (connector, mention_id, theme, author, url, asked_at, duplicate)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for asker in snapshot.newAskers {
                try insertAsker.execute(arguments: [
                    asker.connector, asker.mentionID, asker.theme, asker.author, asker.url,
                    asker.at.timeIntervalSince1970, asker.duplicate,
                ])
            }
            for (absorbed, survivor) in snapshot.aliases.sorted(by: { $0.key < $1.key }) {
                let current = Self.resolve(survivor, in: snapshot.aliases)
                try db.execute(
                    sql: "UPDATE themes SET merged_into = ? WHERE id = ?", arguments: [current, absorbed])
                try db.execute(
                    sql: "UPDATE theme_askers SET theme = ? WHERE theme = ?", arguments: [current, absorbed])
            }
            for id in snapshot.retired {
                try db.execute(sql: "UPDATE themes SET retired = 1 WHERE id = ?", arguments: [id])
            }
        }
    }

    /// The engine's state as last saved, or nil when no themes were ever saved. Retired and merged
    /// themes stay in the `themes` table for history but are not part of the engine's state.
    public func loadThemes() throws(StateError) -> ThemeSnapshot? {
        try reading("load demand themes") { db in
            guard let engine = try Row.fetchOne(db, sql: "SELECT documents, next_sequence, clock, aliases FROM theme_engine")
            else { return nil }
            let decoder = JSONDecoder()
            var snapshot = ThemeSnapshot()
            snapshot.documents = engine[0]
            snapshot.nextSequence = engine[1]
            snapshot.clock = (engine[2] as Double?).map { Date(timeIntervalSinceReferenceDate: $0) }
            let aliases: String = engine[3]
            snapshot.aliases = try decoder.decode([String: String].self, from: Data(aliases.utf8))
            let themes = try Row.fetchCursor(
                db,
                sql: """
                    SELECT state, shipped_at, ship_message FROM themes
                    WHERE retired = 0 AND merged_into IS NULL ORDER BY sequence
                    """)
            while let row = try themes.next() {
                let state: String = row[0]
                var theme = try decoder.decode(ThemeSnapshot.Theme.self, from: Data(state.utf8))
                if theme.shippedAt == nil, let shipped = row[1] as Double? {
                    theme.shippedAt = Date(timeIntervalSince1970: shipped)
                    theme.shipMessage = row[2]
                }
                snapshot.themes.append(theme)
            }
            let terms = try Row.fetchCursor(
                db, sql: "SELECT term, theme_frequency, themes FROM theme_terms ORDER BY term")
            while let row = try terms.next() {
                let themes: String = row[2]
                snapshot.terms.append(
                    ThemeSnapshot.Term(
                        text: row[0], themeFrequency: row[1],
                        themes: themes.split(separator: " ").map(String.init)))
            }
            let duplicates = try Row.fetchCursor(db, sql: "SELECT key, theme FROM theme_duplicates ORDER BY position")
            while let row = try duplicates.next() {
                let key: Int64 = row[0]
                snapshot.duplicates.append(.init(key: UInt64(bitPattern: key), theme: row[1]))
            }
            return snapshot
        }
    }

    /// Every asker of a theme (including those of themes merged into it), oldest first; with
    /// `unnotifiedOnly`, only those not yet told it shipped. This is the list the respond step works
    /// through when a theme ships.
    public func themeAskers(_ theme: String, unnotifiedOnly: Bool = false) throws(StateError) -> [ThemeSnapshot.Asker] {
        try reading("read askers of theme \(theme)") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT theme, author, url, connector, mention_id, asked_at, duplicate FROM theme_askers
                    WHERE theme = ? \(unnotifiedOnly ? "AND notified_at IS NULL" : "")
                    ORDER BY asked_at, connector, mention_id
                    """,
                arguments: [theme])
            var askers: [ThemeSnapshot.Asker] = []
            while let row = try rows.next() {
                askers.append(
                    ThemeSnapshot.Asker(
                        theme: row[0], author: row[1], url: row[2], connector: row[3], mentionID: row[4],
                        at: Date(timeIntervalSince1970: row[5]), duplicate: row[6]))
            }
            return askers
        }
    }

    /// Records that these askers were told (their mention keys), so a restart in the middle of
    /// notifying a thousand askers does not tell anyone twice.
    public func markAskersNotified(_ mentions: [MentionKey], at time: Date) throws(StateError) {
        guard !mentions.isEmpty else { return }
        try writing("mark \(mentions.count) askers notified") { db in
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE theme_askers SET notified_at = ?, notify_attempts = notify_attempts + 1, notify_error = NULL
                    WHERE connector = ? AND mention_id = ?
                    """)
            for key in mentions {
                try statement.execute(arguments: [time.timeIntervalSince1970, key.connector, key.id])
            }
        }
    }

    /// Records a failed attempt to tell an asker, with the reason, for retries and for the operator.
    public func markAskerNotifyFailed(_ mention: MentionKey, error: String, at time: Date) throws(StateError) {
        try writing("mark asker \(mention) notify failure") { db in
            try db.execute(
                sql: """
                    UPDATE theme_askers SET notify_attempts = notify_attempts + 1, notify_error = ?, last_attempt_at = ?
                    WHERE connector = ? AND mention_id = ?
                    """,
                arguments: [error, time.timeIntervalSince1970, mention.connector, mention.id])
        }
    }

    /// Marks a theme shipped from outside the engine (`hark themes ship` while the daemon runs): the
    /// row keeps it through later saves, and the engine learns it on its next restore. Returns false
    /// when no theme has that id.
    @discardableResult
    public func shipTheme(_ id: String, message: String, at time: Date) throws(StateError) -> Bool {
        try writing("ship theme \(id)") { db in
            try db.execute(
                sql: "UPDATE themes SET shipped_at = ?, ship_message = ? WHERE id = ?",
                arguments: [time.timeIntervalSince1970, message, id])
            return db.changesCount > 0
        }
    }

    static func resolve(_ id: String, in aliases: [String: String]) -> String {
        var id = id
        var hops = 0
        while let next = aliases[id], hops < 64 {
            id = next
            hops += 1
        }
        return id
    }
}

extension StateSchema {
    /// Version 2: demand themes. `themes.state` is the engine's JSON for the theme (centroid, label
    /// phrases, growth buckets); the other columns repeat what a person or `hark themes` reads.
    /// Times are REAL seconds since 1970, except the engine's own clock (`theme_engine.clock`), which
    /// is kept in Foundation's reference-date seconds so it round-trips exactly.
    static func createThemeTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE theme_engine (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    documents INTEGER NOT NULL,
                    next_sequence INTEGER NOT NULL,
                    clock REAL,
                    aliases TEXT NOT NULL DEFAULT '{}'
                );

                CREATE TABLE themes (
                    id TEXT PRIMARY KEY NOT NULL,
                    label TEXT NOT NULL,
                    pinned_name TEXT,
                    sequence INTEGER NOT NULL,
                    mentions INTEGER NOT NULL,
                    authors INTEGER NOT NULL,
                    first_seen REAL,
                    last_seen REAL,
                    emerged_at REAL,
                    shipped_at REAL,
                    ship_message TEXT,
                    retired INTEGER NOT NULL DEFAULT 0,
                    merged_into TEXT,
                    state TEXT NOT NULL
                );

                CREATE TABLE theme_terms (
                    term TEXT PRIMARY KEY NOT NULL,
                    theme_frequency INTEGER NOT NULL,
                    themes TEXT NOT NULL DEFAULT ''
                ) WITHOUT ROWID;

                CREATE TABLE theme_duplicates (
                    position INTEGER PRIMARY KEY,
                    key INTEGER NOT NULL,
                    theme TEXT NOT NULL
                );

                -- One row per demand mention; the respond step walks these when a theme ships.
                CREATE TABLE theme_askers (
                    connector TEXT NOT NULL,
                    mention_id TEXT NOT NULL,
                    theme TEXT NOT NULL,
                    author TEXT,
                    url TEXT,
                    asked_at REAL NOT NULL,
                    duplicate INTEGER NOT NULL DEFAULT 0,
                    notified_at REAL,
                    notify_attempts INTEGER NOT NULL DEFAULT 0,
                    notify_error TEXT,
                    last_attempt_at REAL,
                    PRIMARY KEY (connector, mention_id)
                ) WITHOUT ROWID;

                CREATE INDEX theme_askers_by_theme ON theme_askers (theme, asked_at);
                """)
    }
}
