public import HarkDeliver
import HarkRules
public import HarkState
public import Logging
import Synchronization

/// The outbox in force: the process loop enqueues into it, the delivery service runs it and puts a
/// new one in its place when a reload changes the receivers.
///
/// Enqueued notifications live in the state store, not in the `Outbox` object, so one enqueued into
/// an outbox that is being replaced is not lost: the new outbox's lanes find it in the store.
public final class OutboxSlot: Sendable {
    private let state: Mutex<(outbox: Outbox, generation: Int)>

    /// Starts with the outbox for the configuration of `generation`.
    public init(_ outbox: Outbox, generation: Int) {
        state = Mutex((outbox, generation))
    }

    public var current: Outbox { state.withLock { $0.outbox } }

    /// The configuration generation the current outbox was built for.
    public var generation: Int { state.withLock { $0.generation } }

    public func replace(with outbox: Outbox, generation: Int) {
        state.withLock { $0 = (outbox, generation) }
    }

    /// An outbox delivering to the receivers of `configuration`.
    public static func makeOutbox(
        for configuration: LoadedConfiguration, factory: ReceiverFactory, store: StateStore, logger: Logger
    ) -> Outbox {
        let (receivers, policies) = factory.make(configuration.rules.delivery)
        return Outbox(store: store, receivers: receivers, policies: policies, logger: logger)
    }
}
