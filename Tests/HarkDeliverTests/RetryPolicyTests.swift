import Foundation
import HarkCore
import HarkDeliver
import Testing

/// Back-off as a value: exact with a seeded generator, no sleeping.
@Suite("RetryPolicy")
struct RetryPolicyTests {
    let policy = RetryPolicy(
        initialDelay: .seconds(30), maxDelay: .seconds(600), expireAfter: .seconds(3600), jitter: 0.25)

    @Test("waits double from the initial delay up to the cap, shortened by at most the jitter")
    func exponential() {
        var random = SeededGenerator(state: 7)
        let bases: [Double] = [30, 60, 120, 240, 480, 600, 600]
        for (index, base) in bases.enumerated() {
            let wait = policy.delay(afterFailures: index + 1, using: &random).seconds
            #expect(wait <= base && wait >= base * 0.75, "failure \(index + 1): \(wait)s against base \(base)s")
        }
    }

    @Test("the same seed gives the same waits")
    func reproducible() {
        var first = SeededGenerator(state: 42)
        var second = SeededGenerator(state: 42)
        let a = (1...5).map { policy.delay(afterFailures: $0, using: &first) }
        let b = (1...5).map { policy.delay(afterFailures: $0, using: &second) }
        #expect(a == b)
    }

    @Test("gives up when the next attempt would pass the expiry; Retry-After lengthens the wait")
    func expiry() {
        var random = SeededGenerator(state: 1)
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        #expect(
            policy.decide(afterFailures: 1, now: now, expiresAt: now.addingTimeInterval(10), using: &random) == .giveUp)
        guard
            case .retry(let at) = policy.decide(
                afterFailures: 1, now: now, expiresAt: now.addingTimeInterval(3600), retryAfter: .seconds(900),
                using: &random)
        else {
            Issue.record("expected a retry")
            return
        }
        #expect(at == now.addingTimeInterval(900))
    }
}
