public import HarkCore

/// One answer of a health or readiness check: whether it passes and why, as the JSON body.
public struct ProbeResult: Sendable {
    public var passing: Bool
    /// Shown to whoever asked (`{"status": "ok"}` or what is wrong).
    public var detail: JSONValue

    public init(passing: Bool, detail: JSONValue) {
        self.passing = passing
        self.detail = detail
    }
}

/// What the endpoint asks the daemon. The endpoint knows HTTP and Prometheus, the daemon knows its
/// loops; this protocol is the whole of what one needs from the other, so the endpoint is tested
/// without a daemon and the daemon never sees Hummingbird.
public protocol EndpointProbe: Sendable {
    /// `/healthz`: the process is alive and its loops are turning (a failing answer means restart it).
    func health() -> ProbeResult
    /// `/readyz`: configuration and state are loaded and hark is not shutting down (a failing answer
    /// means do not count on it now).
    func readiness() -> ProbeResult
    /// `/status`: what an operator wants to see at a glance (connectors, themes, queues).
    func status() -> JSONValue
    /// Called just before `/metrics` is rendered, so gauges sampled from storage are fresh.
    func willRenderMetrics()
}

extension EndpointProbe {
    public func willRenderMetrics() {}
}
