/// How a route batches alerts into notifications and paces them (Alertmanager's `group_by`,
/// `group_wait`, `group_interval`, `repeat_interval`), inherited by nested routes that do not set
/// their own.
///
/// hark's alerts are events, not conditions: a mention does not "resolve". So a group only ever
/// carries new alerts, and `repeat_interval` is how long the group remembers an alert it already
/// sent: the same alert (same id) arriving again within it is dropped, after it the alert is sent
/// again as a reminder. That is what a spike that keeps firing while it lasts needs, and it makes a
/// mention delivered twice by a connector harmless. See `AlertGroups` for the timing.
public struct GroupSettings: Sendable, Hashable {
    /// The labels whose values form a group: alerts with equal values share a notification.
    public var groupBy: GroupBy
    /// How long a new group collects alerts before its first notification, so a burst is one message.
    public var groupWait: Duration
    /// The least time between two notifications of one group; alerts arriving in between wait.
    public var groupInterval: Duration
    /// How long an alert already sent in a group is not sent again.
    public var repeatInterval: Duration

    /// Alertmanager's defaults, which users know: 30s, 5m, 4h, everything in one group.
    public static let defaults = GroupSettings(
        groupBy: .labels([]), groupWait: .seconds(30), groupInterval: .seconds(300), repeatInterval: .seconds(14_400))

    public init(groupBy: GroupBy, groupWait: Duration, groupInterval: Duration, repeatInterval: Duration) {
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
    }
}

/// Which labels form a group.
public enum GroupBy: Sendable, Hashable, CustomStringConvertible {
    /// These labels (none: one group for the whole route).
    case labels([LabelName])
    /// Every label (`group_by: ['...']`): in practice one group per distinct alert.
    case all

    /// The group's label values, rendered, in the order given (`.all`: payload order). Absent labels
    /// are left out, so alerts without a label group together.
    func values(of labels: AlertLabels) -> [(name: LabelName, value: String)] {
        switch self {
        case .all: return labels.rendered
        case .labels(let names): return names.compactMap { name in labels[name].map { (name, $0) } }
        }
    }

    public var description: String {
        switch self {
        case .all: "['...']"
        case .labels(let names): "[" + names.map(\.rawValue).joined(separator: ", ") + "]"
        }
    }
}
