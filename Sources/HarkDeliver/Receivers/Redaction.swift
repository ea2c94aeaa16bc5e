import Foundation
import HarkHTTP

/// Keeps secrets out of logs and errors.
///
/// Webhook URLs often are credentials (Slack's are; many others carry a token in the path or query),
/// so a URL is only ever shown as scheme and host, and a transfer error's text is scrubbed of the
/// full URL and its path before it is shown.
enum Redaction {
    /// `https://hooks.slack.com/…`: scheme and host, nothing that could be a token.
    static func url(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "<url>" }
        let scheme = url[..<schemeEnd.lowerBound]
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let rest = url[schemeEnd.upperBound...].dropFirst(authority.count)
        return "\(scheme)://\(authority)" + (rest.isEmpty || rest == "/" ? "" : "/…")
    }

    /// A transfer error as text without the URL's secret parts.
    static func describe(_ error: TransferError, url: String, secrets: [String] = []) -> String {
        scrub("\(error.message)", url: url, secrets: secrets)
    }

    /// `text` with the URL (and each of `secrets`) replaced by their redacted form.
    static func scrub(_ text: String, url: String, secrets: [String] = []) -> String {
        var text = text
        let safe = self.url(url)
        if !url.isEmpty { text = text.replacingOccurrences(of: url, with: safe) }
        if let schemeEnd = url.range(of: "://"),
            let pathStart = url[schemeEnd.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" })
        {
            let path = String(url[pathStart...])
            if path.count > 1 { text = text.replacingOccurrences(of: path, with: "/…") }
        }
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text
    }
}
