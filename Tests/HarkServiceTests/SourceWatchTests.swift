import Foundation
import HarkService
import Testing

/// Listening blind, decided on a fixed clock: repeated failures, a source gone quiet, a source that
/// suddenly parses to nothing, and the recovery notice when each comes back.
@Suite("SourceWatch")
struct SourceWatchTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test("three failures in a row make a source blind once; the next success is a recovery")
    func failing() throws {
        var watch = SourceWatch(connector: "feed", pollInterval: 60, start: start)
        let step1 = watch.failed(at: at(60), message: "HTTP 503")
        #expect(step1 == nil)
        let step2 = watch.failed(at: at(120), message: "HTTP 503")
        #expect(step2 == nil)
        let found = watch.failed(at: at(180), message: "HTTP 503")
        let event = try #require(found)
        guard case .blind(.failing, let since, let detail) = event else {
            Issue.record("expected failing, got \(event)")
            return
        }
        #expect(since == at(180))
        #expect(detail.contains("3 polls failed") && detail.contains("HTTP 503"))
        let step3 = watch.failed(at: at(240), message: "HTTP 503")
        #expect(step3 == nil, "one episode, one alert")
        #expect(!watch.isHealthy)
        let back = watch.succeeded(at: at(300), itemCount: 3, newItems: 0)
        #expect(back == .recovered(problem: .failing, since: at(180), at: at(300)))
        #expect(watch.isHealthy)
    }

    @Test("the expectation comes from the source's own rhythm; silence beyond it is stale")
    func stale() throws {
        var watch = SourceWatch(connector: "feed", pollInterval: 60, start: start)
        // A new item every 10 minutes for an hour.
        for step in 1...6 {
            let step4 = watch.succeeded(at: at(Double(step) * 600), itemCount: 10, newItems: 1)
            #expect(step4 == nil)
        }
        #expect(watch.expectation == 1800, "three times the longest gap")
        // Polls keep succeeding with nothing new.
        let step5 = watch.succeeded(at: at(3600 + 1700), itemCount: 10, newItems: 0)
        #expect(step5 == nil)
        let found = watch.check(at: at(3600 + 1801))
        let event = try #require(found)
        guard case .blind(.stale, _, let detail) = event else {
            Issue.record("expected stale, got \(event)")
            return
        }
        #expect(detail.contains("no new item for 30m"))
        let step6 = watch.check(at: at(3600 + 4000))
        #expect(step6 == nil)
        let back = watch.succeeded(at: at(3600 + 4000), itemCount: 11, newItems: 1)
        #expect(back == .recovered(problem: .stale, since: at(3600 + 1801), at: at(3600 + 4000)))
    }

    @Test("without enough history nothing is stale; a configured expect_every applies at once")
    func expectation() {
        var young = SourceWatch(connector: "feed", pollInterval: 60, start: start)
        #expect(young.expectation == nil)
        let step7 = young.check(at: at(86400 * 30))
        #expect(step7 == nil)

        var configured = SourceWatch(connector: "feed", pollInterval: 60, expectEvery: 3600, start: start)
        let step8 = configured.check(at: at(3599))
        #expect(step8 == nil)
        let late = configured.check(at: at(3601))
        if case .blind(.stale, _, _)? = late {
        } else {
            Issue.record("expected stale after the configured hour")
        }
    }

    @Test("a source that used to list many items and parses to zero changed shape; items back is a recovery")
    func shape() throws {
        var watch = SourceWatch(connector: "feed", pollInterval: 60, start: start)
        for step in 1...3 { _ = watch.succeeded(at: at(Double(step) * 60), itemCount: 25, newItems: 0) }
        let found = watch.succeeded(at: at(240), itemCount: 0, newItems: 0)
        let event = try #require(found)
        guard case .blind(.shape, _, let detail) = event else {
            Issue.record("expected shape, got \(event)")
            return
        }
        #expect(detail.contains("usually lists 25"))
        let step9 = watch.succeeded(at: at(300), itemCount: nil, newItems: 0)
        #expect(step9 == nil, "304 says nothing about shape")
        let step10 = watch.succeeded(at: at(360), itemCount: 0, newItems: 0)
        #expect(step10 == nil)
        let step11 = watch.succeeded(at: at(420), itemCount: 20, newItems: 0)
        #expect(step11 == .recovered(problem: .shape, since: at(240), at: at(420)))

        var small = SourceWatch(connector: "quiet", pollInterval: 60, start: start)
        for step in 1...3 { _ = small.succeeded(at: at(Double(step) * 60), itemCount: 2, newItems: 0) }
        let step12 = small.succeeded(at: at(240), itemCount: 0, newItems: 0)
        #expect(step12 == nil, "a source of two items may be empty")
    }

    @Test("a failing source that answers again with nothing in it stays blind, now for its shape")
    func failingThenEmpty() throws {
        var watch = SourceWatch(connector: "feed", pollInterval: 60, start: start)
        for step in 1...3 { _ = watch.succeeded(at: at(Double(step) * 60), itemCount: 30, newItems: 0) }
        for step in 4...6 { _ = watch.failed(at: at(Double(step) * 60), message: "timeout") }
        #expect(watch.problem == .failing)
        let event = watch.succeeded(at: at(420), itemCount: 0, newItems: 0)
        #expect(
            event
                == .blind(problem: .shape, since: at(360), detail: "the source parsed to 0 items; it usually lists 30"))
    }

    @Test("the board follows the configuration and queues each change once for the process loop")
    func board() {
        let board = HealthBoard()
        board.configure([HealthBoard.Source(name: "a", pollInterval: 60, expectEvery: 600)], at: start)
        #expect(board.failed("unknown", at: at(1), message: "x") == nil)
        #expect(board.check(at: at(601)).map(\.connector) == ["a"])
        #expect(board.check(at: at(700)).isEmpty)
        let notices = board.takeNotices()
        #expect(notices.map(\.connector) == ["a"])
        #expect(notices.first?.expectation == 600)
        #expect(board.takeNotices().isEmpty)
        board.configure([HealthBoard.Source(name: "b", pollInterval: 60, expectEvery: nil)], at: at(800))
        #expect(Set(board.watches.keys) == ["b"])
    }
}
