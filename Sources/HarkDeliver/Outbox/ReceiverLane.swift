import Foundation
import HarkCore
import HarkState
import Logging
import Synchronization

/// The delivery loop of one receiver: takes its due notifications from the outbox, delivers them,
/// and records each outcome, until cancelled.
///
/// One lane per receiver, each its own task, so an unreachable or slow receiver holds up nobody
/// else. Its queue is the store itself (bounded by the expiry), read `batchSize` at a time; when the
/// backlog passes the warning level the lane logs once, counts it, and logs again only after the
/// backlog has drained below half of that.
final class ReceiverLane: Sendable {
    let receiver: any Receiver
    let policy: RetryPolicy
    let signal = WakeSignal()
    private let store: StateStore
    private let settings: Outbox.Settings
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let state = Mutex(LaneState())

    private struct LaneState {
        var metrics = ReceiverMetrics()
        var backlogged = false
        var random = SystemRandomNumberGenerator()
    }

    init(
        receiver: any Receiver, policy: RetryPolicy, store: StateStore, settings: Outbox.Settings, logger: Logger,
        now: @escaping @Sendable () -> Date
    ) {
        self.receiver = receiver
        self.policy = policy
        self.store = store
        self.settings = settings
        self.logger = logger
        self.now = now
    }

    var name: String { receiver.name }
    var metrics: ReceiverMetrics { state.withLock { $0.metrics } }

    func run() async {
        while !Task.isCancelled {
            let due: [OutboxRecord]
            do {
                due = try store.dueOutbox(receiver: name, at: now(), limit: max(1, receiver.batchSize))
            } catch {
                logger.error("cannot read the outbox: \(error)", metadata: ["receiver": "\(name)"])
                await signal.wait(timeout: settings.storeErrorPause)
                continue
            }
            if due.isEmpty {
                await signal.wait(timeout: idleWait())
                continue
            }
            await deliver(due)
            checkBacklog()
        }
    }

    /// Until the next retry is due, but never longer than the recheck interval.
    private func idleWait() -> Duration {
        guard let next = try? store.nextOutboxAttempt(receiver: name) else { return settings.recheckInterval }
        let seconds = max(0, next.timeIntervalSince(now()))
        return min(.milliseconds(Int64((seconds * 1000).rounded(.up))), settings.recheckInterval)
    }

    private func deliver(_ records: [OutboxRecord]) async {
        let start = now()
        var batch: [OutgoingNotification] = []
        var attempted: [OutboxRecord] = []
        for record in records {
            if record.expiresAt <= start {
                giveUp(record, reason: "expired before delivery; last error: \(record.lastError ?? "none")")
                continue
            }
            guard let payload = try? JSONParser.parse(record.payload) else {
                giveUp(record, reason: "the stored payload is not valid JSON")
                continue
            }
            batch.append(
                OutgoingNotification(
                    id: record.id, receiver: record.receiver, payload: payload, createdAt: record.createdAt))
            attempted.append(record)
        }
        guard !batch.isEmpty else { return }
        let results = await receiver.deliver(batch: batch)
        let finished = now()
        for (record, result) in zip(attempted, results) {
            guard let error = result else {
                markDelivered(record, at: finished)
                continue
            }
            switch error.disposition {
            case .cancelled:
                continue
            case .permanent:
                giveUp(record, reason: error.message)
            case .retry:
                let decision = state.withLock { state in
                    policy.decide(
                        afterFailures: record.attempts + 1, now: finished, expiresAt: record.expiresAt,
                        retryAfter: error.retryAfter, using: &state.random)
                }
                switch decision {
                case .retry(let next):
                    do {
                        try store.rescheduleOutbox(
                            receiver: name, id: record.id, next: next, error: error.message, at: finished)
                    } catch {
                        logger.error("cannot record a failed attempt: \(error)", metadata: ["receiver": "\(name)"])
                    }
                    state.withLock {
                        $0.metrics.failedAttempts += 1
                        $0.metrics.lastError = error.message
                    }
                    logger.warning(
                        "delivery failed, will retry at \(Timestamp.rfc3339(next)): \(error.message)",
                        metadata: [
                            "receiver": "\(name)", "notification": "\(record.id)", "attempt": "\(record.attempts + 1)",
                        ])
                case .giveUp:
                    giveUp(record, reason: "\(error.message); giving up, the next retry would pass the expiry")
                }
            }
        }
    }

    private func markDelivered(_ record: OutboxRecord, at time: Date) {
        do {
            try store.markOutboxDelivered(receiver: name, id: record.id, at: time)
        } catch {
            // The receiver has it; if this is lost the notification goes again (at-least-once).
            logger.error("cannot record a delivery: \(error)", metadata: ["receiver": "\(name)"])
        }
        state.withLock {
            $0.metrics.delivered += 1
            $0.metrics.lastSuccess = time
        }
        logger.debug("delivered", metadata: ["receiver": "\(name)", "notification": "\(record.id)"])
    }

    private func giveUp(_ record: OutboxRecord, reason: String) {
        do {
            try store.markOutboxFailed(receiver: name, id: record.id, error: reason, at: now())
        } catch {
            logger.error("cannot record a failed notification: \(error)", metadata: ["receiver": "\(name)"])
        }
        state.withLock {
            $0.metrics.failed += 1
            $0.metrics.lastError = reason
        }
        logger.error(
            "notification not delivered: \(reason)",
            metadata: ["receiver": "\(name)", "notification": "\(record.id)", "attempts": "\(record.attempts + 1)"])
    }

    private func checkBacklog() {
        guard let pending = try? store.pendingOutboxCount(receiver: name) else { return }
        let warn = state.withLock { state -> Bool in
            state.metrics.pending = pending
            if !state.backlogged, pending >= settings.backlogWarning {
                state.backlogged = true
                state.metrics.backlogWarnings += 1
                return true
            }
            if state.backlogged, pending < settings.backlogWarning / 2 { state.backlogged = false }
            return false
        }
        if warn {
            logger.warning(
                "\(pending) notifications are waiting; the receiver is slow or failing",
                metadata: ["receiver": "\(name)"])
        }
    }
}
