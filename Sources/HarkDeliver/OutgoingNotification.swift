public import Foundation
public import HarkCore

/// A notification the routing side has decided to send: which receiver, a stable id, and the
/// payload in the shape of the SPEC's "Alert payload".
///
/// The id is what makes delivery idempotent: the outbox stores a (receiver, id) pair once, webhook
/// receivers see it as `X-Hark-Notification-Id`, and e-mails derive their Message-ID from it. The
/// routing side must give the same notification the same id every time it decides it (after a
/// restart too), and different notifications different ids.
public struct OutgoingNotification: Sendable, Hashable {
    /// Stable and unique per receiver.
    public var id: String
    /// The receiver's name, as in the `receivers:` section.
    public var receiver: String
    /// `{ "receiver", "group_key", "status", "alerts": [...] }`.
    public var payload: JSONValue
    /// When routing decided to send it; expiry counts from here.
    public var createdAt: Date
    /// Sent as it is even to a receiver that takes digests: a notice to someone who asked for a
    /// theme is a message to that person, not material for a summary.
    public var immediate: Bool

    public init(id: String, receiver: String, payload: JSONValue, createdAt: Date, immediate: Bool = false) {
        self.id = id
        self.receiver = receiver
        self.payload = payload
        self.createdAt = createdAt
        self.immediate = immediate
    }
}
