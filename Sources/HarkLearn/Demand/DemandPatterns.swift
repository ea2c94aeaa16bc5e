import Foundation
public import HarkCore

/// The demand pattern files a team ships in `rules/demand/`, compiled once.
///
/// Requests are phrased in families ("please add…", "bring back…", "希望…"), not in a vocabulary a
/// model must learn, so hark reads them as patterns a product team can read, test and extend. Each
/// file is one language; several files are kept side by side and the detector runs all of them (or
/// only the post's language when it is known).
public struct DemandPatterns: Sendable {
    /// The patterns of one file.
    public struct Set: Sendable {
        /// The language the file is for (`en`, `zh`), matched against a mention's language.
        public var language: String
        /// Whether units are words or characters.
        public var mode: DemandPattern.Mode
        /// Patterns that mark a demand.
        public var triggers: [DemandPattern] = []
        /// Patterns that cancel a trigger in the same clause ("i wish i had never").
        public var exclusions: [DemandPattern] = []
        /// Patterns that cancel the whole post (sarcasm: "yeah right").
        public var sarcasm: [DemandPattern] = []
        /// Raw marks that cancel the whole post when they stand alone (`/s`).
        public var markers: [String] = []
        /// Unit sequences that end a clause ("but", "and then").
        public var boundaries: [[String]] = []
        /// Removed anywhere in a request (articles, possessives): "use my credits" → "use credits".
        public var drop: Swift.Set<String> = []
        /// Trimmed from both ends of a request (filler, politeness, brand names).
        public var trim: [String] = []
        /// Trimmed from the start only (modals and helper verbs: "i could", "能").
        public var trimStart: [String] = []
        /// The file, for messages.
        public var file: String

        var anchorWords: Swift.Set<UInt64> = []
        var anchorScalars: Swift.Set<UInt32> = []
        /// For `words` files: which triggers, exclusions and sarcasm patterns a post's words rule out.
        var prefilter = DemandPrefilter()
        /// For `characters` files, per trigger, exclusion and sarcasm pattern: whether it needs a
        /// unit outside ASCII, so an ASCII post cannot match it.
        var needsNonASCII: [Bool] = []
        /// For `characters` files: whether some trigger starts with an ASCII character.
        var hasASCIIAnchor = false
        /// `trim`, `trim_start` and `drop` prepared for requests.
        var cleaning: RequestCleaning?
    }

    /// The compiled files in load order.
    public var sets: [Set]

    /// Combines compiled files.
    public init(_ sets: [Set]) { self.sets = sets }

    /// Reads and compiles pattern files; the first error stops loading.
    public static func load(paths: [String]) throws(ConfigError) -> DemandPatterns {
        var sets: [Set] = []
        for path in paths {
            let bytes: [UInt8]
            do {
                bytes = try DemandFile.read(path)
            } catch {
                throw ConfigError(
                    "cannot read demand patterns: \(error)", at: SourcePosition(file: path, line: 1, column: 1))
            }
            if let problem = SentimentLexicon.binaryProblem(bytes) {
                throw ConfigError(
                    problem.replacingOccurrences(of: "not a lexicon", with: "not a pattern file"),
                    at: SourcePosition(file: path, line: 1, column: 1))
            }
            sets += try parse(text: String(decoding: bytes, as: UTF8.self), file: path).sets
        }
        return DemandPatterns(sets)
    }

    /// Compiles the text of one pattern file; `file` names it in errors.
    ///
    /// The format is a small subset of YAML so the files read like every other rules file:
    /// top-level `key: value` lines and `key:` followed by `- item` lines, `#` comments, items quoted
    /// with `"…"` or `'…'` or bare. Keys: `language` (required), `match` (`words` or `characters`),
    /// `triggers`, `exclude`, `sarcasm`, `markers`, `boundaries`, `drop`, `trim`, `trim_start`.
    public static func parse(text: String, file: String) throws(ConfigError) -> DemandPatterns {
        let lines = try DemandFile.parse(text: text, file: file)
        var language: String?
        var mode = DemandPattern.Mode.words
        for entry in lines.scalars {
            switch entry.key {
            case "language":
                language = entry.value.text.lowercased()
            case "match":
                guard let value = DemandPattern.Mode(rawValue: entry.value.text) else {
                    throw ConfigError(
                        "expected match to be 'words' or 'characters', found '\(entry.value.text)'",
                        at: entry.value.position(0))
                }
                mode = value
            default:
                throw ConfigError("'\(entry.key)' is a list; write its items on the lines below", at: entry.keyPosition)
            }
        }
        guard let language, !language.isEmpty else {
            throw ConfigError(
                "missing 'language: …' (for example 'language: en')", at: SourcePosition(file: file, line: 1, column: 1))
        }
        var set = Set(language: language, mode: mode, file: file)
        for list in lines.lists {
            for item in list.items {
                func compile(slot: Bool) throws(ConfigError) -> DemandPattern {
                    try DemandPattern(
                        compiling: item.text, mode: mode, allowSlot: slot, file: file, line: item.line,
                        columns: item.columns)
                }
                func units() throws(ConfigError) -> [String] {
                    let units =
                        mode == .words
                        ? NormalizedText(item.text).words
                        : item.text.filter { !$0.isWhitespace }.map { String($0).lowercased() }
                    if units.isEmpty {
                        throw ConfigError("'\(item.text)' has no letters or digits", at: item.position(0))
                    }
                    return units
                }
                switch list.key {
                case "triggers":
                    let pattern = try compile(slot: true)
                    set.triggers.append(pattern)
                case "exclude": set.exclusions.append(try compile(slot: false))
                case "sarcasm": set.sarcasm.append(try compile(slot: false))
                case "markers":
                    guard !item.text.isEmpty else { throw ConfigError("empty marker", at: item.position(0)) }
                    set.markers.append(item.text.lowercased())
                case "boundaries": set.boundaries.append(try units())
                case "drop": set.drop.formUnion(try units())
                case "trim": set.trim.append(try units().joined(separator: mode == .words ? " " : ""))
                case "trim_start": set.trimStart.append(try units().joined(separator: mode == .words ? " " : ""))
                default:
                    throw ConfigError("unexpected key", at: list.keyPosition)
                }
            }
        }
        if set.triggers.isEmpty {
            throw ConfigError("no triggers: expected 'triggers:' with at least one '- pattern' line",
                at: SourcePosition(file: file, line: 1, column: 1))
        }
        set.compileAnchors()
        return DemandPatterns([set])
    }
}

extension DemandPatterns.Set {
    mutating func compileAnchors() {
        let all = triggers + exclusions + sarcasm
        switch mode {
        case .words:
            prefilter = DemandPrefilter(patterns: all, triggerCount: triggers.count, boundaries: boundaries)
        case .characters: needsNonASCII = all.map(\.needsNonASCII)
        }
        cleaning = RequestCleaning(self)
        for trigger in triggers {
            for anchor in trigger.anchors {
                switch mode {
                case .words: anchorWords.insert(WordHash.of(Array(anchor.utf8)[...]))
                case .characters:
                    if let scalar = anchor.unicodeScalars.first {
                        anchorScalars.insert(scalar.value)
                        if scalar.value < 0x80 { hasASCIIAnchor = true }
                    }
                }
            }
        }
    }
}
