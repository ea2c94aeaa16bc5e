import Foundation
import HarkCore
import HarkState
import Testing

@Suite("The inbox")
struct StateStoreInboxTests {
    @Test("a mention comes back from the inbox with every field intact")
    func roundTripMention() throws {
        try withStateDirectory { directory in
            let full = Mention(
                id: "review-9", connector: "appstore-us", source: .appstore, url: "https://example.com/r/9",
                author: "Zoë 🦊", title: "Crashes on \"launch\"", text: "Since 2.3 it crashes. 退款!\nLine two",
                publishedAt: Date(timeIntervalSince1970: 1_700_000_123.5), language: "en", rating: 1,
                tags: ["ios", "paid/pro", "back\\slash", "tab\there", "nul\u{0}x", "\u{1F}", "🦊", ""],
                meta: ["version": "2.3.0", "country": "us", "quo\"te": "a\"b\nc", "ctl": "\u{7}\r", "": "empty key"])
            let bare = mention("bare")
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(SourceState(connector: "appstore-us"), mentions: [full, bare], at: noon)

            let entries = try store.inbox(limit: 10)
            #expect(entries.map(\.mention) == [full, bare])
            #expect(entries.last?.mention.url == nil && entries.last?.mention.rating == nil)
        }
    }

    @Test("entries come oldest first across polls, limited, with increasing sequences")
    func order() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(SourceState(connector: "b"), mentions: [mention("1", connector: "b")], at: noon)
            _ = try store.commitPoll(
                SourceState(connector: "a"), mentions: [mention("2", connector: "a"), mention("3", connector: "a")],
                at: noon - day)

            let all = try store.inbox(limit: 100)
            #expect(all.map(\.mention.id) == ["1", "2", "3"])
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            #expect(try store.inbox(limit: 2).map(\.mention.id) == ["1", "2"])
            #expect(try store.inbox(limit: 0).isEmpty)
        }
    }

    @Test("acknowledge(upTo:) removes exactly the entries up to that sequence")
    func acknowledgeUpTo() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(
                SourceState(connector: "forum"), mentions: (1...5).map { mention("\($0)") }, at: noon)
            let entries = try store.inbox(limit: 10)

            try store.acknowledge(upTo: entries[2].sequence)
            #expect(try store.inbox(limit: 10).map(\.mention.id) == ["4", "5"])
            #expect(try store.inboxCount() == 2)
            try store.acknowledge(upTo: entries[2].sequence)
            #expect(try store.inboxCount() == 2)
        }
    }

    @Test("acknowledge of a list removes those entries only, in any order")
    func acknowledgeList() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(
                SourceState(connector: "forum"), mentions: (1...4).map { mention("\($0)") }, at: noon)
            let entries = try store.inbox(limit: 10)

            try store.acknowledge([entries[3].sequence, entries[1].sequence])
            #expect(try store.inbox(limit: 10).map(\.mention.id) == ["1", "3"])
            try store.acknowledge([])
            #expect(try store.inboxCount() == 2)
        }
    }

    @Test("a sequence is never reused, even after the inbox empties and the store reopens")
    func sequencesNeverReused() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(SourceState(connector: "forum"), mentions: [mention("1"), mention("2")], at: noon)
            let last = try #require(try store.inbox(limit: 10).last?.sequence)
            try store.acknowledge(upTo: last)
            try store.close()

            let reopened = try StateStore(directory: directory)
            _ = try reopened.commitPoll(SourceState(connector: "forum"), mentions: [mention("3")], at: noon)
            let next = try #require(try reopened.inbox(limit: 10).first)
            #expect(next.mention.id == "3")
            #expect(next.sequence > last)
        }
    }

    @Test("mentions fetched but not acknowledged survive a restart, and are not new again")
    func inboxSurvivesRestart() throws {
        try withStateDirectory { directory in
            let before = try StateStore(directory: directory)
            _ = try before.commitPoll(
                SourceState(connector: "forum"), mentions: [mention("1"), mention("2")], at: noon)
            try before.acknowledge(upTo: try #require(try before.inbox(limit: 1).first?.sequence))
            try before.close()

            let after = try StateStore(directory: directory)
            #expect(try after.inbox(limit: 10).map(\.mention.id) == ["2"])
            #expect(try after.commitPoll(SourceState(connector: "forum"), mentions: [mention("2")], at: noon).isEmpty)
            #expect(try after.inboxCount() == 1)
        }
    }

    @Test("the files on disk while the daemon runs (as a kill -9 leaves them) hold every committed poll")
    func crashLeavesCommittedState() throws {
        try withStateDirectory { root in
            let live = try StateStore(directory: root + "/live")
            _ = try live.commitPoll(SourceState(connector: "forum"), mentions: [mention("1"), mention("2")], at: noon)
            #expect(FileManager.default.fileExists(atPath: live.path + "-wal"))

            // Copy the database and its write-ahead log, but not the shared-memory index, as if the
            // process had died now and the machine rebooted.
            let crashed = root + "/crashed"
            try FileManager.default.createDirectory(atPath: crashed, withIntermediateDirectories: true)
            for suffix in ["", "-wal"] {
                try FileManager.default.copyItem(atPath: live.path + suffix, toPath: crashed + "/hark.sqlite" + suffix)
            }

            let recovered = try StateStore(directory: crashed)
            #expect(try recovered.inbox(limit: 10).map(\.mention.id) == ["1", "2"])
            #expect(try recovered.sourceState("forum")?.totalNew == 2)
            #expect(
                try recovered.commitPoll(SourceState(connector: "forum"), mentions: [mention("2")], at: noon).isEmpty)
        }
    }
}
