import HarkDeliver
import HarkState
import Logging
import ServiceLifecycle

/// Runs the outbox: one delivery lane per receiver of the configuration in force.
///
/// When a reload changes the configuration, the running outbox is cancelled (attempts in flight stay
/// pending in the store) and one for the new receivers takes its place. On shutdown it is cancelled
/// the same way, last of the services, after processing has enqueued what it had.
struct DeliveryService: Service {
    let live: LiveConfiguration
    let slot: OutboxSlot
    let factory: ReceiverFactory
    let store: StateStore
    let progress: LoopProgress
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
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
}
