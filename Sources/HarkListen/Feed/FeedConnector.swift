public import Foundation
public import HarkCore
public import HarkHTTP

/// The `feed` connector type: one RSS, Atom or JSON Feed URL, its format detected from the body.
///
/// It takes only the common keys; everything format-specific is in `FeedParser`, so this type
/// just turns feed items into mentions and hands the feed's `<ttl>` to the scheduler.
public struct FeedConnector: HTTPConnector {
    public static let typeName = "feed"
    public let definition: ConnectorDefinition

    /// Checks that the file names a URL and no keys this type does not know.
    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
        _ = try definition.requireURL()
        try definition.options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
    }

    /// Parses the body as a feed; relative links resolve against the URL the body came from
    /// (after redirects), and items without a date take the fetch time.
    public func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage {
        let feed = try FeedParser.parse(response.body, url: response.url)
        let mentions = feed.items.map { item in
            Mention(
                id: item.id, connector: definition.name, source: feed.kind, url: item.url, author: item.author,
                title: item.title, text: item.text, publishedAt: item.published ?? fetchedAt,
                language: item.language ?? feed.language ?? definition.language, tags: definition.tags)
        }
        return ParsedPage(mentions: mentions, ttl: feed.ttl, warnings: feed.warnings)
    }
}
