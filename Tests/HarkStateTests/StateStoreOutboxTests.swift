import Foundation
import HarkCore
import HarkState
import Testing

/// The outbox table on its own: what the deliverer relies on across restarts.
@Suite("Outbox in the state file")
struct StateStoreOutboxTests {
    func record(_ id: String, receiver: String = "team", at offset: TimeInterval = 0) -> OutboxRecord {
        OutboxRecord(
            receiver: receiver, id: id, payload: #"{"id":"\#(id)"}"#, createdAt: noon.addingTimeInterval(offset),
            expiresAt: noon.addingTimeInterval(day))
    }

    @Test("a pending notification survives closing and reopening; a delivered one refuses a re-enqueue")
    func survivesReopen() throws {
        try withStateDirectory { directory in
            do {
                let store = try StateStore(directory: directory)
                #expect(try store.enqueueOutbox(record("a")))
                #expect(try store.enqueueOutbox(record("b", at: 1)))
                try store.markOutboxDelivered(receiver: "team", id: "a", at: noon.addingTimeInterval(2))
            }
            let store = try StateStore(directory: directory)
            #expect(try store.dueOutbox(receiver: "team", at: noon.addingTimeInterval(5), limit: 10).map(\.id) == ["b"])
            #expect(try !store.enqueueOutbox(record("a")))
            #expect(try store.outboxCounts() == ["team": OutboxCounts(pending: 1, delivered: 1)])
        }
    }

    @Test("the same id for two receivers is two notifications")
    func perReceiver() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            #expect(try store.enqueueOutbox(record("a", receiver: "one")))
            #expect(try store.enqueueOutbox(record("a", receiver: "two")))
            #expect(try store.receiversWithPendingNotifications() == ["one", "two"])
        }
    }

    @Test("expiry fails pending notifications with the last error kept")
    func expiry() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.enqueueOutbox(record("a"))
            try store.rescheduleOutbox(
                receiver: "team", id: "a", next: noon.addingTimeInterval(hour), error: "503", at: noon)
            #expect(try store.failExpiredOutbox(at: noon.addingTimeInterval(hour)).isEmpty)
            let expired = try store.failExpiredOutbox(at: noon.addingTimeInterval(day))
            #expect(expired.map(\.id) == ["a"])
            let row = try #require(try store.outboxRecord(receiver: "team", id: "a"))
            #expect(row.status == .failed)
            #expect(row.attempts == 1)
            #expect(row.lastError == "expired: 503")
        }
    }
}
