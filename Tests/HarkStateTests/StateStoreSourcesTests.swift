import Foundation
import HarkCore
import HarkState
import Testing

@Suite("Per-source polling state")
struct StateStoreSourcesTests {
    @Test("every field survives a save and a restart, set")
    func roundTripAllSet() throws {
        try withStateDirectory { directory in
            let state = SourceState(
                connector: "forum", url: "https://example.com/feed.xml", etag: "W/\"abc\"",
                lastModified: "Wed, 21 Oct 2015 07:28:00 GMT", nextDue: noon + 300,
                lastAttempt: noon - 0.5, lastSuccess: noon - 3600.25, consecutiveFailures: 3,
                lastError: "HTTP 503 from https://example.com/feed.xml", lastErrorAt: noon - 60,
                lastItemCount: 42, ttlSeconds: 1800.5, totalNew: 9001)
            let store = try StateStore(directory: directory)
            try store.save(state)
            #expect(try store.sourceState("forum") == state)
            try store.close()

            #expect(try StateStore(directory: directory).sourceState("forum") == state)
        }
    }

    @Test("every optional field survives a save as nil")
    func roundTripAllNil() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.save(
                SourceState(
                    connector: "reviews", url: "u", etag: "e", lastModified: "m", nextDue: noon,
                    lastAttempt: noon, lastSuccess: noon, lastError: "x", lastErrorAt: noon, ttlSeconds: 60))
            let cleared = SourceState(connector: "reviews")
            try store.save(cleared)
            let loaded = try #require(try store.sourceState("reviews"))
            #expect(loaded == cleared)
            #expect(loaded.etag == nil && loaded.nextDue == nil && loaded.ttlSeconds == nil)
        }
    }

    @Test("an unknown connector has no state")
    func unknownConnector() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.save(SourceState(connector: "forum"))
            #expect(try store.sourceState("Forum") == nil)
            #expect(try store.sourceState("elsewhere") == nil)
        }
    }

    @Test("sourceStates lists one state per connector, ordered by name, latest save winning")
    func listsStates() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.save(SourceState(connector: "zeta", consecutiveFailures: 1))
            try store.save(SourceState(connector: "alpha"))
            try store.save(SourceState(connector: "zeta", consecutiveFailures: 2))
            let states = try store.sourceStates()
            #expect(states.map(\.connector) == ["alpha", "zeta"])
            #expect(states.last?.consecutiveFailures == 2)
        }
    }

    @Test("forgetSource removes the state but keeps the seen keys, so nothing re-alerts")
    func forgetSourceKeepsSeen() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(SourceState(connector: "forum"), mentions: [mention("1")], at: noon)
            try store.save(SourceState(connector: "other"))
            try store.forgetSource("forum")

            #expect(try store.sourceState("forum") == nil)
            #expect(try store.sourceState("other") != nil)
            #expect(try store.hasSeen(MentionKey(connector: "forum", id: "1")))
            let again = try store.commitPoll(SourceState(connector: "forum"), mentions: [mention("1")], at: noon)
            #expect(again.isEmpty)
        }
    }
}
