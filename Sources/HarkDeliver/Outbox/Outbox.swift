public import Foundation
import HarkCore
public import HarkState
public import Logging

/// The durable outbox and its deliverer: every notification is written to SQLite before any attempt,
/// then delivered by one lane per receiver, retried with back-off until it expires, and remembered
/// as delivered so it is never sent twice.
///
/// ```swift
/// let outbox = Outbox(store: store, receivers: receivers, policies: policies, logger: logger)
/// try outbox.enqueue(notification)      // from the routing side; returns at once
/// try await outbox.run()                // in the daemon's service group, until cancelled
/// ```
///
/// Guarantees: nothing enqueued is lost across a crash or restart (it is pending in the store until
/// delivered or expired); nothing delivered is sent again, because enqueuing an id that is in the
/// store (delivered ones are kept for `retention`) does nothing. If hark is killed between a
/// receiver's acceptance and the store's record of it, that one notification is sent again on the
/// next start, with the same `X-Hark-Notification-Id` (or Message-ID) so the receiver can drop it.
public final class Outbox: Sendable {
    /// Tuning with working defaults.
    public struct Settings: Sendable {
        /// Pending notifications per receiver at which a warning is logged (once per episode).
        public var backlogWarning: Int
        /// How long delivered and failed notifications are kept to refuse re-enqueues.
        public var retention: Duration
        /// How often expiry and pruning run.
        public var maintenanceInterval: Duration
        /// The longest a lane sleeps without looking at the store (a safety net; enqueues wake it).
        public var recheckInterval: Duration
        /// The pause after the store failed to answer.
        public var storeErrorPause: Duration

        public init(
            backlogWarning: Int = 1000, retention: Duration = .seconds(7 * 24 * 3600),
            maintenanceInterval: Duration = .seconds(300), recheckInterval: Duration = .seconds(60),
            storeErrorPause: Duration = .seconds(5)
        ) {
            self.backlogWarning = max(1, backlogWarning)
            self.retention = retention
            self.maintenanceInterval = maintenanceInterval
            self.recheckInterval = recheckInterval
            self.storeErrorPause = storeErrorPause
        }
    }

    private let store: StateStore
    private let lanes: [String: ReceiverLane]
    private let policies: [String: RetryPolicy]
    private let settings: Settings
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// Receivers that take digests instead of live notifications.
    private let digests: [String: DigestSettings]

