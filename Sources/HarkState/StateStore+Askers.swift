public import Foundation
import GRDB
public import HarkCore

/// One demand post of a theme with whether its author has been told the theme shipped.
public struct AskerRecord: Sendable, Hashable {
    public var asker: ThemeSnapshot.Asker
    /// When the post's author was told (the notice was queued in the outbox); nil while owed.
    public var notifiedAt: Date?

    public init(asker: ThemeSnapshot.Asker, notifiedAt: Date?) {
        self.asker = asker
        self.notifiedAt = notifiedAt
    }
}

/// Closing the loop: which askers of a theme have been told it shipped.
extension StateStore {
    /// Every demand post of `theme` (and of themes merged into it) with its notification state,
    /// oldest first.
    public func askerRecords(_ theme: String) throws(StateError) -> [AskerRecord] {
        try reading("read askers of theme \(theme)") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT theme, author, url, connector, mention_id, asked_at, duplicate, notified_at
                    FROM theme_askers WHERE theme = ? ORDER BY asked_at, connector, mention_id
                    """,
                arguments: [theme])
            var records: [AskerRecord] = []
            while let row = try rows.next() {
                records.append(
                    AskerRecord(
                        asker: ThemeSnapshot.Asker(
                            theme: row[0], author: row[1], url: row[2], connector: row[3], mentionID: row[4],
                            at: Date(timeIntervalSince1970: row[5]), duplicate: row[6]),
                        notifiedAt: (row[7] as Double?).map { Date(timeIntervalSince1970: $0) }))
            }
            return records
        }
    }

    /// The themes that have been shipped, with when and the message, by id: for telling askers who
    /// came later (the daemon's engine may not know of a theme shipped from the command line).
    public func shippedThemes() throws(StateError) -> [String: (at: Date, message: String)] {
        try reading("read shipped themes") { db in
            var shipped: [String: (at: Date, message: String)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, shipped_at, ship_message FROM themes WHERE shipped_at IS NOT NULL")
            {
                shipped[row[0]] = (Date(timeIntervalSince1970: row[1]), (row[2] as String?) ?? "")
            }
            return shipped
        }
    }
}
