import Synchronization

/// The configuration in force, shared by the daemon's services and swapped whole on reload.
///
/// Services read it at their own safe points (the poller before a round, the processor between
/// batches, the deliverer between outboxes) and compare `generation` to notice a swap, so a reload
/// never lands in the middle of a batch. A `Mutex` because it is a short critical section around one
/// value; nobody awaits while holding it.
public final class LiveConfiguration: Sendable {
    private let state: Mutex<LoadedConfiguration>

    /// Starts with the configuration loaded at startup.
    public init(_ initial: LoadedConfiguration) {
        state = Mutex(initial)
    }

    /// The configuration in force now.
    public var current: LoadedConfiguration { state.withLock { $0 } }

    /// Swaps in a newer configuration.
    public func replace(with configuration: LoadedConfiguration) {
        state.withLock { $0 = configuration }
    }
}
