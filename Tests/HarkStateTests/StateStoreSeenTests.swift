import Foundation
import HarkCore
import HarkState
import Testing

@Suite("Seen keys and commitPoll")
struct StateStoreSeenTests {
    @Test("commitPoll returns the new mentions in input order and saves the state with totalNew")
    func firstPoll() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            let state = SourceState(connector: "forum", etag: "\"1\"", lastSuccess: noon, totalNew: 5)
            let fresh = try store.commitPoll(state, mentions: [mention("c"), mention("a"), mention("b")], at: noon)
            #expect(fresh.map(\.id) == ["c", "a", "b"])

            var expected = state
            expected.totalNew = 8
            #expect(try store.sourceState("forum") == expected)
            #expect(try store.hasSeen(MentionKey(connector: "forum", id: "a")))
            #expect(try !store.hasSeen(MentionKey(connector: "forum", id: "d")))
        }
    }

    @Test("duplicates within one batch count once, the first occurrence winning")
    func duplicatesWithinBatch() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            let batch = [mention("1", text: "first"), mention("2"), mention("1", text: "second"), mention("2")]
            let fresh = try store.commitPoll(SourceState(connector: "forum"), mentions: batch, at: noon)
            #expect(fresh.map(\.id) == ["1", "2"])
            #expect(fresh.first?.text == "first")
            #expect(try store.inboxCount() == 2)
            #expect(try store.sourceState("forum")?.totalNew == 2)
        }
    }

    @Test("a caller that consumes mentions itself records them as seen without queueing them")
    func seenWithoutInbox() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            let fresh = try store.commitPoll(
                SourceState(connector: "forum"), mentions: [mention("1"), mention("2")], at: noon, toInbox: false)
            #expect(fresh.count == 2)
            #expect(try store.inboxCount() == 0)
            #expect(try store.seenCount() == 2)
            let again = try store.commitPoll(SourceState(connector: "forum"), mentions: [mention("2")], at: noon)
            #expect(again.isEmpty)
        }
    }

    @Test("a mention already seen by an earlier poll is dropped")
    func dedupAcrossPolls() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            var state = SourceState(connector: "forum")
            _ = try store.commitPoll(state, mentions: [mention("1"), mention("2")], at: noon)
            state = try #require(try store.sourceState("forum"))

            let fresh = try store.commitPoll(
                state, mentions: [mention("2"), mention("3"), mention("1")], at: noon + 60)
            #expect(fresh.map(\.id) == ["3"])
            #expect(try store.sourceState("forum")?.totalNew == 3)
            #expect(try store.inboxCount() == 3)
        }
    }

    @Test("nothing is new twice after a restart")
    func dedupAcrossRestart() throws {
        try withStateDirectory { directory in
            let before = try StateStore(directory: directory)
            _ = try before.commitPoll(
                SourceState(connector: "forum"), mentions: [mention("1"), mention("2")], at: noon)
            try before.close()

            let after = try StateStore(directory: directory)
            let state = try #require(try after.sourceState("forum"))
            let fresh = try after.commitPoll(
                state, mentions: [mention("1"), mention("2"), mention("3")], at: noon + 60)
            #expect(fresh.map(\.id) == ["3"])
        }
    }

    @Test("the same id under two connectors is two mentions")
    func keyIncludesConnector() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            let batch = [mention("42", connector: "forum"), mention("42", connector: "reviews")]
            let fresh = try store.commitPoll(SourceState(connector: "forum"), mentions: batch, at: noon)
            #expect(fresh.map(\.connector) == ["forum", "reviews"])
            #expect(try store.hasSeen(MentionKey(connector: "reviews", id: "42")))
        }
    }

    @Test("batches longer than one lookup chunk are de-duplicated exactly")
    func largeBatch() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            let all = (0..<1_300).map { mention("item-\($0)") }
            let evens = all.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
            let odds = all.enumerated().filter { !$0.offset.isMultiple(of: 2) }.map(\.element)

            #expect(try store.commitPoll(SourceState(connector: "forum"), mentions: evens, at: noon).count == 650)
            let fresh = try store.commitPoll(SourceState(connector: "forum"), mentions: all, at: noon)
            #expect(fresh == odds)
            #expect(try store.seenCount() == 1_300)
        }
    }

    @Test("concurrent commits from many tasks lose and duplicate no key")
    func concurrentCommits() async throws {
        try await withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            let connectors = ["a", "b", "c", "d"]
            // 32 tasks; each connector's ids overlap heavily between its tasks.
            let results = try await withThrowingTaskGroup(of: [MentionKey].self) { group in
                for task in 0..<32 {
                    group.addTask {
                        let connector = connectors[task % connectors.count]
                        var newKeys: [MentionKey] = []
                        for round in 0..<10 {
                            let base = (task / connectors.count) * 7 + round * 3
                            let batch = (base..<base + 20).map { mention("\($0)", connector: connector) }
                            let fresh = try store.commitPoll(
                                SourceState(connector: connector), mentions: batch, at: noon + Double(round))
                            newKeys += fresh.map(\.key)
                        }
                        return newKeys
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            var expected = Set<MentionKey>()
            for task in 0..<32 {
                for round in 0..<10 {
                    let base = (task / connectors.count) * 7 + round * 3
                    for id in base..<base + 20 {
                        expected.insert(MentionKey(connector: connectors[task % connectors.count], id: "\(id)"))
                    }
                }
            }
            #expect(results.count == expected.count, "a key was reported new twice")
            #expect(Set(results) == expected)
            #expect(try store.seenCount() == expected.count)
            #expect(try store.inboxCount() == expected.count)
        }
    }
}

@Suite("Pruning seen keys")
struct StateStorePruneTests {
    @Test("keys last sighted before the cutoff go; a key refreshed by a later sighting stays")
    func pruneByAge() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            let state = SourceState(connector: "forum")
            _ = try store.commitPoll(state, mentions: [mention("old"), mention("again"), mention("soon")], at: noon)
            // Seen again two days later: last_seen moves forward.
            _ = try store.commitPoll(state, mentions: [mention("again")], at: noon + 2 * day)
            // Seen again within the hour: not rewritten, to keep writes low.
            _ = try store.commitPoll(state, mentions: [mention("soon")], at: noon + hour)
            _ = try store.commitPoll(state, mentions: [mention("recent")], at: noon + 2 * day)

            let removed = try store.pruneSeen(olderThan: noon + day)
            #expect(removed == 2)
            #expect(try !store.hasSeen(MentionKey(connector: "forum", id: "old")))
            #expect(try !store.hasSeen(MentionKey(connector: "forum", id: "soon")))
            #expect(try store.hasSeen(MentionKey(connector: "forum", id: "again")))
            #expect(try store.hasSeen(MentionKey(connector: "forum", id: "recent")))
            #expect(try store.pruneSeen(olderThan: noon + day) == 0)
        }
    }

    @Test("each connector keeps only its most recently sighted keys")
    func pruneByCap() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            for index in 0..<10 {
                _ = try store.commitPoll(
                    SourceState(connector: "busy"), mentions: [mention("\(index)", connector: "busy")],
                    at: noon + Double(index) * hour)
            }
            _ = try store.commitPoll(
                SourceState(connector: "quiet"),
                mentions: [mention("q1", connector: "quiet"), mention("q2", connector: "quiet")],
                at: noon)

            let removed = try store.pruneSeen(olderThan: noon - day, maxPerConnector: 3)
            #expect(removed == 7)
            #expect(try store.seenCount() == 5)
            for index in 0..<7 {
                #expect(try !store.hasSeen(MentionKey(connector: "busy", id: "\(index)")))
            }
            for index in 7..<10 {
                #expect(try store.hasSeen(MentionKey(connector: "busy", id: "\(index)")))
            }
            #expect(try store.hasSeen(MentionKey(connector: "quiet", id: "q2")))
        }
    }

    @Test("a pruned key is new again, which is why retention must outlast the source's reach")
    func prunedKeyIsNewAgain() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(SourceState(connector: "forum"), mentions: [mention("1")], at: noon)
            #expect(try store.pruneSeen(olderThan: noon + 1) == 1)
            let fresh = try store.commitPoll(SourceState(connector: "forum"), mentions: [mention("1")], at: noon + 2)
            #expect(fresh.map(\.id) == ["1"])
        }
    }
}
