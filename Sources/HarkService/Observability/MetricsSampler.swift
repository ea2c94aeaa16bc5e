import Foundation
import HarkCore
import HarkDeliver
import HarkEndpoint
import HarkState
import Logging
import Synchronization

/// Brings the numbers that live in storage or in the outbox into the metrics: queue depths, what
/// each receiver's lane did, and the end-to-end latency of what was delivered.
///
/// Latency is measured from a mention's `published_at` (the source's own time; for sources that
/// give none, the time hark first fetched it) to the moment the receiver accepted the notification
/// carrying it, read from the outbox's delivered rows. So it includes the source's own delay in
/// listing an item and the poll interval, which is what a responder waiting for an alert feels.
final class MetricsSampler: Sendable {
    let store: StateStore
    let slot: OutboxSlot
    let metrics: HarkMetrics
    let logger: Logger

    private struct State {
        /// Delivered rows up to this time are already in the histogram.
        var deliveredThrough: Date
        /// The lane counters last seen, by outbox (a reload starts a new one) and receiver.
        var lanes: [ObjectIdentifier: [String: ReceiverMetrics]] = [:]
        var receivers: Set<String> = []
    }

    private let state: Mutex<State>

    /// Deliveries before `start` (an earlier run) are not counted.
    init(store: StateStore, slot: OutboxSlot, metrics: HarkMetrics, logger: Logger, start: Date = Date()) {
        self.store = store
        self.slot = slot
        self.metrics = metrics
        self.logger = logger
        state = Mutex(State(deliveredThrough: start))
    }

    /// Reads the store and the outbox once. Serialised, so a scrape and the timer never count a
    /// delivery twice.
    func sample() {
        state.withLock { state in
            do {
                metrics.inboxDepth(try store.inboxCount())
                let counts = try store.outboxCounts()
                let outbox = slot.current
                let lanes = outbox.metrics()
                state.receivers.formUnion(counts.keys)
                state.receivers.formUnion(lanes.keys)
                for receiver in state.receivers {
                    metrics.outboxDepth(counts[receiver]?.pending ?? 0, receiver: receiver)
                }
                let key = ObjectIdentifier(outbox)
                // Only the current outbox is running; the counters of replaced ones are final.
                state.lanes = state.lanes.filter { $0.key == key }
                for (receiver, now) in lanes {
                    let before = state.lanes[key]?[receiver] ?? ReceiverMetrics()
                    metrics.delivery(
                        receiver: receiver, sent: max(0, now.delivered - before.delivered),
                        failed: max(0, now.failed - before.failed),
                        failedAttempts: max(0, now.failedAttempts - before.failedAttempts))
                }
                state.lanes[key] = lanes
                while true {
                    let delivered = try store.deliveredNotifications(after: state.deliveredThrough, limit: 500)
                    for notification in delivered {
                        for published in Self.publishedTimes(in: notification.payload) {
                            metrics.endToEndLatency(seconds: notification.finishedAt.timeIntervalSince(published))
                        }
                        state.deliveredThrough = max(state.deliveredThrough, notification.finishedAt)
                    }
                    if delivered.count < 500 { break }
                }
            } catch {
                logger.warning("cannot sample metrics from the state: \(error)")
            }
        }
    }

    /// The `published_at` of every mention in a notification payload.
    static func publishedTimes(in payload: String) -> [Date] {
        guard let json = try? JSONParser.parse(payload), let alerts = json["alerts"]?.arrayValue else { return [] }
        return alerts.compactMap { alert in
            alert["mention"]?["published_at"]?.stringValue.flatMap { Timestamp.parse($0) }
        }
    }
}
