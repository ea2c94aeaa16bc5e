import Foundation
import HarkDeliver
import HarkState
import Logging
import ServiceLifecycle

/// Runs the outbox: one delivery lane per receiver of the configuration in force.
///
/// When a reload changes the configuration, the running outbox is cancelled (attempts in flight stay
/// pending in the store) and one for the new receivers takes its place. On shutdown, last of the
/// services (processing has enqueued what it had by then), it drains: it keeps delivering while
/// something is due, for at most `deliveryDrain`, then is cancelled the same way.
struct DeliveryService: Service {
    let settings: DaemonSettings
    let live: LiveConfiguration
    let slot: OutboxSlot
    let factory: ReceiverFactory
    let store: StateStore
    let progress: LoopProgress
    let logger: Logger

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await deliver() }
            // Throws only when cancelled, which ends delivery at once as well.
            if (try? await gracefulShutdown()) != nil { await drain() }
            group.cancelAll()
        }
    }

    /// Waits while notifications are due now, for at most `deliveryDrain`.
    private func drain() async {
        let deadline = ContinuousClock.now + settings.deliveryDrain
        var due = dueNow()
        guard due > 0 else { return }
        logger.notice("draining the outbox before stopping", metadata: ["due": "\(due)"])
        while due > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
            due = dueNow()
        }
        if due > 0 {
            logger.notice(
                "stopping with notifications still due; they go out on the next start", metadata: ["due": "\(due)"])
        }
    }

    /// Notifications due now for the receivers being delivered to (others cannot drain).
    private func dueNow() -> Int {
        (try? store.dueOutboxCount(at: Date(), receivers: Array(slot.current.metrics().keys))) ?? 0
    }

    private func deliver() async {
        while !Task.isCancelled {
            let generation = slot.generation
            let outbox = slot.current
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await outbox.run() }
                while !Task.isCancelled, live.current.generation == generation {
                    progress.beat(.deliver)
                    try? await Task.sleep(for: .seconds(1))
                }
                group.cancelAll()
            }
            guard !Task.isCancelled else { return }
            let configuration = live.current
            slot.replace(
                with: OutboxSlot.makeOutbox(for: configuration, factory: factory, store: store, logger: logger),
                generation: configuration.generation)
            logger.notice("delivering with configuration generation \(configuration.generation)")
        }
    }
}
