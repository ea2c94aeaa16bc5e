import Foundation
import HarkCore
import HarkState
import Testing

/// What `hark run` keeps beside the inbox and the outbox: reading past held entries, the spike
/// snapshot, and the delivered rows the metrics read.
@Suite("State the daemon keeps across restarts")
struct StateStoreDaemonTests {
    @Test("inbox(after:limit:) reads past the entries the process loop holds, oldest first")
    func inboxAfter() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            _ = try store.commitPoll(
                SourceState(connector: "a"), mentions: (1...5).map { mention("\($0)", connector: "a") }, at: noon)
            let all = try store.inbox(limit: 10)
            let held = all[1].sequence
            #expect(try store.inbox(after: held, limit: 10).map(\.mention.id) == ["3", "4", "5"])
            #expect(try store.inbox(after: held, limit: 2).map(\.mention.id) == ["3", "4"])
            #expect(try store.inbox(after: all[4].sequence, limit: 10).isEmpty)
            #expect(try store.inbox(after: 0, limit: 10).count == 5)
        }
    }

    @Test("the spike snapshot survives a restart, the latest save winning")
    func spikeSnapshot() throws {
        try withStateDirectory { directory in
            do {
                let store = try StateStore(directory: directory)
                #expect(try store.loadSpikeSnapshot() == nil)
                try store.saveSpikeSnapshot(Data(#"{"version":1,"first":true}"#.utf8), at: noon)
                try store.saveSpikeSnapshot(Data(#"{"version":1,"first":false}"#.utf8), at: noon + 60)
            }
            let reopened = try StateStore(directory: directory)
            #expect(try reopened.loadSpikeSnapshot() == Data(#"{"version":1,"first":false}"#.utf8))
        }
    }

    @Test("delivered notifications come in delivery order after a time; due counts only what is due")
    func delivered() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            for (index, id) in ["a", "b", "c"].enumerated() {
                try store.enqueueOutbox(
                    OutboxRecord(
                        receiver: "team", id: id, payload: #"{"id":"\#(id)"}"#, createdAt: noon + Double(index),
                        expiresAt: noon + day))
            }
            #expect(try store.dueOutboxCount(at: noon + 10, receivers: ["team"]) == 3)
            #expect(try store.dueOutboxCount(at: noon + 10, receivers: ["other"]) == 0)
            #expect(try store.dueOutboxCount(at: noon + 10, receivers: []) == 0)
            try store.markOutboxDelivered(receiver: "team", id: "c", at: noon + 20)
            try store.markOutboxDelivered(receiver: "team", id: "a", at: noon + 30)
            #expect(try store.dueOutboxCount(at: noon + 40, receivers: ["team", "other"]) == 1)

            let all = try store.deliveredNotifications(after: noon, limit: 10)
            #expect(all.map(\.id) == ["c", "a"])
            #expect(all.first?.finishedAt == noon + 20)
            #expect(all.first?.payload == #"{"id":"c"}"#)
            #expect(try store.deliveredNotifications(after: noon + 20, limit: 10).map(\.id) == ["a"])
            #expect(try store.deliveredNotifications(after: noon, limit: 1).map(\.id) == ["c"])
        }
    }
}
