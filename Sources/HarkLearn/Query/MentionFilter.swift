public import HarkCore

/// The `where:` block of a topic rule: which mentions the query is even tried on.
///
/// Each key holds a list of allowed values; a mention passes when, for every key that is set, one of
/// its values fits. Keeping these conditions out of the query lets a team write the same query once
/// and scope it (`where: { source: [appstore] }`), and lets the matcher reject a mention before
/// evaluating any boolean structure.
public struct MentionFilter: Sendable, Hashable {
    /// Allowed source kinds (`appstore`, `reddit`, …); empty means any.
    public var sources: [String]
    /// Allowed connector names; empty means any.
    public var connectors: [String]
    /// Allowed language tags, each matching itself and more specific tags (`zh` allows `zh-Hant`).
    public var languages: [String]
    /// Allowed star ratings; a mention without a rating fails a rating condition.
    public var ratings: [ClosedRange<Int>]
    /// Allowed authors, folded like text (`@CineClub` is `cineclub`); `*` and `?` allowed.
    public var authors: [String]
    /// Allowed domains; subdomains count (`reddit.com` allows `old.reddit.com`).
    public var sites: [String]
    /// Connector tags, any of which must be on the mention.
    public var tags: [String]

    /// A filter; with no arguments, one that lets every mention through.
    public init(
        sources: [String] = [], connectors: [String] = [], languages: [String] = [],
        ratings: [ClosedRange<Int>] = [], authors: [String] = [], sites: [String] = [], tags: [String] = []
    ) {
        self.sources = sources.map { $0.lowercased() }
        self.connectors = connectors
        self.languages = languages.map { FieldValues.languageTag($0) ?? $0.lowercased() }
        self.ratings = ratings
        self.authors = authors.map { Self.foldAuthor($0) }
        self.sites = sites.map { FieldValues.domain($0) ?? $0.lowercased() }
        self.tags = tags
    }

    /// True when the filter lets every mention through.
    public var isEmpty: Bool {
        sources.isEmpty && connectors.isEmpty && languages.isEmpty && ratings.isEmpty && authors.isEmpty
            && sites.isEmpty && tags.isEmpty
    }

    /// Whether `mention` passes every condition that is set.
    public func accepts(_ mention: Mention) -> Bool {
        withUnsafePointer(to: self) { filter in withUnsafePointer(to: mention) { Self.accepts(filter, $0) } }
    }

    /// `accepts(_:)` reading the filter and the mention where they are: the topic matcher checks a
    /// filter for every candidate rule of every post, and passing either by value copied it (a
    /// retain and a release of each of its strings and lists) per check. Only the fields a set
    /// condition names are read.
    static func accepts(_ filter: UnsafePointer<MentionFilter>, _ mention: UnsafePointer<Mention>) -> Bool {
        if !filter.pointee.sources.isEmpty {
            let source = mention.pointee.source.rawValue
            guard filter.pointee.sources.contains(where: { FieldValues.equalsIgnoringCase(source, $0) }) else {
                return false
            }
        }
        if !filter.pointee.connectors.isEmpty, !filter.pointee.connectors.contains(mention.pointee.connector) {
            return false
        }
        if !filter.pointee.languages.isEmpty {
            guard let language = mention.pointee.language,
                filter.pointee.languages.contains(where: { FieldValues.language(language, matches: $0) })
            else { return false }
        }
        if !filter.pointee.ratings.isEmpty {
            guard let rating = mention.pointee.rating, filter.pointee.ratings.contains(where: { $0.contains(rating) })
            else { return false }
        }
        if !filter.pointee.authors.isEmpty {
            guard let author = mention.pointee.author else { return false }
            let folded = Self.foldAuthor(author, keepingWildcards: false)
            guard filter.pointee.authors.contains(where: { Self.author(folded, matches: $0) }) else { return false }
        }
        if !filter.pointee.sites.isEmpty {
            guard let url = mention.pointee.url, let host = FieldValues.host(ofURL: url),
                filter.pointee.sites.contains(where: { FieldValues.host(host, isWithin: $0) })
            else { return false }
        }
        if !filter.pointee.tags.isEmpty, !filter.pointee.tags.contains(where: mention.pointee.tags.contains) {
            return false
        }
        return true
    }

    /// Reads a `where:` mapping; unknown keys are errors with a suggestion.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> MentionFilter {
        var mapping = try node.mapping("where")
        var filter = MentionFilter()
        if let value = mapping.optional("source") {
            filter.sources = try value.stringList("source").map { $0.lowercased() }
        }
        if let value = mapping.optional("connector") {
            filter.connectors = try value.stringList("connector")
        }
        if let value = mapping.optional("lang") {
            for item in try value.list("lang") {
                guard let tag = FieldValues.languageTag(try item.string("lang")) else {
                    throw ConfigError("expected a language tag like en or zh-Hant", at: item.position)
                }
                filter.languages.append(tag)
            }
        }
        if let value = mapping.optional("rating") {
            for item in try value.list("rating") {
                guard let range = FieldValues.ratingRange(try item.string("rating")) else {
                    throw ConfigError("expected stars or a comparison, e.g. 3, '<=2' or '4..5'", at: item.position)
                }
                filter.ratings.append(range)
            }
        }
        if let value = mapping.optional("author") {
            filter.authors = try value.stringList("author").map { foldAuthor($0) }
        }
        if let value = mapping.optional("site") {
            for item in try value.list("site") {
                guard let domain = FieldValues.domain(try item.string("site")) else {
                    throw ConfigError("expected a domain like reddit.com", at: item.position)
                }
                filter.sites.append(domain)
            }
        }
        if let value = mapping.optional("tags") {
            filter.tags = try value.stringList("tags")
        }
        try mapping.rejectUnknownKeys()
        return filter
    }

    /// An author folded like a handle (so `@Anna.B`, `anna.b` and `Anna.B` agree), words joined by
    /// single spaces; a filter value keeps `*` and `?` as wildcards.
    static func foldAuthor(_ author: String, keepingWildcards: Bool = true) -> String {
        NormalizedText("@" + author, keepingWildcards: keepingWildcards).words.joined(separator: " ")
    }

    /// Compares a folded author with a folded value that may hold `*` and `?`.
    static func author(_ folded: String, matches value: String) -> Bool {
        guard FieldValues.hasWildcard(value) else { return folded == value }
        return GlobPattern(value).matches(folded.unicodeScalars.map(\.value))
    }
}
