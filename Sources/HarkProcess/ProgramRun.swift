public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of an external program: optional bytes fed to its standard input, its output captured,
/// bounded in time and size. The exec connector reads mentions from its output; the exec receiver
/// feeds it a notification.
///
/// The program is someone's script, so it may hang, flood its output, ignore its input, or leave a
/// child behind holding a pipe. Foundation's `Process` starts it as the leader of a new process
/// group; on timeout, or when the calling task is cancelled, the whole group gets SIGTERM, then
/// SIGKILL after `killGrace`. Pipes are written and read on dedicated threads (a blocking call must
/// never occupy a cooperative-pool thread) that poll, so they can be abandoned when something
/// outside the group still holds a pipe after the kill.
public struct ProgramRun: Sendable {
    /// Absolute path of the program.
    public var executable: String
    /// Arguments after the program name.
    public var arguments: [String]
    /// The program's whole environment (callers merge hark's own in when they want it).
    public var environment: [String: String]
    public var directory: String
    /// Bytes written to standard input, which is then closed; nil gives the program `/dev/null`.
    public var input: [UInt8]?
    /// Time allowed from start until the program has exited and closed its output.
    public var timeout: Duration
    /// Time between SIGTERM and SIGKILL: long enough to flush and clean up, short enough not to
    /// hold up the next poll or delivery.
    public var killGrace: Duration
    /// Cap on standard output; beyond it the program is stopped. 0 reads and discards it all.
    public var maxOutput: Int
    /// How much of the end of standard error is kept for messages and logs.
    public var keptErrorBytes: Int

    public init(
        executable: String, arguments: [String], environment: [String: String], directory: String,
        input: [UInt8]? = nil, timeout: Duration, killGrace: Duration = .seconds(5), maxOutput: Int,
        keptErrorBytes: Int = 64 << 10
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.input = input
        self.timeout = timeout
        self.killGrace = killGrace
        self.maxOutput = maxOutput
        self.keptErrorBytes = keptErrorBytes
    }

    /// How the program ended.
    public enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// What the run produced.
    public struct Outcome: Sendable {
        public var ending: Ending
        public var output: [UInt8]
        /// True when standard output passed `maxOutput` and the program was stopped.
        public var outputOverflowed: Bool
        /// The end of standard error.
        public var errorTail: [UInt8]
        public var timedOut: Bool
        /// True when the calling task was cancelled (shutdown) and the program was stopped.
        public var cancelled: Bool
    }

    /// The program could not be started at all.
    public struct LaunchError: Error, Sendable {
        public var message: String
    }

    /// Starts the program and waits, without blocking the caller's thread, until it has ended
    /// and its pipes are drained (or the timeout has stopped it).
    public func run() async throws(LaunchError) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        let (endings, ending) = AsyncStream.makeStream(of: Ending.self, bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { finished in
            let status = finished.terminationStatus
            ending.yield(finished.terminationReason == .exit ? .exited(status) : .signaled(status))
            ending.finish()
        }
        do {
            try process.run()
        } catch {
            try? outputPipe.fileHandleForReading.close()
            try? errorPipe.fileHandleForReading.close()
            try? inputPipe?.fileHandleForWriting.close()
            throw LaunchError(message: "cannot start \(executable): \(error.localizedDescription)")
        }
        let group = process.processIdentifier
        let giveUp = Flag()
        let finished = Flag()
        let timedOut = Flag()
        let cancelled = Flag()
        // The watchdog runs on dispatch timers, not in a task: a concurrency pool kept busy by
        // classification must not delay stopping a runaway program.
        let watchdog = Self.stop(
            group: group, after: timeout, grace: killGrace, finished: finished, giveUp: giveUp, marking: timedOut)
        let (outputBytes, overflowed, errorBytes, result) = await withTaskCancellationHandler {
            if let inputPipe, let input {
                // Fed on a thread of its own while the outputs are read, so a program that writes
                // before it reads cannot deadlock with hark.
                PipeWriter.feed(input, to: inputPipe.fileHandleForWriting, giveUp: giveUp)
            }
            async let output = PipeReader.capture(
                outputPipe.fileHandleForReading.fileDescriptor, limit: maxOutput, keepTail: false, giveUp: giveUp)
            async let errors = PipeReader.capture(
                errorPipe.fileHandleForReading.fileDescriptor, limit: keptErrorBytes, keepTail: true,
                giveUp: giveUp)
            let (captured, overflowed) = await output
            let outputBytes = maxOutput == 0 ? [] : captured
            if overflowed {
                kill(-group, SIGKILL)
                giveUp.set()
            }
            let (errorBytes, _) = await errors
            var result = Ending.signaled(SIGKILL)
            for await end in endings { result = end }
            return (outputBytes, overflowed, errorBytes, result)
        } onCancel: { [killGrace] in
            cancelled.set()
            _ = Self.stop(
                group: group, after: .zero, grace: killGrace, finished: finished, giveUp: giveUp, marking: nil)
        }
        finished.set()
        for step in watchdog { step.cancel() }
        try? outputPipe.fileHandleForReading.close()
        try? errorPipe.fileHandleForReading.close()
        withExtendedLifetime(process) {}
        return Outcome(
            ending: result, output: outputBytes, outputOverflowed: overflowed, errorTail: errorBytes,
            timedOut: timedOut.isSet, cancelled: cancelled.isSet)
    }

