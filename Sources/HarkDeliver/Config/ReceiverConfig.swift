import Foundation
public import HarkCore

/// One entry of the `receivers:` section: a name, exactly one kind with its settings, and optionally
/// a named template and a retry policy.
///
/// ```yaml
/// receivers:
///   - name: frontline
///     slack: { webhook_url_file: /run/credentials/hark.service/slack-frontline }
///     template: frontline                      # optional, from the templates: section
///   - name: lead
///     email: { url: "smtps://smtp.example.com", from: "hark@example.com", to: ["lead@example.com"],
///              username: hark, password_env: SMTP_PASSWORD }
///   - name: product
///     webhook: { url: "https://hooks.example.com/hark", hmac_secret_env: HOOK_KEY }
///     retry: { initial: 30s, max: 30m, expire: 24h }
///   - name: pager
///     exec: { command: ["scripts/page", "--team", "payments"], timeout: 30s }
///   - name: audit
///     file: { path: audit.jsonl }
///   - name: console
///     stdout: {}
///   - name: leadership                         # one summary a day instead of live alerts
///     email: { url: "smtps://smtp.example.com", from: "hark@example.com", to: ["ceo@example.com"] }
///     digest: { every: 24h, at: "09:00", sections: [themes, sentiment, spikes] }
/// ```
///
/// Secrets are referenced, never resolved here: `hark check` must pass on a machine without the
/// production credentials, and a rotated credential is read at the next delivery.
public struct ReceiverConfig: Sendable {
    /// What kind of receiver, with its settings.
    public enum Kind: Sendable {
        case webhook(WebhookSettings)
        case slack(SlackSettings)
        case email(EmailSettings)
        case exec(ExecSettings)
        case file(FileSettings)
        case stdout

        /// The key that names this kind in a rule file.
        public var name: String {
            switch self {
            case .webhook: "webhook"
            case .slack: "slack"
            case .email: "email"
            case .exec: "exec"
            case .file: "file"
            case .stdout: "stdout"
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// A template name from the `templates:` section, or nil for the built-in one.
    public var template: String?
    /// Where `template:` was written, for errors about an unknown name.
    public var templatePosition: SourcePosition?
    public var retry: RetryPolicy
    /// Set when the receiver wants a periodic digest instead of live notifications.
    public var digest: DigestSettings?
    /// Where the entry starts.
    public var position: SourcePosition

    public init(
        name: String, kind: Kind, template: String? = nil, retry: RetryPolicy = RetryPolicy(),
        position: SourcePosition = SourcePosition(file: "<receiver>", line: 1, column: 1)
    ) {
        self.name = name
        self.kind = kind
        self.template = template
        self.retry = retry
        self.position = position
    }

    /// The kinds hark ships.
    public static let kindNames = ["webhook", "slack", "email", "exec", "file", "stdout"]

    /// Reads one entry of a `receivers:` list.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> ReceiverConfig {
        var mapping = try node.mapping("receiver")
        let nameNode = try mapping.required("name")
        let name = try nameNode.string("name")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigError("a receiver needs a non-empty name", at: nameNode.position)
        }
        var kinds: [(key: String, node: ConfigNode)] = []
        for entry in mapping.entries
        where kindNames.contains(entry.key) && !kinds.contains(where: { $0.key == entry.key }) {
            kinds.append((entry.key, entry.value))
            mapping.allow(entry.key)
        }
        let templateNode = mapping.optional("template")
        let template = try templateNode?.string("template")
        let retry = try mapping.optional("retry").map { node throws(ConfigError) in try RetryPolicy.parse(node) }
        let digest = try mapping.optional("digest").map { node throws(ConfigError) in try DigestSettings.parse(node) }
        try mapping.rejectUnknownKeys(known: kindNames)
        guard let (key, kindNode) = kinds.first else {
            throw ConfigError(
                "receiver '\(name)' needs one of \(kindNames.joined(separator: ", "))", at: node.position)
        }
        if kinds.count > 1 {
            let second = mapping.entries.last { $0.key == kinds[1].key }?.keyPosition ?? node.position
            throw ConfigError(
                "receiver '\(name)' has both \(key) and \(kinds[1].key); define two receivers instead", at: second)
        }
        let kind: Kind
        switch key {
        case "webhook": kind = .webhook(try WebhookSettings.parse(kindNode))
        case "slack": kind = .slack(try SlackSettings.parse(kindNode))
        case "email": kind = .email(try EmailSettings.parse(kindNode))
        case "exec": kind = .exec(try ExecSettings.parse(kindNode))
        case "file": kind = .file(try FileSettings.parse(kindNode))
        default:
            let options = try kindNode.mapping("stdout")
            try options.rejectUnknownKeys()
            kind = .stdout
        }
        var config = ReceiverConfig(
            name: name, kind: kind, template: template, retry: retry ?? RetryPolicy(), position: node.position)
        config.templatePosition = templateNode?.position
        config.digest = digest
        return config
    }

    /// Reads a whole `receivers:` list, collecting every error (so `hark check` shows them all) and
    /// rejecting a name used twice.
    public static func parseList(_ node: ConfigNode) -> ([ReceiverConfig], [ConfigError]) {
        let items: [ConfigNode]
        do {
            items = try node.list("receivers")
        } catch {
            return ([], [error])
        }
        var receivers: [ReceiverConfig] = []
        var errors: [ConfigError] = []
        var seen: [String: SourcePosition] = [:]
        for item in items {
            do {
                let receiver = try parse(item)
                if let first = seen[receiver.name] {
                    errors.append(
                        ConfigError(
                            "receiver '\(receiver.name)' is defined twice (first at \(first))", at: receiver.position))
                    continue
                }
                seen[receiver.name] = receiver.position
                receivers.append(receiver)
            } catch {
                errors.append(error)
            }
        }
        return (receivers, errors)
    }
}
