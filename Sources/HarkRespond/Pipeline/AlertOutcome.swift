/// What the respond pipeline did with one alert, for `hark try` and `hark replay` explanations.
public struct AlertOutcome: Sendable {
    public let alertID: String
    /// The routes that took the alert (always at least the root's), in tree order.
    public let routes: [RouteMatch]
    public let disposition: Disposition

    /// The fate of the alert as a whole.
    public enum Disposition: Sendable {
        /// Dropped by a silence.
        case silenced(Silence)
        /// Dropped by an inhibit rule.
        case inhibited(Inhibitor.Inhibition)
        /// Handed to grouping on each route, in the order of `routes`.
        case grouped([GroupingOutcome])
    }

    public init(alertID: String, routes: [RouteMatch], disposition: Disposition) {
        self.alertID = alertID
        self.routes = routes
        self.disposition = disposition
    }

    /// The receivers that will hear of the alert (none when silenced or inhibited, or when every
    /// route already sent it recently).
    public var receivers: [String] {
        guard case .grouped(let outcomes) = disposition else { return [] }
        return zip(routes, outcomes).compactMap { route, outcome in
            if case .queued = outcome { return route.receiver }
            return nil
        }
    }
}
