public import HarkCore

/// What a line of an abuse lexicon says about its term.
///
/// Besides the abusive terms themselves, a lexicon holds the two kinds of knowledge that decide
/// whether a term counts: phrases that look abusive but are not (`killer feature`, 滚动), and the
/// names of staff roles that make an insult "aimed at staff" (`agent`, 客服). Keeping them in the
/// same files lets a team extend all three without touching code.
public enum AbuseRole: Sendable, Hashable {
    /// An abusive term of a category, with a weight from 0 (harmless) to 3 (abusive on its own).
    case abuse(AbuseCategory, weight: Double)
    /// A phrase never counted: any abusive match that overlaps it is ignored.
    case allow
    /// A staff role or person (`agent`, `cashier`, 客服): insults near it are aimed at staff.
    case staff
    /// A group word (`team`, `people`, 团队) that aims a term only after a second-person word:
    /// "your team", "you people", 你们团队.
    case group
    /// A place or property (`store`, `office`, 店): threats can be aimed at it ("I'll burn your
    /// store down"), insults cannot ("your store is garbage" is a complaint).
    case place
}

/// The terms hark recognises as abusive, allowed or aimed at staff, read from TSV files.
///
/// Terms are stored folded the way `NormalizedText` folds a post (NFKC, lower case, accents removed,
/// single spaces between words), so `Idiot`, `ＩＤＩＯＴ` and `idiot` are one term. A term may end a
/// word with `*` to match any ending (`idiot*` matches `idiots`, `idiotic`). Lexicons merge in
/// order and the later one wins, so a team's own file can re-weight or allow a shipped term.
public struct AbuseLexicon: Sendable, Equatable {
    /// Folded term → what it means.
    public internal(set) var terms: [String: AbuseRole]

    /// The shipped lexicons in `rules/abuse/`, in the order they are merged.
    public static let standardFiles = ["en.tsv", "zh.tsv"]

    /// A lexicon from terms and roles; terms are folded the way files are, and terms that fold to
    /// nothing matchable are skipped.
    public init(terms: [String: AbuseRole] = [:]) {
        self.terms = [:]
        for (term, role) in terms {
            if let key = Self.fold(term) { self.terms[key] = role }
        }
    }

    /// What `term` (any case, width or spacing) means, or `nil` when the lexicon does not hold it.
    public subscript(term: String) -> AbuseRole? {
        guard let key = Self.fold(term) else { return nil }
        return terms[key]
    }

    /// How many terms the lexicon holds.
    public var count: Int { terms.count }

    /// This lexicon with `other` laid over it: where both hold a term, `other` wins.
    public func merging(_ other: AbuseLexicon) -> AbuseLexicon {
        var merged = self
        merged.terms.merge(other.terms) { _, new in new }
        return merged
    }

    /// Reads and merges lexicon files in order (later files override earlier ones).
    ///
    /// Throws the first problem as `FILE:LINE:COL: message`; a missing or unreadable file is
    /// reported at 1:1.
    public static func load(paths: [String]) throws(ConfigError) -> AbuseLexicon {
        var lexicon = AbuseLexicon()
        for path in paths {
            lexicon = lexicon.merging(try AbuseLexicon(contentsOfFile: path))
        }
        return lexicon
    }

    /// The shipped lexicons (`standardFiles`) from a `rules/abuse` directory, merged.
    public static func standard(in directory: String) throws(ConfigError) -> AbuseLexicon {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return try load(paths: standardFiles.map { base + $0 })
    }

    /// The folded key of a term (wildcards kept), or `nil` when nothing in it can be matched.
    static func fold(_ term: String) -> String? {
        let folded = NormalizedText(term.replacingTypographicApostrophes(), keepingWildcards: true)
        return folded.tokens.isEmpty ? nil : folded.string
    }
}
