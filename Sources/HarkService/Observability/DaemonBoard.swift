public import HarkCore
import Synchronization

/// What the daemon's services publish for the endpoint that no store or counter already holds:
/// whether hark is ready (configuration and state loaded, not shutting down) and the latest themes
/// summary, which only the process loop (owner of the theme engine) can compute.
public final class DaemonBoard: Sendable {
    private struct State {
        var ready = false
        var stopping = false
        var themes: JSONValue = .object(JSONObject())
    }

    private let state = Mutex(State())

    public init() {}

    /// Set when systemd hears READY=1.
    public func markReady() { state.withLock { $0.ready = true } }
    /// Set as soon as a graceful shutdown begins.
    public func markStopping() { state.withLock { $0.stopping = true } }

    public var isReady: Bool { state.withLock { $0.ready && !$0.stopping } }
    public var isStopping: Bool { state.withLock { $0.stopping } }

    /// The process loop's latest themes summary.
    public var themes: JSONValue {
        get { state.withLock { $0.themes } }
        set { state.withLock { $0.themes = newValue } }
    }
}
