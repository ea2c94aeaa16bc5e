import Foundation
public import HarkCore

/// An `email:` receiver: sends a multipart (plain text + HTML) e-mail over SMTP through libcurl.
///
/// ```yaml
/// - name: lead
///   email:
///     url: "smtps://smtp.example.com"          # TLS from the start (port 465)
///     # url: "smtp://smtp.example.com:587"     # with starttls: true to require STARTTLS
///     from: "hark <hark@example.com>"
///     to: ["lead@example.com", "ops@example.com"]
///     username: hark@example.com
///     password_env: SMTP_PASSWORD               # or password_file: /run/credentials/hark.service/smtp
///     subject: "[hark] {{title}}"               # optional; a Mustache template
///     ca_file: /etc/hark/relay-ca.pem           # optional: trust this CA (PEM) instead of the system's
/// ```
///
/// A password is never sent in the clear: with `smtp://` to anything but a loopback address, a
/// password requires `starttls: true`.
public struct EmailSettings: Sendable {
    public var url: String
    /// The envelope sender, a bare address.
    public var from: String
    /// The `From:` display name, if `from` had one (`Name <address>`).
    public var fromName: String?
    public var to: [String]
    public var username: String?
    public var password: SecretValue?
    public var requireStartTLS: Bool
    /// CA certificates (PEM) to verify the server with instead of the system's; relative paths are
    /// resolved against the configuration directory by `ReceiverFactory`.
    public var caFile: String?
    /// A subject template for this receiver, overriding the named or default template's.
    public var subject: TemplatePart?
    public var timeout: Duration

    public init(
        url: String, from: String, fromName: String? = nil, to: [String], username: String? = nil,
        password: SecretValue? = nil, requireStartTLS: Bool = false, caFile: String? = nil,
        subject: TemplatePart? = nil, timeout: Duration = .seconds(30)
    ) {
        self.url = url
        self.from = from
        self.fromName = fromName
        self.to = to
        self.username = username
        self.password = password
        self.requireStartTLS = requireStartTLS
        self.caFile = caFile
        self.subject = subject
        self.timeout = timeout
    }

    static func parse(_ node: ConfigNode) throws(ConfigError) -> EmailSettings {
        var mapping = try node.mapping("email")
        let urlNode = try mapping.required("url")
        let url = try urlNode.string("url")
        let lowered = url.lowercased()
        guard lowered.hasPrefix("smtp://") || lowered.hasPrefix("smtps://") else {
            throw ConfigError("email url must start with smtp:// or smtps://", at: urlNode.position)
        }
        guard let host = Self.host(of: url), !host.isEmpty else {
            throw ConfigError("email url names no host", at: urlNode.position)
        }
        if url.dropFirst(lowered.hasPrefix("smtps") ? 8 : 7).contains("@") {
            throw ConfigError(
                "put the SMTP login in username and password_env/password_file, not in the url", at: urlNode.position)
        }
        let fromNode = try mapping.required("from")
        let (fromName, from) = try Self.address(fromNode, "from")
        var to: [String] = []
        let toNode = try mapping.required("to")
        for item in try toNode.list("to") { to.append(try Self.address(item, "to").address) }
        guard !to.isEmpty else { throw ConfigError("email needs at least one address in to", at: toNode.position) }
        let username = try mapping.optional("username")?.string("username")
        let password = try SecretKeys.read("password", from: &mapping, literal: false, what: "an SMTP password")
        let startTLS = try mapping.optional("starttls")?.bool("starttls") ?? false
        var subject: TemplatePart?
        if let subjectNode = mapping.optional("subject") {
            do {
                subject = try TemplatePart(
                    role: .subject, source: try subjectNode.string("subject"), origin: "email subject")
            } catch let error as TemplateSyntaxError {
                throw ConfigError("email subject: \(error)", at: subjectNode.position)
            } catch let error as ConfigError {
                throw error
            } catch {
                throw ConfigError("email subject: \(error)", at: subjectNode.position)
            }
        }
        let timeout = try mapping.optional("timeout")?.duration("timeout") ?? .seconds(30)
        let caFile = try mapping.optional("ca_file")?.string("ca_file")
        try mapping.rejectUnknownKeys()
        if let password, lowered.hasPrefix("smtp://"), !startTLS, !Self.isLoopback(host) {
            throw ConfigError(
                "refusing to send an SMTP password unencrypted: use smtps:// or add starttls: true",
                at: password.position)
        }
        if startTLS, lowered.hasPrefix("smtps://") {
            throw ConfigError(
                "starttls is for smtp:// URLs; smtps:// is encrypted from the start", at: urlNode.position)
        }
        return EmailSettings(
            url: url, from: from, fromName: fromName, to: to, username: username, password: password,
            requireStartTLS: startTLS, caFile: caFile, subject: subject, timeout: timeout)
    }

    /// `Name <address>` or `address`, checked to be a plain address.
    static func address(_ node: ConfigNode, _ key: String) throws(ConfigError) -> (name: String?, address: String) {
        let text = try node.string(key).trimmingCharacters(in: .whitespaces)
        var name: String?
        var address = text
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            let display = text[..<open].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            name = display.isEmpty ? nil : display
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let clean = address.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value != 0x7F && !"<>,;\"".unicodeScalars.contains($0)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, clean else {
            throw ConfigError("'\(text)' is not an e-mail address like name@example.com", at: node.position)
        }
        return (name, address)
    }

    static func host(of url: String) -> String? {
        guard let start = url.range(of: "://")?.upperBound else { return nil }
        var authority = url[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.prefix { $0 != ":" }).lowercased()
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
