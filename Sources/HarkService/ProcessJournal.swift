public import Foundation
import HarkCore
public import HarkRespond

/// What the process loop has already handed to the outbox, remembered across a crash, so that
/// processing a mention again never sends one of its alerts twice.
///
/// `AcknowledgementWindow` keeps recently processed mentions in the inbox until their alerts have
/// surely left their groups; after a crash those mentions are processed again. Some of their alerts
/// were already in notifications (in groups that had been sent), and regrouping them would give new
/// notifications with new ids that the outbox cannot recognise. The journal records, per receiver,
/// every alert id handed over, and `unsent(_:)` strips those from a notification before it is
/// enqueued.
///
/// The file (`process-journal.jsonl` in the state directory) is JSON lines, appended:
/// - `{"t":…, "r": receiver, "n": notification id, "a": [alert ids]}`, written **before** the
///   notification is enqueued. A line whose notification never reached the outbox (a crash in
///   between) is dropped at the next start by `reconcile`, so its alerts are sent when the mention is
///   processed again. Written after the enqueue instead, a crash in between would send them twice.
/// - `{"p": sequence}`: every inbox entry up to here was processed and its demand is in the saved
///   themes, so a mention processed again does not join a theme twice.
///
/// Appends are plain writes: like the state store (WAL, `synchronous = NORMAL`) they survive a crash
/// or kill of the process, not a power loss. A torn last line is ignored. `compact` rewrites the file
/// atomically (temporary file and rename) with only what can still matter.
///
/// Not `Sendable`: the process loop owns it.
public struct ProcessJournal {
    /// A journal line about one notification.
    struct Routed: Hashable {
        var time: Date
        var receiver: String
        var notification: String
        var alerts: [String]
    }

    public let path: String
    /// Every inbox entry up to this sequence has been processed (0: none recorded).
    public private(set) var processedThrough: Int64 = 0
    private var routed: [Routed] = []
    /// `receiver` and alert id, joined by a separator no id contains.
    private var sent: Set<String> = []

    /// Reads the journal at `path` (none yet is an empty journal).
    public init(path: String) throws(JournalError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JournalError(path: path, operation: "read", message: "\(error.localizedDescription)")
        }
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let value = try? JSONParser.parse(line) else { continue }
            if let sequence = value["p"]?.doubleValue {
                processedThrough = max(processedThrough, Int64(sequence))
            } else if let receiver = value["r"]?.stringValue, let id = value["n"]?.stringValue,
                let alerts = value["a"]?.arrayValue?.compactMap(\.stringValue), let time = value["t"]?.doubleValue
            {
                add(Routed(time: Date(timeIntervalSince1970: time), receiver: receiver, notification: id, alerts: alerts))
            }
        }
    }

    /// How many notifications the journal remembers.
    public var routedCount: Int { routed.count }

    /// Forgets notifications the outbox does not hold (`isEnqueued` says which it does): they were
    /// journalled but hark stopped before enqueuing them, so their alerts must go out again.
    public mutating func reconcile(isEnqueued: (_ receiver: String, _ id: String) -> Bool) throws(JournalError) {
        let kept = routed.filter { isEnqueued($0.receiver, $0.notification) }
        guard kept.count != routed.count else { return }
        routed = []
        sent = []
        for entry in kept { add(entry) }
        try rewrite()
    }

    /// `notification` without the alerts already handed to its receiver; nil when none is left.
    public func unsent(_ notification: AlertNotification) -> AlertNotification? {
        let fresh = notification.alerts.filter { !sent.contains(Self.key(notification.receiver, $0.id)) }
        if fresh.count == notification.alerts.count { return notification }
        guard !fresh.isEmpty else { return nil }
        return AlertNotification(
            receiver: notification.receiver, groupKey: notification.groupKey, routeID: notification.routeID,
            alerts: fresh, sentAt: notification.sentAt)
    }

    /// Records notifications about to be enqueued (call before enqueuing them).
    public mutating func recordRouted(_ notifications: [AlertNotification], at time: Date) throws(JournalError) {
        guard !notifications.isEmpty else { return }
        var text = ""
        for notification in notifications {
            let entry = Routed(
                time: time, receiver: notification.receiver, notification: notification.id,
                alerts: notification.alerts.map(\.id))
            text += Self.line(entry) + "\n"
            add(entry)
        }
        try append(text)
    }

    /// Records that every inbox entry up to `sequence` is processed and its themes saved.
    public mutating func recordProcessed(through sequence: Int64) throws(JournalError) {
        guard sequence > processedThrough else { return }
        processedThrough = sequence
        try append("{\"p\":\(sequence)}\n")
    }

    /// Rewrites the file with the notifications journalled at or after `cutoff` (older ones belong
    /// to mentions acknowledged long ago, which are never processed again) and the processed mark.
    public mutating func compact(keepingSince cutoff: Date) throws(JournalError) {
        let kept = routed.filter { $0.time >= cutoff }
        routed = []
        sent = []
        for entry in kept { add(entry) }
        try rewrite()
    }

    private mutating func add(_ entry: Routed) {
        routed.append(entry)
        for alert in entry.alerts { sent.insert(Self.key(entry.receiver, alert)) }
    }

    private static func key(_ receiver: String, _ alert: String) -> String { receiver + "\u{1F}" + alert }

    private static func line(_ entry: Routed) -> String {
        JSONWriter.string(
            .object(
                JSONObject([
                    ("t", .number(entry.time.timeIntervalSince1970)), ("r", .string(entry.receiver)),
                    ("n", .string(entry.notification)), ("a", .array(entry.alerts.map { .string($0) })),
                ])))
    }

    private func append(_ text: String) throws(JournalError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw JournalError(path: path, operation: "open for append", message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw JournalError(path: path, operation: "append", message: String(cString: strerror(errno)))
            }
            written += result
        }
    }

    private func rewrite() throws(JournalError) {
        var text = processedThrough > 0 ? "{\"p\":\(processedThrough)}\n" : ""
        for entry in routed { text += Self.line(entry) + "\n" }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw JournalError(path: path, operation: "rewrite", message: error.localizedDescription)
        }
    }
}

/// A journal file that could not be read or written, with its path.
public struct JournalError: Error, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var message: String

    public var description: String { "\(path): cannot \(operation): \(message)" }
}
