import Foundation
import HarkCore
import HarkState

/// A fresh directory under the system temp directory, removed when the test is done with it.
/// Every test works on a real SQLite file in its own directory, so tests run in parallel safely.
func withStateDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = try makeStateDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// The async form of `withStateDirectory`, for tests that run tasks against one store.
func withStateDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = try makeStateDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory)
}

private func makeStateDirectory() throws -> String {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("hark-state-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

/// A small mention; only the identity and text matter to most state tests.
func mention(_ id: String, connector: String = "forum", text: String? = nil) -> Mention {
    Mention(
        id: id, connector: connector, source: .rss, text: text ?? "text of \(id)",
        publishedAt: Date(timeIntervalSince1970: 1_700_000_000))
}

/// A fixed instant; whole and half seconds are exact in a Double, so round trips compare equal.
let noon = Date(timeIntervalSince1970: 1_750_000_000)

let hour: TimeInterval = 60 * 60
let day: TimeInterval = 24 * hour

/// `PRAGMA user_version` as stored in the database header (bytes 60–63, big-endian), read from the
/// file itself so tests see what is on disk.
func userVersion(ofFileAt path: String) throws -> UInt32 {
    let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(64)
    return header.suffix(4).reduce(0) { $0 << 8 | UInt32($1) }
}

/// Overwrites the header's `user_version`, as a newer hark's migration would have.
func setUserVersion(_ version: UInt32, ofFileAt path: String) throws {
    var contents = try Data(contentsOf: URL(fileURLWithPath: path))
    for index in 0..<4 {
        contents[60 + index] = UInt8(truncatingIfNeeded: version >> (8 * (3 - index)))
    }
    try contents.write(to: URL(fileURLWithPath: path))
}
