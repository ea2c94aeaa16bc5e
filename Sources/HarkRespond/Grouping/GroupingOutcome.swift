public import Foundation

/// What grouping did with an alert on one route, for explanations (`hark try`, `hark replay`).
public enum GroupingOutcome: Sendable, Hashable {
    /// Waiting in group `groupKey`; its notification goes out at `sendAt` (if nothing changes).
    case queued(groupKey: String, sendAt: Date)
    /// Already waiting in the group (the same alert twice before the notification).
    case alreadyPending(groupKey: String)
    /// Sent in this group at `sentAt`, less than `repeat_interval` ago: not sent again.
    case recentlySent(groupKey: String, sentAt: Date)
}
