public import Foundation

/// How politely one source is polled: its interval, how much to spread polls, and how to back off.
///
/// The decisions live in `SourceState`'s methods below, which are pure functions of the state, the
/// policy, the time and a random source, so scheduling is tested exactly with a fixed clock and a
/// seeded generator instead of by sleeping.
public struct PollPolicy: Sendable, Hashable {
    /// The connector's `every`.
    public var interval: Duration
    /// Each delay is spread by up to this fraction, so sources configured together do not stay in
    /// lock-step and hit shared hosts at the same instant. After a success the spread only shortens
    /// the connector's `every` (it is a promise: a new item is seen within it) and only lengthens a
    /// feed's `ttl` (the publisher asked not to be fetched sooner); back-off spreads either way.
    public var jitter: Double
    /// The longest wait after repeated failures; a broken source is retried at least this often.
    public var maxBackoff: Duration
    /// The longest `Retry-After` honoured (beyond it, the server is probably misconfigured).
    public var maxRetryAfter: Duration

    public init(
        interval: Duration, jitter: Double = 0.1, maxBackoff: Duration = .seconds(6 * 3600),
        maxRetryAfter: Duration = .seconds(24 * 3600)
    ) {
        self.interval = interval
        self.jitter = min(max(jitter, 0), 0.5)
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }
}

extension SourceState {
    /// True when the source should be polled at `now` (never polled counts as due).
    public func isDue(at now: Date) -> Bool {
        guard let nextDue else { return true }
        return nextDue <= now
    }

    /// The first due time for a source hark has never polled: soon, but spread over the first
    /// interval (at most a minute) so a restart with thousands of sources does not poll them all at once.
    public mutating func scheduleFirstPoll(at now: Date, policy: PollPolicy, using random: inout some RandomNumberGenerator) {
        guard nextDue == nil else { return }
        let spread = min(policy.interval.seconds, 60)
        nextDue = now.addingTimeInterval(spread > 0 ? Double.random(in: 0..<spread, using: &random) : 0)
    }

    /// Resets what belonged to an old URL when the connector file now points elsewhere.
    public mutating func adopt(url newURL: String?) {
        guard url != newURL else { return }
        url = newURL
        etag = nil
        lastModified = nil
    }

    /// Records a successful poll (a new document or a 304) and schedules the next one at the
    /// interval (never later: jitter only shortens it), or at the source's own `ttl` when that is
    /// longer (never sooner: jitter only lengthens it).
    public mutating func recordSuccess(
        at now: Date, policy: PollPolicy, itemCount: Int?, etag: String?, lastModified: String?, ttl: Duration?,
        using random: inout some RandomNumberGenerator
    ) {
        lastAttempt = now
        lastSuccess = now
        consecutiveFailures = 0
        if let itemCount { lastItemCount = itemCount }
        if etag != nil || lastModified != nil || itemCount != nil {
            self.etag = etag
            self.lastModified = lastModified
        }
        if let ttl { ttlSeconds = ttl.seconds }
        let interval = policy.interval.seconds
        let delay: Double
        if let ttl = ttlSeconds, ttl > interval {
            delay = Self.jittered(ttl, from: 1, to: 1 + policy.jitter, using: &random)
        } else {
            delay = Self.jittered(interval, from: 1 - policy.jitter, to: 1, using: &random)
        }
        nextDue = now.addingTimeInterval(delay)
    }

    /// Records a failed poll: exponential back-off from the interval, doubling per consecutive
    /// failure up to `maxBackoff`, never sooner than the server's `Retry-After`.
    public mutating func recordFailure(
        at now: Date, policy: PollPolicy, message: String, retryAfter: Duration?,
        using random: inout some RandomNumberGenerator
    ) {
        lastAttempt = now
        lastError = message
        lastErrorAt = now
        consecutiveFailures += 1
        let exponent = Double(min(consecutiveFailures - 1, 30))
        let backoff = min(policy.interval.seconds * pow(2, exponent), policy.maxBackoff.seconds)
        var delay = Self.jittered(backoff, from: 1 - policy.jitter, to: 1 + policy.jitter, using: &random)
        if let retryAfter {
            delay = max(delay, min(retryAfter.seconds, policy.maxRetryAfter.seconds))
        }
        nextDue = now.addingTimeInterval(delay)
    }

    /// `seconds` scaled by a random factor in `low...high`.
    static func jittered(
        _ seconds: Double, from low: Double, to high: Double, using random: inout some RandomNumberGenerator
    ) -> Double {
        guard high > low, seconds > 0 else { return seconds }
        return seconds * Double.random(in: low...high, using: &random)
    }
}

/// A small, fast, seedable generator (SplitMix64), so schedules and jitter are reproducible in tests
/// and benchmarks; production seeds it from the system generator.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Seeded from the system's generator.
    public init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
