import Foundation
import HarkCore
import Testing

@Suite("Poll scheduling")
struct PollScheduleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = PollPolicy(interval: .seconds(300), jitter: 0.1, maxBackoff: .seconds(3600))

    @Test("after a success the next poll comes within the interval, never later (jitter only shortens it)")
    func successSchedulesNextPollWithinJitterOfTheInterval() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            var state = SourceState(connector: "blog")
            state.recordSuccess(at: start, policy: policy, itemCount: 10, etag: "\"v1\"", lastModified: nil, ttl: nil, using: &random)
            let delay = state.nextDue!.timeIntervalSince(start)
            #expect(delay >= 270 && delay <= 300)
            #expect(state.etag == "\"v1\"")
            #expect(state.lastItemCount == 10)
        }
    }

    @Test func jitterActuallySpreadsPolls() {
        var random = SeededGenerator(seed: 7)
        var delays = Set<Int>()
        for _ in 0..<50 {
            var state = SourceState(connector: "blog")
            state.recordSuccess(at: start, policy: policy, itemCount: 1, etag: nil, lastModified: nil, ttl: nil, using: &random)
            delays.insert(Int(state.nextDue!.timeIntervalSince(start)))
        }
        #expect(delays.count > 20)
    }

    @Test func rssTTLLongerThanTheIntervalIsRespected() {
        var random = SeededGenerator(seed: 2)
        var state = SourceState(connector: "blog")
        state.recordSuccess(at: start, policy: policy, itemCount: 3, etag: nil, lastModified: nil, ttl: .seconds(3600), using: &random)
        #expect(state.nextDue!.timeIntervalSince(start) >= 3600, "never sooner than the feed's ttl")
        #expect(state.nextDue!.timeIntervalSince(start) <= 3600 * 1.1)
        // A later 304 keeps honouring the remembered ttl.
        state.recordSuccess(at: start, policy: policy, itemCount: nil, etag: nil, lastModified: nil, ttl: nil, using: &random)
        #expect(state.nextDue!.timeIntervalSince(start) >= 3600)
    }

    @Test func notModifiedKeepsValidators() {
        var random = SeededGenerator(seed: 3)
        var state = SourceState(connector: "blog", etag: "\"abc\"", lastModified: "Sun, 22 Nov 2026 10:00:00 GMT")
        state.recordSuccess(at: start, policy: policy, itemCount: nil, etag: nil, lastModified: nil, ttl: nil, using: &random)
        #expect(state.etag == "\"abc\"")
        #expect(state.lastModified == "Sun, 22 Nov 2026 10:00:00 GMT")
    }

    @Test func failuresBackOffExponentiallyUpToTheCap() {
        var random = SeededGenerator(seed: 4)
        var state = SourceState(connector: "flaky")
        var delays: [Double] = []
        for _ in 0..<8 {
            state.recordFailure(at: start, policy: policy, message: "HTTP 500", retryAfter: nil, using: &random)
            delays.append(state.nextDue!.timeIntervalSince(start))
        }
        #expect(state.consecutiveFailures == 8)
        #expect(delays[0] >= 270 && delays[0] <= 330)
        #expect(delays[1] >= 540 && delays[1] <= 660)
        #expect(delays[2] >= 1080 && delays[2] <= 1320)
        #expect(delays.last! <= 3600 * 1.1)
        #expect(delays.last! >= 3600 * 0.9)
        #expect(state.lastError == "HTTP 500")
        state.recordSuccess(at: start, policy: policy, itemCount: 1, etag: nil, lastModified: nil, ttl: nil, using: &random)
        #expect(state.consecutiveFailures == 0)
    }

    @Test func retryAfterIsNeverUndercut() {
        var random = SeededGenerator(seed: 5)
        var state = SourceState(connector: "busy")
        state.recordFailure(at: start, policy: policy, message: "HTTP 429", retryAfter: .seconds(7200), using: &random)
        #expect(state.nextDue!.timeIntervalSince(start) == 7200)
        // An absurd Retry-After is capped.
        state.recordFailure(at: start, policy: policy, message: "HTTP 503", retryAfter: .seconds(10_000_000), using: &random)
        #expect(state.nextDue!.timeIntervalSince(start) == 24 * 3600)
    }

    @Test func firstPollsAreSpreadOverAtMostAMinute() {
        var random = SeededGenerator(seed: 6)
        var dues = Set<Int>()
        for index in 0..<100 {
            var state = SourceState(connector: "s\(index)")
            #expect(state.isDue(at: start))
            state.scheduleFirstPoll(at: start, policy: policy, using: &random)
            let delay = state.nextDue!.timeIntervalSince(start)
            #expect(delay >= 0 && delay < 60)
            dues.insert(Int(delay))
        }
        #expect(dues.count > 30)
    }

    @Test func changingTheURLForgetsValidators() {
        var state = SourceState(connector: "blog", url: "https://a.example/feed", etag: "x", lastModified: "y")
        state.adopt(url: "https://a.example/feed")
        #expect(state.etag == "x")
        state.adopt(url: "https://b.example/feed")
        #expect(state.etag == nil && state.lastModified == nil && state.url == "https://b.example/feed")
    }

    @Test func seededGeneratorIsReproducible() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
    }
}
