import Synchronization

/// When each of the daemon's loops last went round, and a few counters for `STATUS=`.
///
/// The watchdog is only fed while every loop keeps turning: a poll loop stuck in a transfer or a
/// process loop stuck in a batch stops the pings, and systemd restarts hark. Loops report with
/// `beat`, which is cheap enough to call on every iteration.
public final class LoopProgress: Sendable {
    /// The daemon's loops.
    public enum Loop: String, Sendable, CaseIterable {
        case poll, process, deliver
    }

    /// Counters since start, for the status line.
    public struct Counters: Sendable, Hashable {
        public var polls = 0
        public var pollFailures = 0
        public var fetched = 0
        public var processed = 0
        public var notifications = 0
        public var inbox = 0
    }

    private struct State {
        var beats: [Loop: ContinuousClock.Instant] = [:]
        var counters = Counters()
    }

    private let state = Mutex(State())
    private let clock = ContinuousClock()

    public init() {}

    /// Records that `loop` went round now.
    public func beat(_ loop: Loop) {
        let now = clock.now
        state.withLock { $0.beats[loop] = now }
    }

    /// Updates the counters.
    public func count(_ update: (inout Counters) -> Void) {
        state.withLock { update(&$0.counters) }
    }

    public var counters: Counters { state.withLock { $0.counters } }

    /// How long ago each loop last went round (nil: never), for `/healthz`.
    public func ages() -> [Loop: Duration?] {
        let now = clock.now
        return state.withLock { state in
            Dictionary(uniqueKeysWithValues: Loop.allCases.map { loop in (loop, state.beats[loop].map { now - $0 }) })
        }
    }

    /// Whether every loop has gone round within `limit` (a loop that never started counts as stalled).
    public func allTurning(within limit: Duration) -> Bool {
        let now = clock.now
        return state.withLock { state in
            Loop.allCases.allSatisfy { loop in state.beats[loop].map { now - $0 <= limit } ?? false }
        }
    }
}
