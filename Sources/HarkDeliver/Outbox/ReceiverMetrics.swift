public import Foundation

/// What the outbox has done for one receiver since start: for `/metrics` and the status endpoint.
public struct ReceiverMetrics: Sendable, Hashable {
    /// Notifications the receiver accepted.
    public var delivered = 0
    /// Attempts that failed (each retry counts).
    public var failedAttempts = 0
    /// Notifications given up on (expired or refused for good).
    public var failed = 0
    /// Times the backlog passed the warning level (logged once each time).
    public var backlogWarnings = 0
    /// Pending notifications at the last look.
    public var pending = 0
    public var lastSuccess: Date?
    /// The last failure, already free of secrets.
    public var lastError: String?

    public init() {}
}
