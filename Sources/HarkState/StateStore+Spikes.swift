public import Foundation
import GRDB

extension StateStore {
    /// Replaces the saved spike detector snapshot (JSON from `SpikeDetector.Snapshot`).
    public func saveSpikeSnapshot(_ json: Data, at time: Date) throws(StateError) {
        try writing("save spike state") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO spike_state (id, snapshot, saved_at) VALUES (1, ?, ?)",
                arguments: [String(decoding: json, as: UTF8.self), time.epochSeconds])
        }
    }

    /// The saved spike detector snapshot, or nil when none was saved yet.
    public func loadSpikeSnapshot() throws(StateError) -> Data? {
        try reading("load spike state") { db in
            try String.fetchOne(db, sql: "SELECT snapshot FROM spike_state WHERE id = 1").map { Data($0.utf8) }
        }
    }
}
