public import HarkCore
public import HarkHTTP
import Foundation

/// The keys every connector file shares, read and checked once; the type-specific rest is left
/// in `options` for the connector type to read.
public struct ConnectorDefinition: Sendable {
    public var name: String
    public var type: String
    public var url: String?
    /// How often to poll.
    public var every: Duration
    /// How long the source may go without a new item before hark says it is listening blind; nil
    /// lets hark derive it from the source's own history (`expect_every:` in the file).
    public var expectEvery: Duration?
    public var headers: [HeaderSpec]
    public var tags: [String]
    public var language: String?
    public var enabled: Bool
    public var limits: TransferLimits
    /// Where the file defined the connector (its `name` key when present).
    public var position: SourcePosition
    /// The whole mapping, for the type's own keys (`options.rejectUnknownKeys()` when done).
    public var options: ConfigMapping
    /// The configuration directory the file was loaded from; relative paths in a connector file
    /// (an `exec` program, a secret file) resolve against it, not against the daemon's working directory.
    public var configDirectory: String

    /// Keys handled here; connector types must not reuse them with another meaning.
    public static let commonKeys = [
        "name", "type", "url", "every", "headers", "tags", "language", "enabled", "timeout", "stall_timeout",
        "max_bytes", "expect_every",
    ]

    /// Reads the common keys of a connector file's top-level mapping.
    public init(node: ConfigNode, configDirectory: String = ".") throws(ConfigError) {
        self.configDirectory = configDirectory
        var mapping = try node.mapping("connector file")
        let nameNode = try mapping.required("name")
        name = try nameNode.string("name")
        guard Self.isValidName(name) else {
            throw ConfigError(
                "connector name '\(name)' may only hold letters, digits, '-', '_' and '.'", at: nameNode.position)
        }
        type = try mapping.required("type").string("type")
        if let urlNode = mapping.optional("url") {
            let text = try urlNode.string("url")
            guard let scheme = text.split(separator: ":", maxSplits: 1).first?.lowercased(),
                scheme == "http" || scheme == "https", text.contains("://")
            else {
                throw ConfigError("url must start with http:// or https://, found '\(text)'", at: urlNode.position)
            }
            url = text
        } else {
            url = nil
        }
        every = .seconds(300)
        if let everyNode = mapping.optional("every") {
            every = try everyNode.duration("every")
            guard every >= .seconds(1) else {
                throw ConfigError("every must be at least 1s", at: everyNode.position)
            }
        }
        if let expectNode = mapping.optional("expect_every") {
            let expected = try expectNode.duration("expect_every")
            guard expected >= every else {
                throw ConfigError(
                    "expect_every must be at least the poll interval (every: \(DurationText.format(every)))",
                    at: expectNode.position)
            }
            expectEvery = expected
        } else {
            expectEvery = nil
        }
        headers = []
        if let headersNode = mapping.optional("headers") {
            for entry in try headersNode.entries("headers") {
                headers.append(HeaderSpec(name: entry.key, value: try SecretValue(node: entry.value)))
            }
        }
        tags = try mapping.optional("tags")?.stringList("tags") ?? []
        language = try mapping.optional("language")?.string("language")
        enabled = try mapping.optional("enabled")?.bool("enabled") ?? true
        limits = TransferLimits()
        if let timeout = try mapping.optional("timeout")?.duration("timeout") { limits.totalTimeout = timeout }
        if let stall = try mapping.optional("stall_timeout")?.duration("stall_timeout") { limits.stallTimeout = stall }
        if let maxBytes = mapping.optional("max_bytes") {
            limits.maxResponseBytes = try ByteCount.parse(maxBytes)
        }
        position = nameNode.position
        options = mapping
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    /// The URL, or an error at the definition when the type needs one and the file gave none.
    public func requireURL() throws(ConfigError) -> String {
        guard let url else { throw ConfigError("connector type '\(type)' needs a 'url'", at: position) }
        return url
    }
}

/// One request header from a connector file; its value may be a secret kept outside the file.
public struct HeaderSpec: Sendable {
    public var name: String
    public var value: SecretValue
}

/// Sizes as written in configuration: `16MB`, `512k`, `1048576`.
enum ByteCount {
    static func parse(_ node: ConfigNode) throws(ConfigError) -> Int {
        let text = try node.string("size").trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int)] = [
            ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("kb", 1000), ("mb", 1_000_000),
            ("gb", 1_000_000_000), ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1),
        ]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 {
                return Int(value * Double(scale))
            }
        }
        if let value = Int(text), value > 0 { return value }
        throw ConfigError("expected a size like 512k or 16MB, found '\(text)'", at: node.position)
    }
}
