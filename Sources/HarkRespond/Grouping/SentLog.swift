import Foundation

/// The alerts a group has sent and when, forgotten after the group's `repeat_interval`: what stops
/// the same alert from being sent twice while it is still news.
///
/// Ids are kept as 64-bit stable hashes, oldest first, at most `capacity` per group, so a busy group
/// costs a bounded, small amount of memory; past the cap the oldest are forgotten early (a repeat
/// of an alert that old and that buried is rare, and would be sent again, never lost).
struct SentLog: Sendable {
    private var order: [(id: UInt64, at: Date)] = []
    private var start = 0
    private var lastSent: [UInt64: Date] = [:]

    static let capacity = 4096

    var isEmpty: Bool { lastSent.isEmpty }
    /// When the most recent alert was sent.
    var newest: Date? { order.last?.at }

    /// When `id` was last sent, if it is still remembered.
    func sentAt(_ id: UInt64) -> Date? { lastSent[id] }

    mutating func record(_ id: UInt64, at time: Date) {
        lastSent[id] = time
        order.append((id, time))
        if order.count - start > Self.capacity { dropOldest() }
    }

    /// Forgets what was sent at or before `cutoff`.
    mutating func forget(sentBefore cutoff: Date) {
        while start < order.count, order[start].at <= cutoff { dropOldest() }
    }

    private mutating func dropOldest() {
        let oldest = order[start]
        if lastSent[oldest.id] == oldest.at { lastSent[oldest.id] = nil }
        start += 1
        if start > 1024, start * 2 > order.count {
            order.removeFirst(start)
            start = 0
        }
    }
}
