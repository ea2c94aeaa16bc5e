import Foundation

/// A value given inline, or read at use time from an environment variable or a file
/// (systemd `LoadCredential=`), so tokens never sit in files that get committed and reviewed.
///
/// ```yaml
/// headers:
///   User-Agent: "my-brand-listener"
///   Authorization: { env: REDDIT_TOKEN, prefix: "Bearer " }
///   X-Api-Key: { file: /run/credentials/hark.service/api-key }
/// ```
public struct SecretValue: Sendable {
    public enum Source: Sendable {
        case literal(String)
        case environment(String)
        case file(String)
    }

    public var source: Source
    public var prefix: String
    public var position: SourcePosition

    /// A secret from its parts, for values read from keys like `password_env` or `url_file`.
    public init(_ source: Source, prefix: String = "", at position: SourcePosition) {
        self.source = source
        self.prefix = prefix
        self.position = position
    }

    public init(node: ConfigNode) throws(ConfigError) {
        position = node.position
        prefix = ""
        if case .scalar(let text) = node.kind {
            source = .literal(text)
            return
        }
        var mapping = try node.mapping("header value")
        prefix = try mapping.optional("prefix")?.string("prefix") ?? ""
        if let name = try mapping.optional("env")?.string("env") {
            source = .environment(name)
        } else if let path = try mapping.optional("file")?.string("file") {
            source = .file(path)
        } else if let value = try mapping.optional("value")?.string("value") {
            source = .literal(value)
        } else {
            throw ConfigError("a header value needs 'env', 'file' or 'value'", at: node.position)
        }
        try mapping.rejectUnknownKeys()
    }

    /// The value now. Errors name the variable or file, never the secret.
    public func resolve() throws(ConfigError) -> String {
        switch source {
        case .literal(let text):
            return prefix + text
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw ConfigError("environment variable \(name) is not set", at: position)
            }
            return prefix + value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError("cannot read secret file \(path)", at: position)
            }
            return prefix + String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
