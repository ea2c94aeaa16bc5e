import Foundation
import HarkCore
import HarkDeliver
import HarkState
import Synchronization
import Testing

/// The durable outbox across "crashes": a store object dropped without recording a delivery and the
/// same file opened again.
@Suite("Outbox")
struct OutboxTests {
    /// A receiver that records what it was given, and can be told to fail.
    final class RecordingReceiver: Receiver {
        let name: String
        private let log = Mutex<[String]>([])
        private let failing = Mutex(false)

        init(name: String = "team") { self.name = name }

        var delivered: [String] { log.withLock { $0 } }
        func fail(_ on: Bool) { failing.withLock { $0 = on } }

        func deliver(_ notification: OutgoingNotification) async throws(DeliveryError) {
            if failing.withLock({ $0 }) { throw DeliveryError(receiver: name, message: "down for maintenance") }
            log.withLock { $0.append(notification.id) }
        }
    }

    @Test("enqueued notifications survive a crash and are delivered once after it")
    func crashBeforeDelivery() async throws {
        try await withTemporaryDirectory { directory in
            do {
                // The first life: enqueued, never delivered (no outbox running), then the store is dropped.
                let store = try StateStore(directory: directory)
                let outbox = Outbox(store: store, receivers: [RecordingReceiver()])
                try outbox.enqueue(notification("n1"))
                try outbox.enqueue(notification("n2"))
            }
            let store = try StateStore(directory: directory)
            let receiver = RecordingReceiver()
            let outbox = Outbox(store: store, receivers: [receiver])
            try await running(outbox) {
                try await eventually("both delivered") {
                    try receiver.delivered.count == 2 && store.pendingOutboxCount(receiver: "team") == 0
                }
            }
            #expect(Set(receiver.delivered) == ["n1", "n2"])
            #expect(try store.outboxCounts()["team"] == OutboxCounts(delivered: 2))
        }
    }

    @Test("a notification re-enqueued after delivery (a replay after a restart) is not sent again")
    func deliveredNotResent() async throws {
        try await withTemporaryDirectory { directory in
            let first = RecordingReceiver()
            do {
                let store = try StateStore(directory: directory)
                let outbox = Outbox(store: store, receivers: [first])
                try outbox.enqueue(notification("n1"))
                try await running(outbox) {
                    try await eventually("delivered") {
                        try first.delivered == ["n1"] && store.pendingOutboxCount(receiver: "team") == 0
                    }
                }
            }
            let store = try StateStore(directory: directory)
            let second = RecordingReceiver()
            let outbox = Outbox(store: store, receivers: [second])
            let stored = try outbox.enqueue(notification("n1"))
            #expect(!stored)
            try outbox.enqueue(notification("n2"))
            await running(outbox) { await eventually("n2 delivered") { second.delivered == ["n2"] } }
            #expect(second.delivered == ["n2"])
        }
    }

    @Test("failures are retried; a notification past its expiry is failed, not sent")
    func retryAndExpiry() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            let receiver = RecordingReceiver()
            receiver.fail(true)
            let outbox = Outbox(store: store, receivers: [receiver], policies: ["team": quickRetry])
            try outbox.enqueue(notification("n1"))
            // Created two days ago: the default expiry (24h) has passed.
            var stale = notification("old")
            stale.createdAt = Date().addingTimeInterval(-2 * 24 * 3600)
            let staleOutbox = Outbox(store: store, receivers: [])
            try staleOutbox.enqueue(stale)
            await running(outbox) {
                await eventually("a few failed attempts") { (outbox.metrics()["team"]?.failedAttempts ?? 0) >= 2 }
                receiver.fail(false)
                await eventually("delivered after recovery") { receiver.delivered == ["n1"] }
                await eventually("stale one failed") {
                    (try? store.outboxRecord(receiver: "team", id: "old"))??.status == .failed
                }
            }
            #expect(receiver.delivered == ["n1"])
            let record = try #require(try store.outboxRecord(receiver: "team", id: "n1"))
            #expect(record.status == .delivered)
            #expect(record.attempts >= 2)
            #expect(record.lastError == "down for maintenance")
            let old = try #require(try store.outboxRecord(receiver: "team", id: "old"))
            #expect(old.lastError?.hasPrefix("expired") == true, "\(old)")
        }
    }

    @Test("the store: idempotent enqueue, due order, reschedule, prune")
    func storeOperations() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hark-outbox-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(directory: directory)
        let t0 = Date(timeIntervalSince1970: 1_750_000_000)
        func record(_ id: String, at offset: Double) -> OutboxRecord {
            OutboxRecord(
                receiver: "r", id: id, payload: "{}", createdAt: t0.addingTimeInterval(offset),
                expiresAt: t0.addingTimeInterval(86_400))
        }
        #expect(try store.enqueueOutbox(record("b", at: 1)))
        #expect(try store.enqueueOutbox(record("a", at: 0)))
        #expect(try !store.enqueueOutbox(record("a", at: 5)))
        #expect(try store.dueOutbox(receiver: "r", at: t0.addingTimeInterval(10), limit: 10).map(\.id) == ["a", "b"])
        try store.rescheduleOutbox(
            receiver: "r", id: "a", next: t0.addingTimeInterval(100), error: "503", at: t0.addingTimeInterval(10))
        #expect(try store.dueOutbox(receiver: "r", at: t0.addingTimeInterval(10), limit: 10).map(\.id) == ["b"])
        #expect(try store.nextOutboxAttempt(receiver: "r") == t0.addingTimeInterval(1))
        try store.markOutboxDelivered(receiver: "r", id: "b", at: t0.addingTimeInterval(11))
        #expect(try store.nextOutboxAttempt(receiver: "r") == t0.addingTimeInterval(100))
        #expect(try store.pendingOutboxCount(receiver: "r") == 1)
        #expect(try store.pruneOutbox(finishedBefore: t0.addingTimeInterval(11)) == 0)
        #expect(try store.pruneOutbox(finishedBefore: t0.addingTimeInterval(12)) == 1)
        #expect(try store.enqueueOutbox(record("b", at: 1)), "pruned ids can be stored again")
    }

    @Test("a backed-up receiver is reported once per episode and counted")
    func backlog() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            let receiver = RecordingReceiver()
            receiver.fail(true)
            let outbox = Outbox(
                store: store, receivers: [receiver], policies: ["team": quickRetry],
                settings: Outbox.Settings(backlogWarning: 3))
            for index in 1...4 { try outbox.enqueue(notification("n\(index)")) }
            await running(outbox) {
                await eventually("backlog noticed") { outbox.metrics()["team"]?.backlogWarnings == 1 }
                await eventually("several rounds") { (outbox.metrics()["team"]?.failedAttempts ?? 0) >= 8 }
            }
            #expect(outbox.metrics()["team"]?.backlogWarnings == 1)
            #expect(outbox.metrics()["team"]?.pending == 4)
        }
    }
}
