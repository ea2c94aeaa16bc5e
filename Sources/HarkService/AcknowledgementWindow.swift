public import Foundation
public import HarkRules
import HarkRespond

/// Decides how far the inbox may be acknowledged: only past mentions whose alerts can no longer be
/// waiting in a group.
///
/// Grouping holds alerts in memory (`group_wait`, `group_interval`). If hark acknowledged a mention
/// as soon as it was processed and then crashed while its alert waited, the alert would be lost.
/// So a mention stays in the inbox until the routing clock has passed the longest time any route can
/// hold an alert (`hold`); by then every group it joined has been sent and its notifications are in
/// the outbox. After a crash the held mentions are processed again and the `ProcessJournal` drops
/// the alerts that already went out.
///
/// A value: the process loop feeds it what it processed and the routing clock; nothing here does I/O.
public struct AcknowledgementWindow: Sendable, Hashable {
    /// How long after processing a mention its alerts may still wait in a group, in seconds.
    public private(set) var hold: TimeInterval
    /// Processed batches not yet acknowledged: the last sequence of each and when it was processed.
    private var batches: [Batch] = []

    private struct Batch: Sendable, Hashable {
        var sequence: Int64
        var count: Int
        var processedAt: Date
    }

    /// A window that holds mentions for `hold` seconds.
    public init(hold: TimeInterval) {
        self.hold = max(0, hold)
    }

    /// A window for a configuration's routes: the longest `group_wait` or `group_interval` of any
    /// route (an alert waits for one or the other, never both); zero when nothing is routed.
    public init(rules: RuleSet) {
        let longest = rules.route?.nodes.map { max($0.grouping.groupWait, $0.grouping.groupInterval) }.max()
        self.init(hold: longest.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0)
    }

    /// Mentions processed and not yet acknowledged, counted by batch.
    public var heldBatches: Int { batches.count }

    /// How many processed mentions are held in the inbox (the process loop reads past them).
    public var heldMentions: Int { batches.reduce(0) { $0 + $1.count } }

    /// Records that `count` inbox entries, up to `sequence`, were processed at `time`.
    public mutating func processed(through sequence: Int64, count: Int, at time: Date) {
        if let last = batches.last, last.sequence >= sequence { return }
        batches.append(Batch(sequence: sequence, count: count, processedAt: time))
    }

    /// The highest sequence that may be acknowledged now that routing has been driven to
    /// `routedThrough`, or nil when nothing new may be; what it returns is forgotten.
    public mutating func acknowledgeable(routedThrough: Date) -> Int64? {
        var result: Int64?
        while let first = batches.first, first.processedAt.addingTimeInterval(hold) <= routedThrough {
            result = first.sequence
            batches.removeFirst()
        }
        return result
    }

    /// Everything held may be acknowledged: the groups were emptied (a reload sends them early).
    /// Returns the last sequence held, if any; `hold` becomes `newHold`.
    public mutating func releaseAll(newHold: TimeInterval) -> Int64? {
        defer {
            batches = []
            hold = max(0, newHold)
        }
        return batches.last?.sequence
    }
}
