/// A receiver that asked for a digest: delivers like the receiver it wraps, and tells the outbox
/// (through `digest`) to gather its alerts into one summary per period.
struct DigestingReceiver: Receiver {
    let inner: any Receiver
    let settings: DigestSettings

    var name: String { inner.name }
    var batchSize: Int { inner.batchSize }
    var digest: DigestSettings? { settings }

    func deliver(_ notification: OutgoingNotification) async throws(DeliveryError) {
        try await inner.deliver(notification)
    }

    func deliver(batch: [OutgoingNotification]) async -> [DeliveryError?] {
        await inner.deliver(batch: batch)
    }
}
