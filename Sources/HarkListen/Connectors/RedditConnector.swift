public import Foundation
public import HarkCore
public import HarkHTTP

/// The `reddit` connector type: posts and comments from a Reddit listing
/// (`/r/NAME/new.json`, `/r/NAME/comments.json`, `/search.json?q=…`).
///
/// Posts (`t3`) keep their title as `title` and self text as `text` (a link post's title becomes
/// its text); comments (`t1`) have only a body, with the post they answer in `meta.link_title` so
/// a comment is not classified by its thread's headline. Reddit escapes `&`, `<` and `>` in text
/// as entities; they are decoded, but the text is Markdown, not HTML, so nothing is stripped.
/// Authors shown as `[deleted]` are left out (they are not one person), and comments whose
/// body was deleted or removed are skipped silently. `meta` carries `subreddit`, `score`,
/// `num_comments`, `flair` and, for link posts, `link`.
///
/// Reddit refuses generic clients: the HTTP driver sends a descriptive User-Agent naming hark;
/// a `User-Agent` in `headers` overrides it.
public struct RedditConnector: HTTPConnector {
    public static let typeName = "reddit"
    public let definition: ConnectorDefinition

    /// Needs only `url`.
    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
        _ = try definition.requireURL()
        try definition.options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
    }

    /// Reads `data.children` of a listing; any other document (a thread's `[post, comments]`
    /// array, an error object) is unusable as a whole.
    public func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage {
        let document = try JSONMentionReader.document(response)
        guard let children = document.value(at: "data.children")?.arrayValue else {
            var found = JSONMentionReader.shapeName(document)
            if let message = document["message"]?.stringValue ?? document["error"]?.stringValue {
                found += " ('\(message)')"
            }
            throw ParseFailure("expected an object with 'data.children' (a Reddit listing), found \(found)")
        }
        var reader = JSONMentionReader(
            definition: definition, source: .reddit, fetchedAt: fetchedAt, baseURL: "https://www.reddit.com")
        reader.collect(children, in: "data.children") { child throws(SkippedItem) in
            let kind = child["kind"]?.stringValue ?? ""
            guard let data = child["data"], case .object = data else {
                throw SkippedItem("no 'data' object")
            }
            switch kind {
            case "t3": return Self.post(data)
            case "t1": return Self.comment(data)
            default: throw SkippedItem("kind '\(kind)' is neither a post (t3) nor a comment (t1)")
            }
        }
        return reader.page
    }

    private static func post(_ data: JSONValue) -> RawMention {
        var raw = common(data, prefix: "t3_")
        raw.title = data["title"]?.stringValue
        raw.text = body(data["selftext"])
        if data["is_self"]?.boolValue == false, let link = data["url"]?.stringValue {
            raw.meta["link"] = PlainText.decodeEntities(link)
        }
        raw.meta["num_comments"] = data["num_comments"]?.stringValue
        raw.meta["flair"] = data["link_flair_text"]?.stringValue
        return raw
    }

    private static func comment(_ data: JSONValue) -> RawMention? {
        guard let text = body(data["body"]) else { return nil }
        var raw = common(data, prefix: "t1_")
        raw.text = text
        raw.meta["link_title"] = data["link_title"]?.stringValue.map(PlainText.decodeEntities)
        if raw.url == nil, let post = data["link_id"]?.stringValue, let id = data["id"]?.stringValue {
            raw.url = "/comments/\(post.replacingOccurrences(of: "t3_", with: ""))/_/\(id)/"
        }
        return raw
    }

    /// What posts and comments share: the fullname id (`t3_…`), author, permalink, time, score.
    private static func common(_ data: JSONValue, prefix: String) -> RawMention {
        var raw = RawMention()
        raw.isHTML = false
        raw.id = data["name"]?.stringValue ?? data["id"]?.stringValue.map { prefix + $0 }
        if let author = data["author"]?.stringValue, author != "[deleted]" { raw.author = author }
        raw.url = data["permalink"]?.stringValue
        raw.published = data["created_utc"]?.nonNull ?? data["created"]
        raw.meta["subreddit"] = data["subreddit"]?.stringValue
        raw.meta["score"] = data["score"]?.stringValue
        return raw
    }

    /// A body, unless Reddit replaced it with a deletion marker.
    private static func body(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, text != "[deleted]", text != "[removed]" else { return nil }
        return text
    }
}
