public import Foundation
import Synchronization

/// The daemon's view of every source's health, shared by the poll loop (which reports outcomes),
/// the process loop (which turns changes into `kind: health` alerts) and the status endpoint.
///
/// The decisions are `SourceWatch` values; this class only keeps them behind a lock and queues the
/// events until the process loop, which owns the routing tree, picks them up.
public final class HealthBoard: Sendable {
    /// What the poll loop knows about a connector from its configuration.
    public struct Source: Sendable, Hashable {
        public var name: String
        public var pollInterval: TimeInterval
        public var expectEvery: TimeInterval?

        public init(name: String, pollInterval: TimeInterval, expectEvery: TimeInterval?) {
            self.name = name
            self.pollInterval = pollInterval
            self.expectEvery = expectEvery
        }
    }

    /// A health change waiting to be routed.
    public struct Notice: Sendable, Hashable {
        public var connector: String
        public var event: SourceWatch.Event
        /// The expectation in force when it happened, in seconds (for the alert's payload).
        public var expectation: TimeInterval?
        public var at: Date
    }

    private struct State {
        var watches: [String: SourceWatch] = [:]
        var pending: [Notice] = []
    }

    private let state = Mutex(State())
    public let settings: SourceWatch.Settings

    public init(settings: SourceWatch.Settings = SourceWatch.Settings()) {
        self.settings = settings
    }

    /// Follows the configuration: new connectors start being watched at `time`, removed ones are
    /// forgotten, changed intervals and expectations apply from now on (history is kept).
    public func configure(_ sources: [Source], at time: Date) {
        state.withLock { state in
            let names = Set(sources.map(\.name))
            state.watches = state.watches.filter { names.contains($0.key) }
            for source in sources {
                if var watch = state.watches[source.name] {
                    watch.pollInterval = source.pollInterval
                    watch.configuredExpectation = source.expectEvery
                    state.watches[source.name] = watch
                } else {
                    state.watches[source.name] = SourceWatch(
                        connector: source.name, pollInterval: source.pollInterval, expectEvery: source.expectEvery,
                        settings: settings, start: time)
                }
            }
        }
    }

    /// Records a successful poll; returns the change, if any (also queued for the process loop).
    @discardableResult
    public func succeeded(_ connector: String, at time: Date, itemCount: Int?, newItems: Int) -> SourceWatch.Event? {
        update(connector, at: time) { $0.succeeded(at: time, itemCount: itemCount, newItems: newItems) }
    }

    /// Records a failed poll; returns the change, if any (also queued for the process loop).
    @discardableResult
    public func failed(_ connector: String, at time: Date, message: String) -> SourceWatch.Event? {
        update(connector, at: time) { $0.failed(at: time, message: message) }
    }

    /// Looks at the clock for every source; returns the changes (also queued).
    @discardableResult
    public func check(at time: Date) -> [(connector: String, event: SourceWatch.Event)] {
        state.withLock { state in
            var events: [(connector: String, event: SourceWatch.Event)] = []
            for name in state.watches.keys.sorted() {
                guard var watch = state.watches[name], let event = watch.check(at: time) else { continue }
                state.watches[name] = watch
                state.pending.append(Notice(connector: name, event: event, expectation: watch.expectation, at: time))
                events.append((name, event))
            }
            return events
        }
    }

    /// The changes not yet routed, oldest first; they are removed from the board.
    public func takeNotices() -> [Notice] {
        state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
    }

    /// Every source's watch now, by connector.
    public var watches: [String: SourceWatch] { state.withLock { $0.watches } }

    private func update(
        _ connector: String, at time: Date, _ body: (inout SourceWatch) -> SourceWatch.Event?
    ) -> SourceWatch.Event? {
        state.withLock { state in
            guard var watch = state.watches[connector] else { return nil }
            let event = body(&watch)
            state.watches[connector] = watch
            if let event {
                state.pending.append(
                    Notice(connector: connector, event: event, expectation: watch.expectation, at: time))
            }
            return event
        }
    }
}
