import GRDB

/// Why a state operation failed, with enough context to act on it from a log line alone:
/// which file, what hark was doing, and what SQLite said.
///
/// The state file is the one thing whose loss costs data, so its errors name the file (an operator
/// may have pointed `--state` at the wrong place) and keep SQLite's code (a full disk reads differently
/// from a corrupt file).
public struct StateError: Error, Sendable, CustomStringConvertible {
    /// The state file (or directory, when it could not be created).
    public var path: String
    /// What hark was doing, such as `open` or `commit poll of forum`.
    public var operation: String
    /// What went wrong, starting with SQLite's result code when SQLite reported it.
    public var message: String
    /// SQLite's extended result code, when the error came from SQLite.
    public var sqliteCode: Int32?

    /// Makes an error from its parts; the store builds these, tests may too.
    public init(path: String, operation: String, message: String, sqliteCode: Int32? = nil) {
        self.path = path
        self.operation = operation
        self.message = message
        self.sqliteCode = sqliteCode
    }

    /// Wraps whatever a database access threw. Statement arguments are deliberately left out of the
    /// message: they hold mention text and validators, which do not belong in logs.
    init(path: String, operation: String, underlying error: any Error) {
        switch error {
        case let error as StateError:
            self = error
        case let error as DatabaseError:
            let code = error.extendedResultCode.rawValue
            self.init(
                path: path, operation: operation,
                message: "SQLite error \(code): \(error.message ?? "no message")", sqliteCode: code)
        default:
            self.init(path: path, operation: operation, message: String(describing: error))
        }
    }

    /// `PATH: OPERATION: MESSAGE`, the form the rest of hark prints errors in.
    public var description: String { "\(path): \(operation): \(message)" }
}
