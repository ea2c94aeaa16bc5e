import HarkCore

/// JSON Feed 1.0 and 1.1 (jsonfeed.org): `items` with `content_html` / `content_text`, `authors`
/// (1.1) or `author` (1.0), and a `language` on the feed or the item.
extension FeedParser {
    static func jsonFeed(_ bytes: [UInt8], url: String) throws(ParseFailure) -> ParsedFeed {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw ParseFailure(error.message, at: "line \(error.line), column \(error.column)")
        }
        guard let version = document["version"]?.stringValue,
            version.hasPrefix("https://jsonfeed.org/version/") || version.hasPrefix("http://jsonfeed.org/version/")
        else {
            throw ParseFailure("not a feed (JSON without a jsonfeed.org \"version\")")
        }
        var feed = ParsedFeed(kind: .jsonfeed)
        feed.title = document["title"]?.stringValue.map(plain).flatMap { nonEmpty($0) }
        feed.link = nonEmpty(document["home_page_url"]?.stringValue).map { URLReference.resolve($0, against: url) }
        feed.language = document["language"]?.stringValue.flatMap(languageTag)
        let feedAuthor = authorName(document)
        guard let items = document["items"]?.arrayValue else {
            throw ParseFailure("JSON Feed without an \"items\" array")
        }
        for (index, item) in items.enumerated() {
            guard item.objectValue != nil else {
                feed.warnings.append("item \(index + 1): not an object; skipped")
                continue
            }
            var draft = ItemDraft()
            draft.id = item["id"]?.stringValue
            draft.url = nonEmpty(item["url"]?.stringValue).map { URLReference.resolve($0, against: url) }
            draft.title = item["title"]?.stringValue.map(plain)
            if let content = nonEmpty(item["content_html"]?.stringValue).map(html), !content.isEmpty {
                draft.text = content
            } else if let content = nonEmpty(item["content_text"]?.stringValue).map(plain), !content.isEmpty {
                draft.text = content
            } else {
                draft.text = item["summary"]?.stringValue.map(plain)
            }
            draft.author = authorName(item) ?? feedAuthor
            draft.date = item["date_published"]?.stringValue ?? item["date_modified"]?.stringValue
            draft.language = item["language"]?.stringValue
            finish(draft, index: index, into: &feed)
        }
        return feed
    }

    private static func authorName(_ object: JSONValue) -> String? {
        let author = object["authors"]?.arrayValue?.first ?? object["author"]
        return nonEmpty(author?["name"]?.stringValue.map(plain))
    }
}
