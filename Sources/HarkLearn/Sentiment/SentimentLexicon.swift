public import HarkCore

/// Term → valence, the knowledge a sentiment score is built from.
///
/// Valences use VADER's human-rated scale, −4 (most negative) to +4 (most positive). Terms are
/// stored lowercased with single spaces between words, so a term may be a word (`declined`), a
/// phrase or idiom (`cut the mustard`), an emoticon (`:-(`), an emoji or a Chinese word. Teams add
/// a domain lexicon without touching code: lexicons merge in order and the later one wins, so
/// "declined" can be negative for a payments brand while the shipped defaults stay untouched.
public struct SentimentLexicon: Sendable, Equatable {
    /// Lowercased, whitespace-normalised term → valence.
    public internal(set) var valences: [String: Double]

    /// The shipped lexicons in `rules/lexicons/`, in the order they are merged: English words,
    /// English idioms, emoji, then Chinese (NTUSD first so hark's own core list wins).
    public static let standardFiles = [
        "en-vader.tsv", "en-idioms.tsv", "emoji-vader.tsv", "zh-ntusd.tsv", "zh-core.tsv",
    ]

    /// A lexicon from terms and valences; terms are normalised the way files are.
    public init(valences: [String: Double] = [:]) {
        self.valences = [:]
        for (term, valence) in valences {
            self.valences[Self.normalize(term)] = valence
        }
    }

    /// The valence of `term` (any case and spacing), or `nil` when the lexicon does not know it.
    public subscript(term: String) -> Double? { valences[Self.normalize(term)] }

    /// How many terms the lexicon holds.
    public var count: Int { valences.count }

    /// This lexicon with `other` laid over it: where both know a term, `other` wins. This is how a
    /// domain lexicon overrides the defaults.
    public func merging(_ other: SentimentLexicon) -> SentimentLexicon {
        var merged = self
        merged.valences.merge(other.valences) { _, new in new }
        return merged
    }

    /// Reads and merges lexicon files in order (later files override earlier ones).
    ///
    /// Throws the first file's problem as `FILE:LINE:COL: message`; a missing or unreadable file is
    /// reported at 1:1.
    public static func load(paths: [String]) throws(ConfigError) -> SentimentLexicon {
        var lexicon = SentimentLexicon()
        for path in paths {
            lexicon = lexicon.merging(try SentimentLexicon(contentsOfFile: path))
        }
        return lexicon
    }

    /// The shipped lexicons (`standardFiles`) from a `rules/lexicons` directory, merged.
    public static func standard(in directory: String) throws(ConfigError) -> SentimentLexicon {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return try load(paths: standardFiles.map { base + $0 })
    }

    /// Lowercases and collapses whitespace, so `Cut  the Mustard` and `cut the mustard` are one term.
    static func normalize(_ term: String) -> String {
        term.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingTypographicApostrophes()
    }
}

extension String {
    /// `don’t` and `don't` are the same word to a reader; keys use the ASCII apostrophe.
    func replacingTypographicApostrophes() -> String {
        guard unicodeScalars.contains(where: { $0 == "\u{2019}" || $0 == "\u{2018}" }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{2019}" || $0 == "\u{2018}" ? "'" : $0 }))
    }
}
