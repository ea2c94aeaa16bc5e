/// Something that takes notifications to people: a Slack channel, an inbox, a webhook, a program,
/// a file.
///
/// The outbox calls a receiver from one task at a time (its lane), so an implementation needs no
/// locking of its own; a slow or unreachable receiver only holds up its own lane. `deliver` must be
/// cancellation-safe: when the daemon stops, the call is cancelled and should throw promptly with
/// `DeliveryError.cancelled`, leaving the notification pending for the next start.
public protocol Receiver: Sendable {
    /// The receiver's name from the configuration.
    var name: String { get }

    /// How many notifications one call to `deliver(batch:)` takes. 1 for receivers that talk to a
    /// server (each result is recorded before the next is sent, so a crash re-sends at most one);
    /// more where a batch is cheaper as a whole (one fsync for many lines).
    var batchSize: Int { get }

    /// Delivers one notification; returns when the receiver has accepted it.
    func deliver(_ notification: OutgoingNotification) async throws(DeliveryError)

    /// Delivers several; one result per notification, in order (nil for delivered).
    func deliver(batch: [OutgoingNotification]) async -> [DeliveryError?]

    /// Set when the receiver takes a periodic digest instead of live notifications: the outbox then
    /// keeps what is routed to it and sends one summary per period.
    var digest: DigestSettings? { get }
}

extension Receiver {
    public var batchSize: Int { 1 }
    public var digest: DigestSettings? { nil }

    public func deliver(batch: [OutgoingNotification]) async -> [DeliveryError?] {
        var results: [DeliveryError?] = []
        for notification in batch {
            do {
                try await deliver(notification)
                results.append(nil)
            } catch {
                results.append(error)
            }
        }
        return results
    }
}

/// Why a delivery did not happen, and whether trying again can help.
///
/// Messages name the receiver and never contain a secret: URLs appear as scheme and host only.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How the outbox should treat the failure.
    public enum Disposition: Sendable, Hashable {
        /// Try again later (a timeout, a 5xx, a 429, a missing credential file).
        case retry
        /// Trying again cannot help (a 4xx, an SMTP 5xx refusal); the notification fails now.
        case permanent
        /// The attempt was stopped by shutdown; it is neither a failure nor a success.
        case cancelled
    }

    public var receiver: String
    public var message: String
    public var disposition: Disposition
    /// A server's `Retry-After`, which lengthens the next wait.
    public var retryAfter: Duration?

    public init(receiver: String, message: String, disposition: Disposition = .retry, retryAfter: Duration? = nil) {
        self.receiver = receiver
        self.message = message
        self.disposition = disposition
        self.retryAfter = retryAfter
    }

    /// A stopped attempt.
    public static func cancelled(_ receiver: String) -> DeliveryError {
        DeliveryError(receiver: receiver, message: "stopped by shutdown", disposition: .cancelled)
    }

    public var description: String { "receiver \(receiver): \(message)" }
}
