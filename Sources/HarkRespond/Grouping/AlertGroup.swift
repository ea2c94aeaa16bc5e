import Foundation
import HarkCore

/// The alerts of one route that share their `group_by` values, waiting to be sent together.
struct AlertGroup: Sendable {
    let key: String
    let routeID: String
    let receiver: String
    let settings: GroupSettings
    /// Alerts not yet sent, in arrival order.
    var pending: [Alert] = []
    var pendingIDs: Set<String> = []
    /// When the pending alerts go out; nil when nothing is pending.
    var flushAt: Date?
    /// When the group last sent a notification.
    var lastFlush: Date?
    var sent = SentLog()
    /// Bumped at each reschedule, so older queue entries are recognised as stale.
    var generation: UInt64 = 0

    init(key: String, routeID: String, receiver: String, settings: GroupSettings) {
        self.key = key
        self.routeID = routeID
        self.receiver = receiver
        self.settings = settings
    }

    /// When the group may be dropped: nothing pending, the interval since the last notification over,
    /// and everything it sent forgotten.
    var expiresAt: Date {
        let quiet = (lastFlush ?? .distantPast).addingTimeInterval(settings.groupInterval.seconds)
        let remembered = (sent.newest ?? .distantPast).addingTimeInterval(settings.repeatInterval.seconds)
        return max(quiet, remembered)
    }
}
