import Foundation
import Synchronization

/// A `hark run` started in the background, as systemd would start it: the test sends it signals,
/// reads what it logged so far, and awaits its exit without holding a thread of the concurrency pool.
final class RunningHark: Sendable {
    let process: Process
    private let log = Locked("")
    private let exited = Locked<Int32?>(nil)

    /// Starts `hark run` with the arguments and extra environment.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: HarkBinary.path) else {
            throw HarkBinary.Missing(path: HarkBinary.path)
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: HarkBinary.path)
        process.arguments = ["run"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let exited = self.exited
        process.terminationHandler = { process in exited.value.withLock { $0 = process.terminationStatus } }
        try process.run()
        let log = self.log
        // The pipe is drained on a dispatch thread until hark closes it.
        DispatchQueue.global().async {
            let handle = errors.fileHandleForReading
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                log.value.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
    }

    var pid: Int32 { process.processIdentifier }
    var stderr: String { log.value.withLock { $0 } }
    var status: Int32? { exited.value.withLock { $0 } }

    func send(_ signal: Int32) { kill(pid, signal) }

    /// Waits until `condition` holds, checking every 50 ms, for at most `timeout`; false if it never did.
    static func waitUntil(timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// Waits for the stderr log to contain `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(60)) async -> Bool {
        await Self.waitUntil(timeout: timeout) { stderr.contains(text) }
    }

    /// The exit status, once hark has exited (nil if it did not within `timeout`).
    func waitForExit(timeout: Duration = .seconds(60)) async -> Int32? {
        _ = await Self.waitUntil(timeout: timeout) { status != nil }
        return status
    }

    /// Kills hark if it is still running (for a test that failed half-way).
    func stop() {
        if status == nil { kill(pid, SIGKILL) }
    }
}

/// A value behind a lock, in a class so closures and threads can share it (a `Mutex` itself cannot
/// be copied into them).
final class Locked<Value: Sendable>: Sendable {
    let value: Mutex<Value>

    init(_ initial: Value) {
        value = Mutex(initial)
    }
}

extension RunningHark {
    /// The endpoint's base URL, from the `http endpoint listening address=…` log line.
    func endpoint(timeout: Duration = .seconds(60)) async -> String? {
        guard await waitForLog("http endpoint listening", timeout: timeout) else { return nil }
        let line = stderr.split(separator: "\n").first { $0.contains("http endpoint listening") } ?? ""
        guard let range = line.range(of: "address=") else { return nil }
        let address = line[range.upperBound...].prefix { !$0.isWhitespace }
        return "http://\(address)"
    }
}
