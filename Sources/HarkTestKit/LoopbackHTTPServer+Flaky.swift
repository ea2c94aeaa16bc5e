import Synchronization

extension LoopbackHTTPServer {
    /// Answers `path` with `failure` for its first `count` requests and with `success` after that: a
    /// receiver that is down for a while and then recovers, to test retries end to end.
    ///
    /// ```swift
    /// server.routeFailing("/hook", first: 2, with: .status(503), then: .status(204))
    /// ```
    public func routeFailing(_ path: String, first count: Int, with failure: Reply, then success: Reply) {
        let counter = FlakyCounter()
        route(path) { _ in
            counter.next() <= count ? failure : success
        }
    }
}

/// Counts requests to a flaky route from any connection thread.
private final class FlakyCounter: Sendable {
    private let served = Atomic<Int>(0)

    /// The 1-based number of this request.
    func next() -> Int { served.add(1, ordering: .relaxed).newValue }
}
