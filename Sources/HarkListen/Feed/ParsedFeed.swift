public import Foundation
public import HarkCore

/// What `FeedParser` read from one feed document, whatever its format: the feed's own facts and
/// its items, already in plain text, with absolute URLs and UTC dates.
public struct ParsedFeed: Sendable {
    /// `.rss` (0.9x, 1.0 and 2.0), `.atom` or `.jsonfeed`.
    public var kind: SourceKind
    public var title: String?
    /// The site the feed belongs to.
    public var link: String?
    /// BCP 47 tag of the feed as a whole (RSS `<language>`, `xml:lang`, JSON Feed `language`).
    public var language: String?
    /// RSS `<ttl>`: the publisher's minimum poll interval.
    public var ttl: Duration?
    public var items: [FeedItem]
    /// Items skipped and problems recovered from, each naming the item or the position.
    public var warnings: [String]

    /// A feed with the given facts; parsers fill it in as they read.
    public init(
        kind: SourceKind, title: String? = nil, link: String? = nil, language: String? = nil, ttl: Duration? = nil,
        items: [FeedItem] = [], warnings: [String] = []
    ) {
        self.kind = kind
        self.title = title
        self.link = link
        self.language = language
        self.ttl = ttl
        self.items = items
        self.warnings = warnings
    }
}

/// One entry of a feed, format differences already resolved.
public struct FeedItem: Sendable, Hashable {
    /// Stable id: guid, Atom id or JSON `id`; else the link; else a hash of title, date and text.
    public var id: String
    /// Absolute permalink, when the item has one.
    public var url: String?
    public var author: String?
    /// Plain-text title.
    public var title: String?
    /// Plain-text body; empty when the item has only a title.
    public var text: String
    public var published: Date?
    /// BCP 47 tag given on the item itself, when any.
    public var language: String?

    /// An item; only the id is required, since every format can supply at least that.
    public init(
        id: String, url: String? = nil, author: String? = nil, title: String? = nil, text: String = "",
        published: Date? = nil, language: String? = nil
    ) {
        self.id = id
        self.url = url
        self.author = author
        self.title = title
        self.text = text
        self.published = published
        self.language = language
    }
}
