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
        merged.merge(other)
        return merged
    }

    /// Lays `other` over this lexicon: where both know a term, `other` wins (see `merging(_:)`).
    public mutating func merge(_ other: consuming SentimentLexicon) {
        // Hashing a String costs a normalisation check per scalar, and the Chinese lexicon has
        // 34,000 terms: the smaller side is inserted into the larger, which is used in place
        // when nothing else holds it (start-up merges freshly parsed files, so nothing does).
        if valences.count >= other.valences.count {
            valences.merge(other.valences) { _, new in new }
        } else {
            var larger = consume other
            larger.valences.merge(valences) { old, _ in old }
            self = larger
        }
    }

    /// Reads and merges lexicon files in order (later files override earlier ones).
    ///
    /// Throws the first file's problem as `FILE:LINE:COL: message`; a missing or unreadable file is
    /// reported at 1:1.
    public static func load(paths: [String]) throws(ConfigError) -> SentimentLexicon {
        var lexicon = SentimentLexicon()
        for path in paths {
            lexicon.merge(try SentimentLexicon(contentsOfFile: path))
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
        if isNormalized(term) { return term }
        return term.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingTypographicApostrophes()
    }
}

extension SentimentLexicon {
    /// True when `normalize(term)` is `term` itself, judged from the bytes: lower-case printable
    /// ASCII with single inner spaces, Han and kana. Start-up normalises every lexicon term twice
    /// (parsing, then compiling), and case mapping and grapheme splitting cost far more than this
    /// scan. Anything else (upper case, other whitespace, typographic apostrophes, scripts with
    /// case or combining marks) answers false and goes the long way.
    static func isNormalized(_ term: String) -> Bool {
        var term = term
        return term.withUTF8 { bytes in
            guard let first = bytes.first, first != 0x20, bytes.last != 0x20 else { return false }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x20 where bytes[index - 1] == 0x20: return false
                case 0x41...0x5A: return false  // A-Z
                case 0x20...0x7E:
                    index += 1
                case 0xE3...0xE9 where index + 2 < bytes.count:
                    // A three-byte scalar (the text is valid UTF-8); only kana and Han pass.
                    let value =
                        UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                        | UInt32(bytes[index + 2] & 0x3F)
                    switch value {
                    case 0x3041...0x3096, 0x30A1...0x30FA, 0x3400...0x4DBF, 0x4E00...0x9FFF: index += 3
                    default: return false
                    }
                default:
                    return false
                }
            }
            return true
        }
    }
}

extension String {
    /// `don’t` and `don't` are the same word to a reader; keys use the ASCII apostrophe.
    func replacingTypographicApostrophes() -> String {
        guard unicodeScalars.contains(where: { $0 == "\u{2019}" || $0 == "\u{2018}" }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{2019}" || $0 == "\u{2018}" ? "'" : $0 }))
    }
}