    /// An outbox over `store` delivering to `receivers`; `policies` by receiver name (default policy
    /// for the others). `now` is injected for tests.
    public init(
        store: StateStore, receivers: [any Receiver], policies: [String: RetryPolicy] = [:],
        settings: Settings = Settings(), logger: Logger = Logger(label: "hark.deliver"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.policies = policies
        self.settings = settings
        self.logger = logger
        self.now = now
        var lanes: [String: ReceiverLane] = [:]
        var digests: [String: DigestSettings] = [:]
        for receiver in receivers {
            if let digest = receiver.digest { digests[receiver.name] = digest }
            lanes[receiver.name] = ReceiverLane(
                receiver: receiver, policy: policies[receiver.name] ?? RetryPolicy(), store: store, settings: settings,
                logger: logger, now: now)
        }
        self.lanes = lanes
        self.digests = digests
    }

    /// Stores a notification for delivery and wakes its receiver's lane; returns false when the same
    /// receiver and id were already in the outbox (pending, delivered or failed), which changes nothing.
    ///
    /// Quick (one SQLite insert) and never waits for a receiver. A notification for a receiver this
    /// outbox does not know is stored all the same (a reload may add the receiver) and expires if not.
    ///
    /// For a receiver that takes digests, the notification's alerts are kept for the digest of the
    /// period it was created in instead (unless it is `immediate`); returns whether any was new.
    @discardableResult
    public func enqueue(_ notification: OutgoingNotification) throws(StateError) -> Bool {
        if let digest = digests[notification.receiver], !notification.immediate {
            let alerts = DigestComposer.alerts(of: notification.payload).map { alert in
                (id: alert["id"]?.stringValue ?? notification.id, json: alert.description)
            }
            return try store.addDigestAlerts(
                receiver: notification.receiver, periodStart: digest.periodStart(containing: notification.createdAt),
                alerts: alerts, at: notification.createdAt) > 0
        }
        let policy = policies[notification.receiver] ?? RetryPolicy()
        let record = OutboxRecord(
            receiver: notification.receiver, id: notification.id, payload: notification.payload.description,
            createdAt: notification.createdAt,
            expiresAt: notification.createdAt.addingTimeInterval(policy.expireAfter.seconds))
        let stored = try store.enqueueOutbox(record)
        if let lane = lanes[notification.receiver] {
            if stored { lane.signal.ring() }
        } else if stored {
            logger.warning(
                "notification for unknown receiver stored; it waits for a configuration that defines it",
                metadata: ["receiver": "\(notification.receiver)", "notification": "\(notification.id)"])
        }
        return stored
    }

    /// Delivers until the calling task is cancelled: one lane per receiver, plus expiry and pruning.
    /// Cancellation stops attempts in flight; they stay pending for the next start.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for lane in lanes.values {
                group.addTask { await lane.run() }
            }
            for (receiver, digest) in digests {
                group.addTask { await self.composeDigests(receiver: receiver, settings: digest) }
            }
            group.addTask { await self.maintain() }
        }
    }

    /// Counters per receiver.
    public func metrics() -> [String: ReceiverMetrics] {
        lanes.mapValues(\.metrics)
    }

    /// Seconds after a period's end before its digest is composed.
    static let digestGrace: TimeInterval = 1

    /// Composes each ended period's digest into the outbox, waking at every period boundary.
    private func composeDigests(receiver: String, settings digest: DigestSettings) async {
        while !Task.isCancelled {
            let time = now()
            do {
                for start in try store.digestPeriods(receiver: receiver) {
                    let end = digest.periodEnd(startingAt: start)
                    // A moment's grace, so an alert stamped just before the end and stored just
                    // after it is not left behind in a period already composed.
                    guard end.addingTimeInterval(Self.digestGrace) <= time else { continue }
                    let alerts = try store.digestAlerts(receiver: receiver, periodStart: start).compactMap {
                        try? JSONParser.parse($0)
                    }
                    let composed = DigestComposer.compose(
                        receiver: receiver, alerts: alerts, periodStart: start, periodEnd: end, settings: digest)
                    let policy = policies[receiver] ?? RetryPolicy()
                    let record = OutboxRecord(
                        receiver: receiver, id: composed.notification.id,
                        payload: composed.notification.payload.description, createdAt: time,
                        expiresAt: time.addingTimeInterval(policy.expireAfter.seconds))
                    try store.closeDigest(receiver: receiver, periodStart: start, digest: record)
                    logger.info(
                        "digest composed",
                        metadata: [
                            "receiver": "\(receiver)", "notification": "\(record.id)", "alerts": "\(alerts.count)",
                        ])
                    lanes[receiver]?.signal.ring()
                }
            } catch {
                logger.error("cannot compose the digest: \(error)", metadata: ["receiver": "\(receiver)"])
            }
            let boundary = digest.periodEnd(startingAt: digest.periodStart(containing: time))
            let wait = min(
                max(0.05, boundary.timeIntervalSince(time) + Self.digestGrace), settings.recheckInterval.seconds)
            try? await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
        }
    }

    /// Fails what expired (whatever its receiver) and prunes old finished rows, now and then.
    private func maintain() async {
        while !Task.isCancelled {
            let time = now()
            do {
                for record in try store.failExpiredOutbox(at: time) {
                    logger.error(
                        "notification expired undelivered after \(record.attempts) attempts; last error: \(record.lastError ?? "none")",
                        metadata: ["receiver": "\(record.receiver)", "notification": "\(record.id)"])
                }
                try store.pruneOutbox(finishedBefore: time.addingTimeInterval(-settings.retention.seconds))
            } catch {
                logger.error("outbox maintenance failed: \(error)")
            }
            try? await Task.sleep(for: settings.maintenanceInterval)
        }
    }
}
