public import HarkCore

/// The `demand:` section of a rules file: which pattern files to load.
///
/// hark ships `rules/demand/en.yaml` and `rules/demand/zh.yaml`; a team adds its own file (brand
/// names to trim, product phrasings) by listing it here, or turns demand detection off.
public struct DemandSettings: Sendable, Hashable {
    /// A pattern file named in the section, with where it was named for "not found" errors.
    public struct PatternFile: Sendable, Hashable {
        /// The path as written, relative to `rules/`.
        public var path: String
        /// Where the path was written.
        public var position: SourcePosition

        /// Creates a reference to a pattern file.
        public init(path: String, position: SourcePosition) {
            self.path = path
            self.position = position
        }
    }

    /// The files shipped with hark, used when the section names none.
    public static let standardFiles = ["demand/en.yaml", "demand/zh.yaml"]

    /// Whether demand detection runs at all.
    public var enabled: Bool
    /// Pattern files in load order.
    public var patternFiles: [PatternFile]

    /// Creates settings.
    public init(enabled: Bool = true, patternFiles: [PatternFile]) {
        self.enabled = enabled
        self.patternFiles = patternFiles
    }

    /// Reads `demand: { patterns: [demand/en.yaml, …], enabled: true }`; unknown keys are errors.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> DemandSettings {
        var section = try node.mapping("demand")
        var enabled = true
        if let value = section.optional("enabled") { enabled = try value.bool("enabled") }
        var files: [PatternFile] = []
        if let value = section.optional("patterns") {
            for item in try value.list("patterns") {
                let path = try item.string("pattern file path")
                if path.isEmpty { throw ConfigError("expected a pattern file path, found nothing", at: item.position) }
                files.append(PatternFile(path: path, position: item.position))
            }
            if files.isEmpty {
                throw ConfigError(
                    "'patterns' lists no files; remove it to use \(standardFiles.joined(separator: " and "))",
                    at: value.position)
            }
        } else {
            files = standardFiles.map { PatternFile(path: $0, position: node.position) }
        }
        try section.rejectUnknownKeys()
        return DemandSettings(enabled: enabled, patternFiles: files)
    }
}
