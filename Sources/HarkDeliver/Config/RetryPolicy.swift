public import Foundation
public import HarkCore

/// How long and how often a receiver is retried: exponential back-off with jitter, a cap, and an
/// expiry after which a notification is given up on.
///
/// ```yaml
/// receivers:
///   - name: product
///     webhook: { url: "https://hooks.example.com/hark" }
///     retry: { initial: 30s, max: 30m, expire: 24h }   # the defaults
/// ```
///
/// A value with no I/O: the deliverer asks it what to do after a failure, and tests ask it the
/// same with a seeded generator.
public struct RetryPolicy: Sendable, Hashable {
    /// The wait after the first failure; each further failure doubles it.
    public var initialDelay: Duration
    /// The longest wait between two attempts.
    public var maxDelay: Duration
    /// How long after creation a notification is still tried; an alert a day late is noise.
    public var expireAfter: Duration
    /// Each wait is shortened by a random fraction up to this, so receivers that failed together
    /// (one network outage) are not all retried in the same second.
    public var jitter: Double

    public init(
        initialDelay: Duration = .seconds(30), maxDelay: Duration = .seconds(30 * 60),
        expireAfter: Duration = .seconds(24 * 3600), jitter: Double = 0.25
    ) {
        self.initialDelay = initialDelay
        self.maxDelay = max(initialDelay, maxDelay)
        self.expireAfter = expireAfter
        self.jitter = min(max(jitter, 0), 1)
    }

    /// What to do after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Try again at this time.
        case retry(at: Date)
        /// Stop: the next attempt would come after the expiry.
        case giveUp
    }

    /// The wait after `failures` failed attempts (1 for the first), with jitter drawn from `random`.
    public func delay(afterFailures failures: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(failures - 1, 0), 40)
        let base = min(initialDelay.seconds * pow(2, Double(exponent)), maxDelay.seconds)
        let shortened = base * (1 - jitter * Double.random(in: 0..<1, using: &random))
        return .milliseconds(Int64((shortened * 1000).rounded()))
    }

    /// The decision after the `failures`th failed attempt at `now`, for a notification that expires at
    /// `expiresAt`; a server's `Retry-After` lengthens (never shortens) the wait.
    public func decide(
        afterFailures failures: Int, now: Date, expiresAt: Date, retryAfter: Duration? = nil,
        using random: inout some RandomNumberGenerator
    ) -> Decision {
        var wait = delay(afterFailures: failures, using: &random)
        if let retryAfter, retryAfter > wait { wait = retryAfter }
        let next = now.addingTimeInterval(wait.seconds)
        return next < expiresAt ? .retry(at: next) : .giveUp
    }

    /// Reads a `retry:` mapping (`initial`, `max`, `expire`).
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> RetryPolicy {
        var mapping = try node.mapping("retry")
        var policy = RetryPolicy()
        func positive(_ key: String) throws(ConfigError) -> Duration? {
            guard let value = mapping.optional(key) else { return nil }
            let duration = try value.duration("retry \(key)")
            guard duration > .zero else { throw ConfigError("retry \(key) must be longer than 0", at: value.position) }
            return duration
        }
        if let initial = try positive("initial") { policy.initialDelay = initial }
        if let maximum = try positive("max") { policy.maxDelay = maximum }
        if let expire = try positive("expire") { policy.expireAfter = expire }
        try mapping.rejectUnknownKeys()
        if policy.maxDelay < policy.initialDelay {
            throw ConfigError("retry max must not be shorter than retry initial", at: node.position)
        }
        return policy
    }
}
