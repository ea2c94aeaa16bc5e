import Foundation

/// Runs the real `hark` executable built next to this test bundle, as a user would.
struct HarkBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static let path: String = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("hark").path
    }()

    /// The repository root (for the example configuration and the demo).
    static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// Runs hark to completion without holding a thread of the concurrency pool: the pipes are
    /// drained and the exit awaited on dispatch threads, so other tests keep running meanwhile.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(path: path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let group = DispatchGroup()
                // Written by the reader before `leave()`, read only after `wait()`: never concurrently.
                nonisolated(unsafe) var outData = Data()
                group.enter()
                DispatchQueue.global().async {
                    outData = output.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let errData = errors.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: Result(
                        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                        stderr: String(decoding: errData, as: UTF8.self)))
            }
        }
    }

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "the hark executable is not at \(path); run `swift build` first" }
    }
}

/// A temporary configuration directory with connector files.
struct TemporaryConfig {
    let path: String

    init(connectors: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hark-cli-\(UUID().uuidString)").path
        let folder = (path as NSString).appendingPathComponent("connectors")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in connectors {
            try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    var state: String { (path as NSString).appendingPathComponent("state") }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