    /// Schedules SIGTERM to the program's process group after `delay`, SIGKILL `grace` later, then
    /// stops waiting for pipes that something outside the group may still hold. Nothing is sent once
    /// the run has finished, so a recycled process id is never hit. Returns the steps, to cancel them.
    private static func stop(
        group: pid_t, after delay: Duration, grace: Duration, finished: Flag, giveUp: Flag, marking: Flag?
    ) -> [DispatchWorkItem] {
        let terminate = DispatchWorkItem {
            guard !finished.isSet else { return }
            marking?.set()
            kill(-group, SIGTERM)
        }
        let killHard = DispatchWorkItem {
            guard !finished.isSet else { return }
            kill(-group, SIGKILL)
        }
        let abandon = DispatchWorkItem { giveUp.set() }
        let queue = DispatchQueue.global()
        let start = DispatchTime.now()
        func at(_ offset: Duration) -> DispatchTime {
            start
                + .nanoseconds(
                    Int(offset.components.seconds) * 1_000_000_000 + Int(offset.components.attoseconds / 1_000_000_000))
        }
        queue.asyncAfter(deadline: at(delay), execute: terminate)
        queue.asyncAfter(deadline: at(delay + grace), execute: killHard)
        queue.asyncAfter(deadline: at(delay + grace + .seconds(1)), execute: abandon)
        return [terminate, killHard, abandon]
    }
}

extension ProgramRun {
    /// A flag set once from any thread and read from any other.
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    /// Feeds one pipe on a thread of its own, then closes it.
    enum PipeWriter {
        /// Writes everything, or until the program closes its input (EPIPE) or `giveUp` is set.
        ///
        /// The thread blocks SIGPIPE for itself only: a write to a program that exited then fails
        /// with EPIPE instead of the signal killing hark, and the pending signal dies with the thread.
        static func feed(_ bytes: [UInt8], to handle: FileHandle, giveUp: Flag) {
            let thread = Thread {
                var blocked = sigset_t()
                sigemptyset(&blocked)
                sigaddset(&blocked, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &blocked, nil)
                let fd = handle.fileDescriptor
                var offset = 0
                while offset < bytes.count, !giveUp.isSet {
                    var watch = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    let ready = poll(&watch, 1, 200)
                    if ready < 0, errno != EINTR { break }
                    if ready <= 0 { continue }
                    if watch.revents & Int16(POLLERR | POLLHUP) != 0 { break }
                    let count = bytes[offset...].withUnsafeBytes {
                        write(fd, $0.baseAddress, min($0.count, Int(PIPE_BUF)))
                    }
                    if count < 0 {
                        if errno == EINTR || errno == EAGAIN { continue }
                        break
                    }
                    offset += count
                }
                try? handle.close()
            }
            thread.name = "hark-exec-stdin"
            thread.start()
        }
    }

    /// Drains one pipe on a thread of its own.
    enum PipeReader {
        /// Reads `fd` until end of file, keeping at most `limit` bytes: the first ones (and then
        /// stopping, reporting overflow) or, with `keepTail`, the last ones. Stops early once
        /// `giveUp` is set and nothing is left to read.
        static func capture(_ fd: Int32, limit: Int, keepTail: Bool, giveUp: Flag) async -> ([UInt8], Bool) {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: drain(fd, limit: limit, keepTail: keepTail, giveUp: giveUp))
                }
                thread.name = "hark-exec-pipe"
                thread.start()
            }
        }

        private static func drain(_ fd: Int32, limit: Int, keepTail: Bool, giveUp: Flag) -> ([UInt8], Bool) {
            var kept: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                var watch = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                // Wake up now and then to notice `giveUp`; data wakes us at once.
                let ready = poll(&watch, 1, 200)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if ready == 0 {
                    if giveUp.isSet { break }
                    continue
                }
                let count = chunk.withUnsafeMutableBytes { buffer in
                    read(fd, buffer.baseAddress, buffer.count)
                }
                if count < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    break
                }
                if count == 0 { break }
                if limit == 0 && !keepTail { continue }
                kept.append(contentsOf: chunk[0..<count])
                if kept.count > limit {
                    if !keepTail {
                        kept.removeLast(kept.count - limit)
                        return (kept, true)
                    }
                    kept.removeFirst(kept.count - limit)
                }
            }
            return (kept, false)
        }
    }
}
