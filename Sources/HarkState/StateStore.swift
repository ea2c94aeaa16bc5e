import Foundation
import GRDB

/// hark's durable memory: one SQLite file, `hark.sqlite`, in the state directory.
///
/// It holds what must survive a restart for the daemon to keep its promises: polling state per source
/// (so validators and back-off carry over), the keys of mentions already seen (so nothing is alerted
/// twice), and the inbox of mentions fetched but not yet processed (so nothing fetched is lost).
///
/// The store is safe to share between tasks. Writes are serialized on one connection and each public
/// write is one transaction; reads run beside writes (WAL mode) and see only committed data. Calls block
/// the calling thread for the length of one short transaction.
public final class StateStore: Sendable {
    /// The SQLite file, `DIR/hark.sqlite`.
    public let path: String
    /// A pool rather than a queue so that status reads (the HTTP endpoint, `hark themes`) never wait
    /// behind a poll's commit. `DatabasePool` is `Sendable`; it is the only shared state here.
    let pool: DatabasePool

    /// The file name inside the state directory.
    public static let fileName = "hark.sqlite"

    /// Opens the state in `directory`, creating the directory and the file if needed, and brings the
    /// schema up to date.
    ///
    /// Fails, rather than guessing, when the file is not a SQLite database, is corrupt, or was written
    /// by a newer hark whose schema this build does not know.
    public init(directory: String) throws(StateError) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(
                path: directory, operation: "create state directory", message: error.localizedDescription)
        }
        try Self.refuseNewerSchema(at: path)
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration)
            try StateSchema.migrator.migrate(pool)
        } catch {
            throw StateError(path: path, operation: "open", underlying: error)
        }
    }

    /// Closes the file, first copying the write-ahead log into it so that `hark.sqlite` alone is a
    /// complete copy (for backups, or for moving the state directory). Later calls fail with a
    /// `StateError`. Optional: dropping the last reference closes the file too, but only this releases
    /// it at a known moment, which is what a shutdown wants.
    public func close() throws(StateError) {
        do {
            try pool.writeWithoutTransaction { db in
                do {
                    try db.checkpoint(.truncate)
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    // Another process is reading. Nothing is lost: the log stays beside the file and
                    // the next open replays it.
                }
            }
            try pool.close()
        } catch {
            throw StateError(path: path, operation: "close", underlying: error)
        }
    }

    /// Connection settings.
    ///
    /// - A busy timeout, because `hark themes` and other commands may open the same file while the
    ///   daemon writes; five seconds covers any single transaction of ours.
    /// - WAL mode with `synchronous = NORMAL`, which `DatabasePool` sets up: every commit survives a
    ///   crash or kill of the process; only a power loss or kernel crash may roll back the last few
    ///   commits, which sets the seen keys back too, so those mentions are fetched again rather than
    ///   lost. `FULL` would add an fsync to each of thousands of commits per poll round.
    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.label = "hark.state"
        configuration.busyMode = .timeout(5)
        return configuration
    }

    /// Refuses a file written by a newer hark, before anything writes to it.
    ///
    /// The check opens the file read-only: opening it for writing (WAL set-up, migrations) would already
    /// change a file this build does not understand, or one that is not a database at all.
    private static func refuseNewerSchema(at path: String) throws(StateError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let fileVersion: Int32
        let superseded: Bool
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            (fileVersion, superseded) = try queue.read { db in
                (
                    try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                    try StateSchema.migrator.hasBeenSuperseded(db)
                )
            }
            try queue.close()
        } catch {
            throw StateError(path: path, operation: "open", underlying: error)
        }
        if fileVersion > StateSchema.version || superseded {
            throw StateError(
                path: path, operation: "open",
                message: "written by a newer hark (schema version \(fileVersion); this hark knows up to "
                    + "\(StateSchema.version)); upgrade hark or use another state directory")
        }
    }

    /// Runs `body` in a read-only access and turns any failure into a `StateError` for `operation`.
    func reading<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StateError(path: path, operation: operation(), underlying: error)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction (committed on return, rolled back on error) and turns
    /// any failure into a `StateError` for `operation`.
    func writing<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StateError(path: path, operation: operation(), underlying: error)
        }
    }
}

extension Date {
    /// The form every time takes in the state file: REAL seconds since 1970.
    var epochSeconds: Double { timeIntervalSince1970 }

    /// Reads a time stored as REAL seconds since 1970.
    init(epochSeconds: Double) { self.init(timeIntervalSince1970: epochSeconds) }
}
