public import Foundation
public import HarkCore
public import HarkHTTP

/// The `hackernews` connector type: stories and comments from the Hacker News search API at
/// Algolia (`https://hn.algolia.com/api/v1/search_by_date?query=…&tags=(story,comment)`).
///
/// Every hit's permalink is its Hacker News page (`https://news.ycombinator.com/item?id=…`); a
/// story's external link goes to `meta.link`. Stories keep their title; a comment's story title
/// goes to `meta.story_title` rather than `title`, so comments are classified by what they say,
/// not by the headline of the thread. `meta` also carries `points`, `num_comments`, `story_id`
/// and `parent_id` when present.
public struct HackerNewsConnector: HTTPConnector {
    public static let typeName = "hackernews"
    public let definition: ConnectorDefinition

    /// Needs only `url`.
    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
        _ = try definition.requireURL()
        try definition.options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
    }

    /// Reads `hits` of a search answer.
    public func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage {
        let document = try JSONMentionReader.document(response)
        guard let hits = document["hits"]?.arrayValue else {
            throw ParseFailure(
                "expected an object with 'hits' (an Algolia Hacker News search), found "
                    + JSONMentionReader.shapeName(document))
        }
        var reader = JSONMentionReader(
            definition: definition, source: .hackernews, fetchedAt: fetchedAt, baseURL: response.url)
        reader.collect(hits, in: "hits") { hit throws(SkippedItem) in
            guard case .object = hit else {
                throw SkippedItem("expected an object, found \(JSONMentionReader.shapeName(hit))")
            }
            guard let id = hit["objectID"]?.stringValue, !id.isEmpty else { throw SkippedItem("no objectID") }
            let tags = hit["_tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let isComment =
                tags.contains("comment")
                || (hit["comment_text"]?.stringValue != nil && hit["title"]?.stringValue == nil)
            var raw = RawMention()
            raw.id = id
            raw.url = "https://news.ycombinator.com/item?id=\(id)"
            raw.author = hit["author"]?.stringValue
            raw.published = hit["created_at_i"]?.nonNull ?? hit["created_at"]
            if isComment {
                raw.text = hit["comment_text"]?.stringValue
                raw.meta["story_title"] = hit["story_title"]?.stringValue.map(PlainText.fromHTML)
                raw.meta["link"] = hit["story_url"]?.stringValue
            } else {
                raw.title = hit["title"]?.stringValue ?? hit["story_title"]?.stringValue
                raw.text = hit["story_text"]?.stringValue
                raw.meta["link"] = hit["url"]?.stringValue
            }
            raw.meta["points"] = hit["points"]?.stringValue
            raw.meta["num_comments"] = hit["num_comments"]?.stringValue
            raw.meta["story_id"] = hit["story_id"]?.stringValue
            raw.meta["parent_id"] = hit["parent_id"]?.stringValue
            return raw
        }
        return reader.page
    }
}
