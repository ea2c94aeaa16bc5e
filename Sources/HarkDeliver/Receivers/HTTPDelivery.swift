import Foundation
import HarkCore
import HarkHTTP

/// One POST of a notification through the shared curl driver, with the answer classified the way
/// Alertmanager does: 2xx delivered; 408, 425, 429 and 5xx retried (honouring `Retry-After`); any
/// other status refused for good.
struct HTTPDelivery: Sendable {
    let driver: CurlDriver
    let receiver: String
    let timeout: Duration

    func post(url: String, headers: HTTPHeaders, body: [UInt8], secrets: [String]) async throws(DeliveryError) {
        let limits = TransferLimits(
            connectTimeout: min(timeout, .seconds(10)), totalTimeout: timeout, stallTimeout: timeout,
            maxResponseBytes: 1 << 20, maxRedirects: 0)
        let request = HTTPRequest(url: url, method: .post, headers: headers, body: body, limits: limits)
        let response: HTTPResponse
        do {
            response = try await driver.perform(request)
        } catch {
            if error.kind == .cancelled || error.kind == .shutdown || Task.isCancelled {
                throw DeliveryError.cancelled(receiver)
            }
            let disposition: DeliveryError.Disposition =
                error.kind == .invalidURL || error.kind == .unsupportedProtocol || error.kind == .invalidRequest
                ? .permanent : .retry
            throw DeliveryError(
                receiver: receiver,
                message:
                    "POST to \(Redaction.url(url)) failed: \(Redaction.describe(error, url: url, secrets: secrets))",
                disposition: disposition)
        }
        let status = response.status
        if (200..<300).contains(status) { return }
        let excerpt = Self.excerpt(response.body)
        let detail = excerpt.isEmpty ? "" : ": \(Redaction.scrub(excerpt, url: url, secrets: secrets))"
        let message = "POST to \(Redaction.url(url)) answered \(status)\(detail)"
        let retryable = status == 408 || status == 425 || status == 429 || status >= 500
        throw DeliveryError(
            receiver: receiver, message: message, disposition: retryable ? .retry : .permanent,
            retryAfter: retryable ? Self.retryAfter(response.headers["Retry-After"]) : nil)
    }

    /// The start of an error body, on one line: servers often say what they disliked.
    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// `Retry-After` in seconds (dates are rare from webhook endpoints and are ignored).
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(min(seconds, 24 * 3600))
    }
}

extension SecretValue {
    /// The secret now, or a retryable delivery error naming where it should have come from.
    func resolve(for receiver: String, _ what: String) throws(DeliveryError) -> String {
        do {
            return try resolve()
        } catch {
            throw DeliveryError(receiver: receiver, message: "cannot read \(what): \(error.message)")
        }
    }
}
