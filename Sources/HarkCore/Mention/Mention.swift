public import Foundation

/// One thing someone said in public, in the single shape every connector produces.
///
/// Connectors differ wildly (RSS items, App Store reviews, Reddit listings, program output);
/// everything downstream (classification, themes, routing, payloads) sees only this type,
/// so a new source never touches the learn or respond side.
public struct Mention: Sendable, Hashable {
    /// Stable id, unique within its connector (feed guid, review id, post id).
    public var id: String
    /// The name of the connector that produced it; with `id` it identifies the mention.
    public var connector: String
    /// The kind of source the connector reads.
    public var source: SourceKind
    /// Permalink to the original post, when there is one.
    public var url: String?
    /// Author handle or name, when known.
    public var author: String?
    /// Plain-text title (HTML stripped, entities decoded, whitespace collapsed).
    public var title: String?
    /// Plain-text body (HTML stripped, entities decoded, whitespace collapsed).
    public var text: String
    /// BCP 47 language tag, when given by the source or the connector file.
    public var language: String?
    /// Review stars, 1–5, for review sources.
    public var rating: Int?
    /// Labels from the connector file.
    public var tags: [String]
    /// Source-specific facts worth keeping (app version, subreddit, score), flat strings only.
    public var meta: [String: String]
    // `publishedAt` is declared last, out of the public initializer's order, on purpose: it gives
    // the compiler's memberwise initializer labels of its own, so it is made at all, and the public
    // initializer (below) calls it. A mention built field by field in an initializer's `self`
    // reached its destination as a copy and a destroy, a retain and a release of every string and
    // collection in it, once per mention read; built by the memberwise initializer, it is moved.
    /// When it was published; the fetch time when the source gives none.
    public var publishedAt: Date

    /// The identity used for de-duplication across polls and restarts.
    public var key: MentionKey { MentionKey(connector: connector, id: id) }
}

extension Mention {
    /// A mention from its fields, in the order the SPEC lists them. (In an extension, so the
    /// compiler still makes the memberwise initializer this one calls; see `publishedAt`.)
    public init(
        id: String, connector: String, source: SourceKind, url: String? = nil, author: String? = nil,
        title: String? = nil, text: String, publishedAt: Date, language: String? = nil, rating: Int? = nil,
        tags: [String] = [], meta: [String: String] = [:]
    ) {
        self.init(
            id: id, connector: connector, source: source, url: url, author: author, title: title, text: text,
            language: language, rating: rating, tags: tags, meta: meta, publishedAt: publishedAt)
    }
}

/// A mention's identity: the connector's name and the mention's id within it.
public struct MentionKey: Sendable, Hashable, CustomStringConvertible {
    public var connector: String
    public var id: String

    public init(connector: String, id: String) {
        self.connector = connector
        self.id = id
    }

    public var description: String { "\(connector)/\(id)" }
}

/// The kind of source a mention came from, as named in the `source` field.
public struct SourceKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let rss = SourceKind("rss")
    public static let atom = SourceKind("atom")
    public static let jsonfeed = SourceKind("jsonfeed")
    public static let appstore = SourceKind("appstore")
    public static let reddit = SourceKind("reddit")
    public static let hackernews = SourceKind("hackernews")
    public static let mastodon = SourceKind("mastodon")
    public static let json = SourceKind("json")
    public static let exec = SourceKind("exec")
}
