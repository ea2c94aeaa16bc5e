import GRDB

/// The state file's schema, as an append-only list of versioned migrations.
///
/// A migration that has shipped is never edited: files written by that release already contain it.
/// Changes go into a new migration with the next number. Each migration also stamps
/// `PRAGMA user_version`, so an older hark that opens a file written by a newer one can tell and refuse
/// rather than misread it.
enum StateSchema {
    /// The highest schema version this build understands; the number of the last migration.
    static let version: Int32 = 5

    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        register(&migrator, version: 1, createTables)
        register(&migrator, version: 2, createThemeTables)
        register(&migrator, version: 3, createOutbox)
        register(&migrator, version: 4, createDigestsAndSilences)
        register(&migrator, version: 5, createSpikeState)
        return migrator
    }

    /// Registers migration `version` under the identifier `vN`, stamping `user_version` in the same
    /// transaction so the stamp and the schema never disagree.
    private static func register(
        _ migrator: inout DatabaseMigrator, version: Int32, _ body: @escaping @Sendable (Database) throws -> Void
    ) {
        migrator.registerMigration("v\(version)") { db in
            try body(db)
            try db.execute(sql: "PRAGMA user_version = \(version)")
        }
    }

    /// Version 1: per-source polling state, the seen keys, and the inbox.
    ///
    /// Times are REAL seconds since 1970, so they read the same from the `sqlite3` shell as from hark.
    private static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE source_state (
                    connector TEXT PRIMARY KEY NOT NULL,
                    url TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    next_due REAL,
                    last_attempt REAL,
                    last_success REAL,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    last_error_at REAL,
                    last_item_count INTEGER NOT NULL DEFAULT 0,
                    ttl_seconds REAL,
                    total_new INTEGER NOT NULL DEFAULT 0
                );

                -- WITHOUT ROWID: the key is the row, so each sighting costs one B-tree, not two.
                CREATE TABLE seen (
                    connector TEXT NOT NULL,
                    id TEXT NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    PRIMARY KEY (connector, id)
                ) WITHOUT ROWID;

                -- Serves pruning by age and the per-connector cap (which orders by last_seen).
                CREATE INDEX seen_by_age ON seen (connector, last_seen);

                -- AUTOINCREMENT so a sequence is never reused, even after the inbox empties:
                -- acknowledging "up to N" must never cover a mention stored later.
                CREATE TABLE inbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    connector TEXT NOT NULL,
                    id TEXT NOT NULL,
                    source TEXT NOT NULL,
                    url TEXT,
                    author TEXT,
                    title TEXT,
                    text TEXT NOT NULL,
                    published_at REAL NOT NULL,
                    language TEXT,
                    rating INTEGER,
                    tags TEXT NOT NULL DEFAULT '[]',
                    meta TEXT NOT NULL DEFAULT '{}',
                    fetched_at REAL NOT NULL
                );
                """)
    }

    /// Version 3: the outbox of notifications waiting for (or done with) delivery.
    ///
    /// Keyed by receiver and notification id, so enqueuing the same notification twice stores it once,
    /// and a delivered row stays (until pruned) to refuse a re-enqueue after a crash. `status` is
    /// `pending`, `delivered` or `failed`; only pending rows have a meaningful `next_attempt`.
    private static func createOutbox(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE outbox (
                    receiver TEXT NOT NULL,
                    id TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt REAL NOT NULL,
                    last_attempt REAL,
                    last_error TEXT,
                    finished_at REAL,
                    PRIMARY KEY (receiver, id)
                ) WITHOUT ROWID;

                -- Serves "what is due for this receiver", the deliverer's only hot query.
                CREATE INDEX outbox_due ON outbox (receiver, status, next_attempt);
                -- Serves pruning finished rows by age.
                CREATE INDEX outbox_finished ON outbox (status, finished_at);
                """)
    }

    /// Version 5: the spike detectors' snapshot, so a restart keeps every rule's baseline and does
    /// not alert again for a spike it already reported.
    ///
    /// One row (the detector is one value); the snapshot is the detector's own `Codable` JSON, which
    /// carries its layout version, so the store never needs to understand it.
    private static func createSpikeState(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE spike_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    snapshot TEXT NOT NULL,
                    saved_at REAL NOT NULL
                );
                """)
    }
}
