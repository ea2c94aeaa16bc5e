import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program with bytes on its standard input, waits for it, and keeps the end of its
/// standard error; bounded in time.
///
/// Like the exec connector's runner, but feeding stdin. The program is someone's script: it may hang,
/// ignore its input or leave a child behind holding a pipe, so on timeout (or when the delivery is
/// cancelled) its whole process group gets SIGTERM, then SIGKILL after a grace period. Pipes are
/// written and read on dedicated threads, never on the cooperative pool.
struct ProgramFeed: Sendable {
    var executable: String
    var arguments: [String]
    var directory: String
    var input: [UInt8]
    var timeout: Duration
    /// Added to hark's own environment.
    var environment: [String: String] = [:]
    var killGrace: Duration = .seconds(3)
    /// How much of the end of standard error is kept.
    var keptErrorBytes = 16 << 10

    struct Outcome: Sendable {
        /// The exit status, or nil when a signal ended the program.
        var status: Int32?
        var signal: Int32?
        var errorTail: [UInt8]
        var timedOut: Bool
        var cancelled: Bool
    }

    struct LaunchError: Error, Sendable {
        var message: String
    }

    func run() async throws(LaunchError) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        let inputPipe = Pipe()
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        let (endings, ending) = AsyncStream.makeStream(of: (Int32, Bool).self, bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { finished in
            ending.yield((finished.terminationStatus, finished.terminationReason == .exit))
            ending.finish()
        }
        do {
            try process.run()
        } catch {
            throw LaunchError(message: "cannot start \(executable): \(error.localizedDescription)")
        }
        let group = process.processIdentifier
        let timedOut = Atomic<Bool>(false)
        let cancelled = Atomic<Bool>(false)
        let stopper = Stopper(group: group, grace: killGrace)
        stopper.schedule(after: timeout) { timedOut.store(true, ordering: .relaxed) }
        let writeFD = inputPipe.fileHandleForWriting.fileDescriptor
        let input = self.input
        let (errorTail, result) = await withTaskCancellationHandler {
            async let written: Void = Blocking.run { Self.writeAll(input, to: writeFD) }
            async let drained: [UInt8] = Blocking.run {
                Self.drain(outputPipe.fileHandleForReading.fileDescriptor, keep: 0)
            }
            async let errors: [UInt8] = Blocking.run {
                Self.drain(errorPipe.fileHandleForReading.fileDescriptor, keep: keptErrorBytes)
            }
            _ = await written
            try? inputPipe.fileHandleForWriting.close()
            _ = await drained
            let tail = await errors
            var result: (Int32, Bool) = (SIGKILL, false)
            for await end in endings { result = end }
            return (tail, result)
        } onCancel: {
            cancelled.store(true, ordering: .relaxed)
            stopper.schedule(after: .zero) {}
        }
        stopper.finish()
        try? outputPipe.fileHandleForReading.close()
        try? errorPipe.fileHandleForReading.close()
        withExtendedLifetime(process) {}
        return Outcome(
            status: result.1 ? result.0 : nil, signal: result.1 ? nil : result.0, errorTail: errorTail,
            timedOut: timedOut.load(ordering: .relaxed), cancelled: cancelled.load(ordering: .relaxed))
    }

    /// Writes everything; a program that exits without reading (EPIPE) just ends the write.
    ///
    /// Runs on a thread of its own, which blocks SIGPIPE for itself only: the write then fails with
    /// EPIPE instead of the signal killing hark, and the signal left pending dies with the thread.
    /// The rest of the process keeps its signal dispositions.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += count
        }
    }

    /// Reads `fd` to its end, keeping the last `keep` bytes.
    static func drain(_ fd: Int32, keep: Int) -> [UInt8] {
        var kept: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            if keep > 0 {
                kept.append(contentsOf: chunk[0..<count])
                if kept.count > keep { kept.removeFirst(kept.count - keep) }
            }
        }
        return kept
    }
}

extension ProgramFeed {
    /// Sends SIGTERM, then SIGKILL, to a process group on dispatch timers unless the run is over by
    /// then; a recycled process id is never signalled once `finish()` was called.
    final class Stopper: Sendable {
        private let group: pid_t
        private let grace: Duration
        private let done = Mutex(false)

        init(group: pid_t, grace: Duration) {
            self.group = group
            self.grace = grace
        }

        func schedule(after delay: Duration, marking: @escaping @Sendable () -> Void) {
            let group = self.group
            let now = DispatchTime.now()
            DispatchQueue.global().asyncAfter(deadline: now + delay.dispatch) { [self] in
                signal(SIGTERM, to: group, before: marking)
            }
            DispatchQueue.global().asyncAfter(deadline: now + (delay + grace).dispatch) { [self] in
                signal(SIGKILL, to: group, before: {})
            }
        }

        /// Signals under the lock, so `finish()` cannot slip in between the check and the kill.
        private func signal(_ number: Int32, to group: pid_t, before: @Sendable () -> Void) {
            done.withLock { done in
                guard !done else { return }
                before()
                kill(-group, number)
            }
        }

        func finish() {
            done.withLock { $0 = true }
        }
    }
}

extension Duration {
    fileprivate var dispatch: DispatchTimeInterval {
        .milliseconds(Int(components.seconds) * 1000 + Int(components.attoseconds / 1_000_000_000_000_000))
    }
}
