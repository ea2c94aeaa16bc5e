import GRDB

extension StateSchema {
    /// Version 4: alerts waiting for a receiver's digest, and silences added from the command line.
    ///
    /// `digest_alerts` holds one row per alert routed to a digest receiver, keyed by receiver, period
    /// and alert id (an alert routed twice in a period is counted once); the rows of a period are
    /// deleted in the same transaction that puts its digest in the outbox. `silences` keeps
    /// `hark silence add` entries; `matchers` is JSON (`[{"name","op","value"}]`, op `=` or `=~`).
    static func createDigestsAndSilences(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE digest_alerts (
                    receiver TEXT NOT NULL,
                    period_start REAL NOT NULL,
                    alert_id TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    alert TEXT NOT NULL,
                    PRIMARY KEY (receiver, period_start, alert_id)
                ) WITHOUT ROWID;

                CREATE TABLE silences (
                    id TEXT PRIMARY KEY NOT NULL,
                    matchers TEXT NOT NULL,
                    starts_at REAL NOT NULL,
                    ends_at REAL NOT NULL,
                    comment TEXT NOT NULL DEFAULT '',
                    created_by TEXT,
                    created_at REAL NOT NULL,
                    expired_at REAL
                );
                """)
    }
}
