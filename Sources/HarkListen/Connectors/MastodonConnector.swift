public import Foundation
public import HarkCore
public import HarkHTTP

/// The `mastodon` connector type: statuses from a Mastodon (or compatible) server's public API —
/// a tag timeline (`/api/v1/timelines/tag/NAME`), an account's statuses
/// (`/api/v1/accounts/ID/statuses`), or a search (`/api/v2/search?q=…&type=statuses`).
///
/// A boost stands for the status it boosts: the original's id, text, author and time are used,
/// and the booster goes to `meta.reblogged_by`. The content warning (`spoiler_text`) is the
/// `title`. Authors are full handles (`alice@mastodon.social`): Mastodon gives local accounts
/// without a domain, which would make the same name on two servers look like one person, so the
/// domain of the account's profile URL is added. `meta` carries `uri` (the status's global
/// identifier), `hashtags` (comma-separated), `replies_count`, `reblogs_count` and
/// `favourites_count`.
public struct MastodonConnector: HTTPConnector {
    public static let typeName = "mastodon"
    public let definition: ConnectorDefinition

    /// Needs only `url`.
    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
        _ = try definition.requireURL()
        try definition.options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
    }

    /// Reads an array of statuses, or the `statuses` of a search answer.
    public func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage {
        let document = try JSONMentionReader.document(response)
        let statuses: [JSONValue]
        let path: String
        if let items = document.arrayValue {
            (statuses, path) = (items, "")
        } else if let items = document["statuses"]?.arrayValue {
            (statuses, path) = (items, "statuses")
        } else {
            var found = JSONMentionReader.shapeName(document)
            if let message = document["error"]?.stringValue { found += " ('\(message)')" }
            throw ParseFailure(
                "expected an array of statuses or a search result with 'statuses', found \(found)")
        }
        let server = URL(string: response.url)?.host
        var reader = JSONMentionReader(
            definition: definition, source: .mastodon, fetchedAt: fetchedAt, baseURL: response.url)
        reader.collect(statuses, in: path) { item throws(SkippedItem) in
            guard case .object = item else {
                throw SkippedItem("expected a status object, found \(JSONMentionReader.shapeName(item))")
            }
            var status = item
            var booster: String?
            if let original = item["reblog"], case .object = original {
                status = original
                booster = Self.handle(item["account"], server: server)
            }
            var raw = RawMention()
            raw.id = status["id"]?.stringValue
            raw.title = status["spoiler_text"]?.stringValue
            raw.text = status["content"]?.stringValue
            raw.author = Self.handle(status["account"], server: server)
            raw.url = status["url"]?.stringValue ?? status["uri"]?.stringValue
            raw.published = status["created_at"]
            raw.language = status["language"]?.stringValue
            raw.meta["reblogged_by"] = booster
            raw.meta["uri"] = status["uri"]?.stringValue
            let hashtags = status["tags"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            raw.meta["hashtags"] = hashtags.joined(separator: ",")
            for counter in ["replies_count", "reblogs_count", "favourites_count"] {
                raw.meta[counter] = status[counter]?.stringValue
            }
            return raw
        }
        return reader.page
    }

    /// `user@domain`, completing a local account's bare `user` with the domain of its profile
    /// URL, or else of the server that answered.
    static func handle(_ account: JSONValue?, server: String?) -> String? {
        guard let acct = account?["acct"]?.stringValue ?? account?["username"]?.stringValue, !acct.isEmpty else {
            return nil
        }
        if acct.contains("@") { return acct }
        let domain = account?["url"]?.stringValue.flatMap { URL(string: $0)?.host } ?? server
        return domain.map { "\(acct)@\($0)" } ?? acct
    }
}
