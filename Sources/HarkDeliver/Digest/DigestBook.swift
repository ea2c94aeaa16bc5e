public import Foundation
public import HarkCore

/// Digests in memory, driven by the times passed in: what `hark replay` uses to print the digests
/// a live run would have sent, on the events' own clock, and what tests drive with a fixed clock.
///
/// The daemon keeps the same periods in the state instead (`StateStore.addDigestAlerts`), so a
/// restart loses nothing; both compose with `DigestComposer`.
public struct DigestBook: Sendable {
    public let settings: [String: DigestSettings]
    /// Alerts waiting, by receiver and period start.
    private var waiting: [String: [Date: [JSONValue]]] = [:]
    /// Per receiver, the end of the last period composed: a notification dated before it (a group
    /// sent late) goes into the next open period rather than reopening a sent digest.
    private var composedThrough: [String: Date] = [:]

    /// A book for the receivers that asked for digests.
    public init(settings: [String: DigestSettings]) {
        self.settings = settings
    }

    /// Whether `receiver` gets digests instead of live notifications.
    public func isDigest(_ receiver: String) -> Bool { settings[receiver] != nil }

    /// Keeps the alerts of a notification for `receiver` that was due at `time`. Returns false (and
    /// keeps nothing) when the receiver gets live notifications.
    @discardableResult
    public mutating func add(receiver: String, payload: JSONValue, at time: Date) -> Bool {
        guard let settings = settings[receiver] else { return false }
        var start = settings.periodStart(containing: time)
        if let closed = composedThrough[receiver], start < closed { start = settings.periodStart(containing: closed) }
        waiting[receiver, default: [:]][start, default: []] += DigestComposer.alerts(of: payload)
        return true
    }

    /// The digests of every period that ended by `time`, oldest first.
    public mutating func due(at time: Date) -> [DigestComposer.Digest] {
        var digests: [DigestComposer.Digest] = []
        for receiver in waiting.keys.sorted() {
            guard let settings = settings[receiver] else { continue }
            for start in waiting[receiver]!.keys.sorted() {
                let end = settings.periodEnd(startingAt: start)
                guard end <= time, let alerts = waiting[receiver]?.removeValue(forKey: start) else { continue }
                composedThrough[receiver] = max(composedThrough[receiver] ?? end, end)
                digests.append(
                    DigestComposer.compose(
                        receiver: receiver, alerts: alerts, periodStart: start, periodEnd: end, settings: settings))
            }
        }
        return digests.sorted { ($0.periodEnd, $0.notification.receiver) < ($1.periodEnd, $1.notification.receiver) }
    }

    /// Every digest still open, as if each period had ended: the end of a replay.
    public mutating func finish() -> [DigestComposer.Digest] {
        due(at: .distantFuture)
    }
}
