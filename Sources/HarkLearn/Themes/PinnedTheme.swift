public import HarkCore

/// A theme a team names in the rules before anyone asks: it exists from day one, keeps its name as
/// its id and its given label, and every demand that contains one of its seed phrases joins it.
///
/// Pinning is how a product team says "we already know about guest passes, count them for us":
/// the seeds catch phrasings the clustering might keep apart (`bring a friend`, `plus one`, `带朋友`).
public struct PinnedTheme: Sendable, Hashable {
    /// The theme's id and route label value (`theme: guest-pass`).
    public var name: String
    /// The label shown in alerts and `hark themes`; the name when not given.
    public var label: String
    /// Phrases whose presence in a demand puts it in this theme.
    public var seeds: [String]
    /// Where the theme was defined.
    public var position: SourcePosition

    /// Creates a pinned theme.
    public init(name: String, label: String? = nil, seeds: [String], position: SourcePosition) {
        self.name = name
        self.label = label ?? name
        self.seeds = seeds
        self.position = position
    }

    /// Reads one `- name: …, label: …, seeds: […]` item.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> PinnedTheme {
        var mapping = try node.mapping("pinned theme")
        let nameNode = try mapping.required("name")
        let name = try nameNode.string("pinned theme name")
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard !name.isEmpty, allowed else {
            throw ConfigError(
                "pinned theme name '\(name)' must be lower-case letters, digits, '-' and '_' (it is a label value)",
                at: nameNode.position)
        }
        guard !name.hasPrefix("t-") else {
            throw ConfigError(
                "pinned theme name '\(name)' must not start with 't-', which discovered themes use",
                at: nameNode.position)
        }
        var label: String?
        if let value = mapping.optional("label") {
            let text = try value.string("label")
            guard !text.allSatisfy(\.isWhitespace) else {
                throw ConfigError("label is empty; remove it to use the name", at: value.position)
            }
            label = text
        }
        let seedsNode = try mapping.required("seeds")
        var seeds: [String] = []
        for item in try seedsNode.list("seeds") {
            let seed = try item.string("a seed phrase")
            guard !ThemeTerms.fold(seed).isEmpty else {
                throw ConfigError("seed '\(seed)' has no letters, digits or Chinese characters", at: item.position)
            }
            seeds.append(seed)
        }
        guard !seeds.isEmpty else {
            throw ConfigError("pinned theme '\(name)' lists no seeds", at: seedsNode.position)
        }
        try mapping.rejectUnknownKeys()
        return PinnedTheme(name: name, label: label, seeds: seeds, position: node.position)
    }
}
