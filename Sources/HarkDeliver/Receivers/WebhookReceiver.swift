import Foundation
import HarkCore
public import HarkHTTP

/// Delivers the notification payload as JSON to a webhook (see `WebhookSettings`).
public struct WebhookReceiver: Receiver {
    public let name: String
    let settings: WebhookSettings
    let http: HTTPDelivery

    public init(name: String, settings: WebhookSettings, driver: CurlDriver) {
        self.name = name
        self.settings = settings
        http = HTTPDelivery(driver: driver, receiver: name, timeout: settings.timeout)
    }

    public func deliver(_ notification: OutgoingNotification) async throws(DeliveryError) {
        let url = try settings.url.resolve(for: name, "the webhook URL")
        let body = JSONWriter.bytes(notification.payload)
        var headers = HTTPHeaders()
        var secrets = [url]
        for (header, value) in settings.headers {
            let resolved = try value.resolve(for: name, "header \(header)")
            if case .literal = value.source {} else { secrets.append(resolved) }
            headers.add(header, resolved)
        }
        headers.set("Content-Type", "application/json")
        headers.set("X-Hark-Notification-Id", notification.id)
        if let secret = settings.hmacSecret {
            let key = try secret.resolve(for: name, "the HMAC secret")
            secrets.append(key)
            headers.set("X-Hark-Signature", "sha256=" + HMACSHA256.authenticate(body, key: Array(key.utf8)).hexString)
        }
        try await http.post(url: url, headers: headers, body: body, secrets: secrets)
    }
}
