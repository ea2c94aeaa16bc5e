public import HarkCore

/// A `webhook:` receiver: POSTs the notification payload as JSON.
///
/// ```yaml
/// - name: product
///   webhook:
///     url_file: /run/credentials/hark.service/product-hook   # or url_env, or url (literal)
///     headers: { Authorization: { env: HOOK_TOKEN, prefix: "Bearer " } }
///     hmac_secret_file: /run/credentials/hark.service/hook-key   # or hmac_secret_env
///     timeout: 10s
/// ```
///
/// `url` may be written literally because many webhook endpoints are not secret (an internal
/// service); anything that embeds a token belongs in `url_file`/`url_env`. Either way a URL is
/// shown in logs and errors as scheme and host only. With an HMAC secret every request carries
/// `X-Hark-Signature: sha256=<hex HMAC-SHA256 of the body>`; every request carries
/// `X-Hark-Notification-Id` for de-duplication.
public struct WebhookSettings: Sendable {
    public var url: SecretValue
    /// Extra request headers; values may come from files or the environment.
    public var headers: [(name: String, value: SecretValue)]
    public var hmacSecret: SecretValue?
    /// Time allowed for the whole request.
    public var timeout: Duration

    /// Long enough for a busy endpoint, short enough that a dead one fails fast and is retried.
    public static let defaultTimeout: Duration = .seconds(10)

    public init(
        url: SecretValue, headers: [(name: String, value: SecretValue)] = [], hmacSecret: SecretValue? = nil,
        timeout: Duration = WebhookSettings.defaultTimeout
    ) {
        self.url = url
        self.headers = headers
        self.hmacSecret = hmacSecret
        self.timeout = timeout
    }

    static func parse(_ node: ConfigNode) throws(ConfigError) -> WebhookSettings {
        var mapping = try node.mapping("webhook")
        guard let url = try SecretKeys.read("url", from: &mapping, literal: true, what: "the webhook URL") else {
            throw ConfigError("webhook needs url, url_file or url_env", at: node.position)
        }
        if case .literal(let text) = url.source {
            let lowered = text.lowercased()
            guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
                throw ConfigError("webhook url must start with http:// or https://", at: url.position)
            }
        }
        var headers: [(name: String, value: SecretValue)] = []
        if let headersNode = mapping.optional("headers") {
            for entry in try headersNode.entries("headers") {
                guard !entry.key.isEmpty,
                    entry.key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
                else {
                    throw ConfigError("'\(entry.key)' is not a valid header name", at: entry.keyPosition)
                }
                headers.append((entry.key, try SecretValue(node: entry.value)))
            }
        }
        let hmac = try SecretKeys.read("hmac_secret", from: &mapping, literal: false, what: "the HMAC secret")
        let timeout = try mapping.optional("timeout")?.duration("timeout") ?? defaultTimeout
        try mapping.rejectUnknownKeys()
        return WebhookSettings(url: url, headers: headers, hmacSecret: hmac, timeout: timeout)
    }
}
