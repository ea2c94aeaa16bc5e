import Foundation
public import HarkCore

/// The `abuse:` section of a rules file: which lexicons to load, where "abusive" starts, and
/// phrases a team never wants counted.
///
/// ```yaml
/// abuse:
///   lexicons: [abuse/en.tsv, abuse/zh.tsv]   # relative to rules/; later files override earlier
///   threshold: 2.0                           # score at which a mention is labelled abusive
///   allow: ["killer feature", "sick deal"]   # phrases never counted
/// ```
///
/// Every key has a default that works, so an empty or absent section means "the shipped lexicons,
/// the documented threshold".
public struct AbuseSettings: Sendable, Hashable {
    /// The score at which a text is abusive. 2.0 is one insult aimed at someone (weight 1 or more),
    /// one threat, or one strong insult (weight 3) on its own; see `AbuseDetector`.
    public var threshold: Double
    /// Phrases never counted: any abusive match that overlaps one is ignored.
    public var allow: [String]
    /// Lexicon files, relative to the `rules/` directory, merged in order (later ones win).
    public var lexiconPaths: [String]

    /// The documented default threshold.
    public static let defaultThreshold = 2.0
    /// The shipped lexicons, relative to `rules/`.
    public static let defaultLexiconPaths = AbuseLexicon.standardFiles.map { "abuse/" + $0 }

    /// Settings with the given values; the defaults are the shipped behaviour.
    public init(
        threshold: Double = AbuseSettings.defaultThreshold, allow: [String] = [],
        lexiconPaths: [String] = AbuseSettings.defaultLexiconPaths
    ) {
        self.threshold = threshold
        self.allow = allow
        self.lexiconPaths = lexiconPaths
    }

    /// Reads an `abuse:` section, rejecting unknown keys and values that could not work (a threshold
    /// that is not a positive number, an empty list of lexicons, an allowed phrase with nothing to
    /// match), each with its position in the file.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> AbuseSettings {
        var mapping = try node.mapping("abuse")
        var settings = AbuseSettings()
        if let value = mapping.optional("threshold") {
            let threshold = try value.double("abuse threshold")
            guard threshold.isFinite, threshold > 0 else {
                throw ConfigError("abuse threshold must be a number above 0, found \(threshold)", at: value.position)
            }
            settings.threshold = threshold
        }
        if let value = mapping.optional("allow") {
            for item in try value.list("abuse allow") {
                let phrase = try item.string("an allowed phrase")
                guard AbuseLexicon.fold(phrase) != nil else {
                    throw ConfigError(
                        "allowed phrase '\(phrase)' has no letters, digits or Chinese characters to match",
                        at: item.position)
                }
                settings.allow.append(phrase)
            }
        }
        if let value = mapping.optional("lexicons") {
            var paths: [String] = []
            for item in try value.list("abuse lexicons") {
                let path = try item.string("a lexicon path")
                guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ConfigError("expected a lexicon path, found an empty string", at: item.position)
                }
                paths.append(path)
            }
            guard !paths.isEmpty else {
                throw ConfigError(
                    "abuse lexicons is empty; remove the key to use the shipped ones", at: value.position)
            }
            settings.lexiconPaths = paths
        }
        try mapping.rejectUnknownKeys()
        return settings
    }

    /// Loads `lexiconPaths` from the rules directory `rulesDirectory`, merged in order.
    public func loadLexicon(rulesDirectory: String) throws(ConfigError) -> AbuseLexicon {
        let base = rulesDirectory.hasSuffix("/") ? rulesDirectory : rulesDirectory + "/"
        return try AbuseLexicon.load(paths: lexiconPaths.map { $0.hasPrefix("/") ? $0 : base + $0 })
    }
}
