public import Foundation
import HarkCore
public import HarkLearn
public import HarkRespond
public import HarkState

/// Closes the loop with the people who asked for a theme: queues the notices `AskerNotices`
/// composes and records each person as told, so every asker hears once, whoever runs it and however
/// often (`hark themes ship`, and the daemon for people who ask after the theme shipped).
///
/// Exactly once across crashes: the notices are queued first (the outbox refuses an id it already
/// holds), then the people are marked told in one transaction. Killed in between, the next run
/// composes the same notices with the same ids, the outbox ignores them, and the marking completes.
/// A person already told who posts the same wish again is marked told without a second notice.
/// The receivers are the ones the routing tree gives the theme's `theme-shipped` labels (its root
/// when no route matches); notices are `immediate`, so a receiver that takes digests still gets them
/// as they are.
public struct LoopCloser: Sendable {
    public var store: StateStore
    public var tree: RouteTree
    public var delivery: DeliveryConfiguration

    public init(store: StateStore, tree: RouteTree, delivery: DeliveryConfiguration) {
        self.store = store
        self.tree = tree
        self.delivery = delivery
    }

    /// What one run did for one theme.
    public struct Report: Sendable {
        /// Distinct people who asked.
        public var people: Int
        /// People told by this run.
        public var told: Int
        /// People told before this run.
        public var toldBefore: Int
        /// The notifications queued (several per person when several receivers take them).
        public var notifications: [AlertNotification]
        /// Whether any receiver took the notices (false only for a tree that routes nowhere).
        public var routed: Bool
    }

    /// How a receiver hears about askers: an e-mail gets one list of people to answer with links to
    /// their posts; every other kind one notification per person.
    public func style(of receiver: String) -> AskerNotices.Style {
        if case .email? = delivery.receiver(named: receiver)?.kind { return .list }
        return .perAsker
    }

    /// Tells everyone who asked for `theme` (shipped) and has not been told, through `enqueue`
    /// (the outbox: `Outbox.enqueue` in the daemon, the store directly from the CLI).
    public func tell(
        theme: ThemeSummary, at time: Date, enqueue: (OutgoingNotification) throws -> Void
    ) throws -> Report {
        let records = try store.askerRecords(theme.id)
        let people = AskerNotices.people(records.map(\.asker))
        let told = Set(records.filter { $0.notifiedAt != nil }.map { AskerNotices.personKey($0.asker) })
        let owed = people.filter { !told.contains($0.key) }
        let targets = AskerNotices.targets(theme: theme.id, tree: tree, style: style(of:))
        var report = Report(
            people: people.count, told: 0, toldBefore: told.count, notifications: [], routed: !targets.isEmpty)
        // Later posts of people already told: nothing to send, but they are no longer owed.
        var settled = records.filter { $0.notifiedAt == nil && told.contains(AskerNotices.personKey($0.asker)) }
            .map { MentionKey(connector: $0.asker.connector, id: $0.asker.mentionID) }
        if !targets.isEmpty {
            let notices = AskerNotices.notices(
                theme: theme.json, themeID: theme.id, people: owed, targets: targets, at: time)
            for notice in notices {
                try enqueue(
                    OutgoingNotification(
                        id: notice.notification.id, receiver: notice.notification.receiver,
                        payload: notice.notification.json, createdAt: time, immediate: true))
                report.notifications.append(notice.notification)
            }
            settled += owed.flatMap(\.posts).map { MentionKey(connector: $0.connector, id: $0.mentionID) }
            report.told = owed.count
        }
        try store.markAskersNotified(settled, at: time)
        return report
    }
}
