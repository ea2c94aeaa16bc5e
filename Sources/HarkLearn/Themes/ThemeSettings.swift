public import HarkCore

/// The `themes:` section of a rules file: how demand mentions are grouped into themes, when a theme
/// is worth reporting, and the themes a team names up front.
///
/// ```yaml
/// themes:
///   settings:
///     min_authors: 2          # distinct people before a theme is reported ("emerging")
///     similarity: 0.2         # how close a demand must be to a theme to join it (0–1)
///     merge_similarity: 0.3   # how close two themes must be to become one
///     growth_window: 7d       # growth = askers in the last window / askers in the window before
///     growth_factor: 2        # growth at which a "growing fast" alert fires …
///     growth_min_authors: 5   # … once at least this many people asked in the last window
///     ignore: [CineClub]      # brand names and words never clustered on
///     max_future: 1h          # event times later than arrival + this are clamped
///     max_age: 365d           # event times older than arrival − this are clamped
///     max_themes: 10000       # themes kept in memory; the quietest small ones are retired first
///   pinned:
///     - name: guest-pass
///       label: "guest passes"
///       seeds: ["bring a friend", "guest pass", "plus one", "带朋友"]
/// ```
///
/// Every key has a default that works, so an absent section means "find themes on your own, report
/// them from two distinct people on".
public struct ThemeSettings: Sendable, Hashable {
    /// Distinct authors a theme needs before it is reported. Two by default: one person repeating
    /// themselves is not a theme, two strangers asking for the same thing already is.
    public var minAuthors: Int
    /// Cosine similarity (term weights by online inverse document frequency) a demand needs with a
    /// theme's centroid to join it; below it the demand starts a theme of its own.
    public var similarity: Double
    /// Cosine similarity between two themes' centroids at which they merge.
    public var mergeSimilarity: Double
    /// The growth window (`W`): growth compares distinct askers in the last `W` with the `W` before.
    public var growthWindow: Duration
    /// Growth at which a "growing fast" event fires.
    public var growthFactor: Double
    /// Distinct askers in the last window needed before a "growing fast" event fires: doubling from
    /// one to two people is not news.
    public var growthMinAuthors: Int
    /// Words never clustered on (brand names, product names every request mentions), folded.
    public var ignore: [String]
    /// How far past the arrival time an event time may lie before it is clamped.
    public var maxFuture: Duration
    /// How far before the arrival time an event time may lie before it is clamped.
    public var maxAge: Duration
    /// Themes kept in memory at most.
    public var maxThemes: Int
    /// Themes named in the rules, present from the start.
    public var pinned: [PinnedTheme]

    /// Settings with the documented defaults.
    public init(
        minAuthors: Int = 2, similarity: Double = ThemeSettings.defaultSimilarity,
        mergeSimilarity: Double = ThemeSettings.defaultMergeSimilarity, growthWindow: Duration = .seconds(7 * 86_400),
        growthFactor: Double = 2, growthMinAuthors: Int = 5, ignore: [String] = [], maxFuture: Duration = .seconds(3_600),
        maxAge: Duration = .seconds(365 * 86_400), maxThemes: Int = 10_000, pinned: [PinnedTheme] = []
    ) {
        self.minAuthors = minAuthors
        self.similarity = similarity
        self.mergeSimilarity = mergeSimilarity
        self.growthWindow = growthWindow
        self.growthFactor = growthFactor
        self.growthMinAuthors = growthMinAuthors
        self.ignore = ignore
        self.maxFuture = maxFuture
        self.maxAge = maxAge
        self.maxThemes = maxThemes
        self.pinned = pinned
    }

    /// The default joining similarity, chosen on the tuning split of `Benchmarks/demand/eval.jsonl`
    /// (cosine values are low because a request has a handful of terms and a centroid many).
    public static let defaultSimilarity = 0.2
    /// The default merging similarity: stricter than joining, since a merge cannot be undone.
    public static let defaultMergeSimilarity = 0.3

    /// Reads a `themes:` section; unknown keys and values that could not work are errors with their
    /// position and, for misspelled keys, a suggestion.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> ThemeSettings {
        var section = try node.mapping("themes")
        var settings = ThemeSettings()
        if let value = section.optional("settings") {
            try settings.read(value)
        }
        if let value = section.optional("pinned") {
            var seen: [String: SourcePosition] = [:]
            for item in try value.list("pinned themes") {
                let pinned = try PinnedTheme.parse(item)
                if let earlier = seen[pinned.name] {
                    throw ConfigError(
                        "pinned theme '\(pinned.name)' is defined twice (first at \(earlier))", at: pinned.position)
                }
                seen[pinned.name] = pinned.position
                settings.pinned.append(pinned)
            }
        }
        try section.rejectUnknownKeys()
        return settings
    }

    private mutating func read(_ node: ConfigNode) throws(ConfigError) {
        var mapping = try node.mapping("themes settings")
        if let value = mapping.optional("min_authors") {
            minAuthors = try value.int("min_authors")
            guard minAuthors >= 1 else {
                throw ConfigError("min_authors must be 1 or more, found \(minAuthors)", at: value.position)
            }
        }
        if let value = mapping.optional("similarity") {
            similarity = try Self.fraction(value, "similarity")
        }
        if let value = mapping.optional("merge_similarity") {
            mergeSimilarity = try Self.fraction(value, "merge_similarity")
        }
        if let value = mapping.optional("growth_window") {
            growthWindow = try value.duration("growth_window")
            guard growthWindow >= .seconds(7) else {
                throw ConfigError("growth_window must be at least 7s, found '\(try value.string())'", at: value.position)
            }
        }
        if let value = mapping.optional("growth_factor") {
            growthFactor = try value.double("growth_factor")
            guard growthFactor.isFinite, growthFactor > 1 else {
                throw ConfigError("growth_factor must be a number above 1, found \(growthFactor)", at: value.position)
            }
        }
        if let value = mapping.optional("growth_min_authors") {
            growthMinAuthors = try value.int("growth_min_authors")
            guard growthMinAuthors >= 1 else {
                throw ConfigError("growth_min_authors must be 1 or more, found \(growthMinAuthors)", at: value.position)
            }
        }
        if let value = mapping.optional("ignore") {
            for item in try value.list("ignore") {
                let word = try item.string("an ignored word")
                guard !ThemeTerms.fold(word).isEmpty else {
                    throw ConfigError("ignored word '\(word)' has no letters or digits", at: item.position)
                }
                ignore.append(word)
            }
        }
        if let value = mapping.optional("max_future") { maxFuture = try value.duration("max_future") }
        if let value = mapping.optional("max_age") {
            maxAge = try value.duration("max_age")
            guard maxAge > .zero else { throw ConfigError("max_age must be above 0", at: value.position) }
        }
        if let value = mapping.optional("max_themes") {
            maxThemes = try value.int("max_themes")
            guard maxThemes >= 100 else {
                throw ConfigError("max_themes must be at least 100, found \(maxThemes)", at: value.position)
            }
        }
        try mapping.rejectUnknownKeys()
    }

    private static func fraction(_ node: ConfigNode, _ what: String) throws(ConfigError) -> Double {
        let value = try node.double(what)
        guard value.isFinite, value > 0, value <= 1 else {
            throw ConfigError("\(what) must be a number above 0 and at most 1, found \(value)", at: node.position)
        }
        return value
    }
}
