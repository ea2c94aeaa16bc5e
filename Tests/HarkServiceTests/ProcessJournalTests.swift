import Foundation
import HarkCore
import HarkRespond
import HarkService
import Testing

@Suite("process journal")
struct ProcessJournalTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hark-journal-\(UUID().uuidString).jsonl").path
    }

    func alert(_ key: String) -> Alert {
        var labels = AlertLabels()
        labels[.topic] = "billing"
        return Alert(kind: .spike, key: key, labels: labels, firedAt: t0)
    }

    func notification(_ receiver: String, _ keys: [String]) -> AlertNotification {
        AlertNotification(receiver: receiver, groupKey: "{}:{}", routeID: "{}", alerts: keys.map(alert), sentAt: t0)
    }

    @Test("alerts handed to a receiver are stripped from later notifications to it, across a reopen")
    func strips() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var journal = try ProcessJournal(path: path)
        try journal.recordRouted([notification("hook", ["a", "b"])], at: t0)
        try journal.recordProcessed(through: 42)

        let reopened = try ProcessJournal(path: path)
        #expect(reopened.processedThrough == 42)
        #expect(reopened.unsent(notification("hook", ["a", "b"])) == nil)
        let rest = try #require(reopened.unsent(notification("hook", ["a", "c"])))
        #expect(rest.alerts.map(\.id) == [alert("c").id])
        #expect(rest.id == notification("hook", ["c"]).id)
        // Another receiver never got them.
        #expect(reopened.unsent(notification("mail", ["a"]))?.alerts.count == 1)
    }

    @Test("a notification journalled but never enqueued (a crash in between) is forgotten at reconcile")
    func reconciles() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var journal = try ProcessJournal(path: path)
        let enqueued = notification("hook", ["a"])
        try journal.recordRouted([enqueued, notification("hook", ["b"])], at: t0)
        try journal.reconcile { _, id in id == enqueued.id }
        #expect(journal.routedCount == 1)
        let reopened = try ProcessJournal(path: path)
        #expect(reopened.unsent(notification("hook", ["a"])) == nil)
        #expect(reopened.unsent(notification("hook", ["b"])) != nil)
    }

    @Test("a torn last line is ignored; compaction keeps recent entries and the processed mark")
    func tornAndCompacted() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var journal = try ProcessJournal(path: path)
        try journal.recordRouted([notification("hook", ["old"])], at: t0)
        try journal.recordRouted([notification("hook", ["new"])], at: t0.addingTimeInterval(600))
        try journal.recordProcessed(through: 7)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"t\":1,\"r\":\"ho".utf8))
        handle.closeFile()

        var reopened = try ProcessJournal(path: path)
        #expect(reopened.routedCount == 2)
        try reopened.compact(keepingSince: t0.addingTimeInterval(300))
        let compacted = try ProcessJournal(path: path)
        #expect(compacted.routedCount == 1)
        #expect(compacted.processedThrough == 7)
        #expect(compacted.unsent(notification("hook", ["new"])) == nil)
    }
}
