/// A parsed topic query: the boolean structure a marketer wrote, with every clause's place in the text.
///
/// The tree keeps the source range of each clause so the linter can point at `NEAR/100` and
/// `hark try` can say which clause matched; matching itself runs on a compiled form (`TopicMatcher`).
public struct QueryExpression: Sendable, Hashable, CustomStringConvertible {
    /// The shape of a clause.
    public indirect enum Kind: Sendable, Hashable {
        /// One word, wildcard word, hashtag, handle or Chinese/Japanese substring.
        case term(QueryTerm)
        /// Terms on consecutive positions: `"double charged"`.
        case phrase([QueryTerm])
        /// All operands match (`AND`, or terms written side by side).
        case and([QueryExpression])
        /// Any operand matches.
        case or([QueryExpression])
        /// The operand does not match.
        case not(QueryExpression)
        /// Both operands match within `distance` positions of each other (`NEAR/n`), in the
        /// written order when `inOrder` (`NEAR/nf`).
        case near(QueryExpression, QueryExpression, distance: Int, inOrder: Bool)
        /// The operand matches in the title alone (`title:`).
        case title(QueryExpression)
        /// A condition on the mention's metadata (`author:`, `site:`, `source:`, `lang:`, `rating:`).
        case field(FieldPredicate)
    }

    /// The clause.
    public var kind: Kind
    /// Where the clause is written, in Unicode scalars from the query's first character.
    public var range: Range<Int>

    /// Makes a clause; the parser is the usual source, tests and tools may build trees directly.
    public init(_ kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// A canonical rendering (folded terms, explicit operators, full parentheses) that two clauses
    /// share exactly when they mean the same: the linter compares clauses by it.
    public var description: String {
        switch kind {
        case .term(let term): term.description
        case .phrase(let terms): "\"" + terms.map(\.description).joined(separator: " ") + "\""
        case .and(let operands): "(" + operands.map(\.description).joined(separator: " AND ") + ")"
        case .or(let operands): "(" + operands.map(\.description).joined(separator: " OR ") + ")"
        case .not(let operand): "NOT \(operand)"
        case .near(let left, let right, let distance, let inOrder):
            "(\(left) NEAR/\(distance)\(inOrder ? "f" : "") \(right))"
        case .title(let operand): "title:\(operand)"
        case .field(let predicate): predicate.description
        }
    }

    /// True when the clause yields positions (words, phrases, `NEAR`, `OR`s of those), so it can be
    /// an operand of `NEAR`.
    var isPositional: Bool {
        switch kind {
        case .term, .phrase, .near: true
        case .or(let operands): operands.allSatisfy(\.isPositional)
        case .title(let operand): operand.isPositional
        case .and, .not, .field: false
        }
    }

    /// Every term in the clause, in written order, negated ones included.
    var terms: [QueryTerm] {
        switch kind {
        case .term(let term): [term]
        case .phrase(let terms): terms
        case .and(let operands), .or(let operands): operands.flatMap(\.terms)
        case .not(let operand), .title(let operand): operand.terms
        case .near(let left, let right, _, _): left.terms + right.terms
        case .field: []
        }
    }
}

/// One matchable unit of a query, already folded like the texts it is matched against.
public struct QueryTerm: Sendable, Hashable, CustomStringConvertible {
    /// How the term compares with a token.
    public enum Kind: Sendable, Hashable {
        /// The whole token equals the text.
        case word
        /// The token starts with the text (`charge*`).
        case prefix
        /// The token matches a pattern with `*` (any run) and `?` (one character): `wo?d`, `*bank`.
        case wildcard
        /// Chinese, Japanese or another unspaced script: the text occurs anywhere in a run.
        case substring
    }

    /// Which tokens a term may match.
    public enum Marker: Sendable, Hashable {
        /// Words, and the words inside hashtags and handles (`cineclub` matches `#CineClub`).
        case none
        /// Hashtags only (`#cineclub`).
        case hashtag
        /// Handles only (`@cineclub`).
        case handle
    }

    /// How the term compares.
    public var kind: Kind
    /// Which tokens it looks at.
    public var marker: Marker
    /// The folded text: without the marker, without the trailing `*` of a prefix, with the
    /// `*` and `?` of a wildcard pattern.
    public var text: String

    /// Makes a term from already-folded text.
    public init(_ kind: Kind, _ text: String, marker: Marker = .none) {
        self.kind = kind
        self.text = text
        self.marker = marker
    }

    /// The term as a query would write it.
    public var description: String {
        let prefix =
            switch marker {
            case .none: ""
            case .hashtag: "#"
            case .handle: "@"
            }
        return prefix + text + (kind == .prefix ? "*" : "")
    }

    /// The bytes the matcher looks up: marker and folded text.
    var key: [UInt8] {
        switch marker {
        case .none: Array(text.utf8)
        case .hashtag: [0x23] + Array(text.utf8)
        case .handle: [0x40] + Array(text.utf8)
        }
    }
}

/// The metadata fields a query can test, by the name written before the colon.
public enum QueryField: String, Sendable, Hashable, CaseIterable {
    /// The sub-query is matched against the title alone.
    case title
    /// The author's name or handle, folded; `*` and `?` allowed.
    case author
    /// The host of the mention's URL, or a parent domain of it.
    case site
    /// The kind of source (`appstore`, `reddit`, …).
    case source
    /// The BCP 47 language tag, by prefix (`zh` matches `zh-Hant`).
    case lang
    /// Review stars, compared (`rating:<=2`, `rating:4..5`, `rating:3`).
    case rating
}

/// A condition on a mention's metadata, from a field filter in a query.
public enum FieldPredicate: Sendable, Hashable, CustomStringConvertible {
    /// The author, folded like text (`@` dropped), equals this value or matches it as a wildcard pattern.
    case author(String)
    /// The URL's host is this domain or a subdomain of it.
    case site(String)
    /// The source kind equals this value.
    case source(String)
    /// The language tag is this tag or a more specific one (`en` matches `en-GB`).
    case language(String)
    /// The rating lies in this range; mentions without a rating never match.
    case rating(ClosedRange<Int>)

    /// The field the predicate tests.
    public var field: QueryField {
        switch self {
        case .author: .author
        case .site: .site
        case .source: .source
        case .language: .lang
        case .rating: .rating
        }
    }

    /// The predicate as a query would write it.
    public var description: String {
        switch self {
        case .author(let value): "author:\(value)"
        case .site(let value): "site:\(value)"
        case .source(let value): "source:\(value)"
        case .language(let value): "lang:\(value)"
        case .rating(let range):
            if range.lowerBound == range.upperBound {
                "rating:\(range.lowerBound)"
            } else if range.lowerBound == Int.min {
                "rating:<=\(range.upperBound)"
            } else if range.upperBound == Int.max {
                "rating:>=\(range.lowerBound)"
            } else {
                "rating:\(range.lowerBound)..\(range.upperBound)"
            }
        }
    }
}
