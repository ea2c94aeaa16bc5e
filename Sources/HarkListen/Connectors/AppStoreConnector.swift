public import Foundation
public import HarkCore
public import HarkHTTP

/// The `appstore` connector type: customer reviews of one app from Apple's public reviews feed,
/// where most complaints about a broken release show up first.
///
/// ```yaml
/// type: appstore
/// app_id: 284882215        # the number in the app's App Store URL (…/id284882215)
/// country: gb              # the storefront, default us
/// ```
///
/// Either give `url` (any `…/rss/customerreviews/…/json` feed URL), or `app_id` and optionally
/// `country`, from which the newest-first feed URL
/// `https://itunes.apple.com/{country}/rss/customerreviews/page=1/id={app_id}/sortby=mostrecent/json`
/// is built. Each review becomes a mention with its stars as `rating`, its title and body, and
/// `meta` keys `app_version`, `country` (when known), `app` (the app's name, when the feed names
/// it), `author_url`, `vote_sum` and `vote_count`.
public struct AppStoreConnector: HTTPConnector {
    public static let typeName = "appstore"
    public let definition: ConnectorDefinition
    /// The storefront, from `country` or the feed URL; kept in `meta` because the same app's
    /// reviews differ by country.
    let country: String?

    /// Reads `app_id` and `country`, or takes `url` as given.
    public init(definition: ConnectorDefinition) throws(ConfigError) {
        var definition = definition
        var options = definition.options
        let appNode = options.optional("app_id")
        let countryNode = options.optional("country")
        try options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
        if let appNode {
            if definition.url != nil {
                throw ConfigError("give either 'url' or 'app_id', not both", at: appNode.position)
            }
            var appID = try appNode.string("app_id").trimmingCharacters(in: .whitespaces)
            if appID.lowercased().hasPrefix("id") { appID.removeFirst(2) }
            guard !appID.isEmpty, appID.allSatisfy(\.isASCII), appID.allSatisfy(\.isNumber) else {
                throw ConfigError(
                    "app_id must be the number from the app's App Store URL (…/id284882215), found '\(appID)'",
                    at: appNode.position)
            }
            var storefront = "us"
            if let countryNode {
                storefront = try countryNode.string("country").lowercased()
                guard storefront.count == 2, storefront.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw ConfigError(
                        "country must be a two-letter storefront code like us, gb or de, found '\(storefront)'",
                        at: countryNode.position)
                }
            }
            definition.url =
                "https://itunes.apple.com/\(storefront)/rss/customerreviews/page=1/id=\(appID)/sortby=mostrecent/json"
            country = storefront
        } else {
            guard let url = definition.url else {
                throw ConfigError(
                    "connector type 'appstore' needs 'app_id' (and optionally 'country') or a feed 'url'",
                    at: definition.position)
            }
            if let countryNode {
                throw ConfigError(
                    "'country' goes with 'app_id'; with 'url' the URL names the storefront",
                    at: countryNode.position)
            }
            country = Self.storefront(in: url)
        }
        self.definition = definition
    }

    /// The two-letter storefront in a reviews feed URL (`https://itunes.apple.com/gb/rss/…`).
    static func storefront(in url: String) -> String? {
        guard let components = URL(string: url)?.pathComponents,
            let rss = components.firstIndex(of: "rss"), rss > 1
        else { return nil }
        let code = components[rss - 1].lowercased()
        return code.count == 2 && code.allSatisfy(\.isLetter) ? code : nil
    }

    /// Reads `feed.entry`, which Apple sends as an array, as a single object when there is one
    /// review, or leaves out when there are none.
    public func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage {
        let document = try JSONMentionReader.document(response)
        guard case .object = document, let feed = document["feed"], case .object = feed else {
            throw ParseFailure(
                "expected an object with 'feed' (an App Store customer-reviews feed), found "
                    + JSONMentionReader.shapeName(document["feed"] ?? document))
        }
        let entries: [JSONValue]
        switch feed["entry"] {
        case .none, .null?: entries = []
        case .array(let items)?: entries = items
        case .object(let item)?: entries = [.object(item)]
        case let other?:
            throw ParseFailure(
                "expected 'feed.entry' to hold reviews, found " + JSONMentionReader.shapeName(other))
        }
        // Older feeds list the app itself first: its name is worth keeping, it is no review.
        let appName = entries.first { $0["im:rating"] == nil }?.value(at: "im:name.label")?.stringValue
        var reader = JSONMentionReader(
            definition: definition, source: .appstore, fetchedAt: fetchedAt, baseURL: response.url)
        reader.collect(entries, in: "feed.entry") { entry throws(SkippedItem) in
            guard case .object = entry else {
                throw SkippedItem("expected an object, found \(JSONMentionReader.shapeName(entry))")
            }
            guard let rating = entry["im:rating"] else { return nil }
            var raw = RawMention()
            raw.id = entry.value(at: "id.label")?.stringValue
            raw.title = entry.value(at: "title.label")?.stringValue
            let content = Self.content(entry["content"])
            raw.text = content.text
            raw.isHTML = content.isHTML
            raw.author = entry.value(at: "author.name.label")?.stringValue
            raw.url = Self.link(entry["link"])
            raw.published = entry.value(at: "updated.label")
            raw.rating = rating["label"] ?? rating
            raw.meta["app_version"] = entry.value(at: "im:version.label")?.stringValue
            raw.meta["author_url"] = entry.value(at: "author.uri.label")?.stringValue
            raw.meta["vote_sum"] = entry.value(at: "im:voteSum.label")?.stringValue
            raw.meta["vote_count"] = entry.value(at: "im:voteCount.label")?.stringValue
            raw.meta["country"] = country
            raw.meta["app"] = appName
            return raw
        }
        return reader.page
    }

    /// The review body: one `content` object, or (in some feeds) a list of a text and an HTML
    /// version, of which the text one is preferred.
    static func content(_ value: JSONValue?) -> (text: String?, isHTML: Bool) {
        let candidates = value?.arrayValue ?? value.map { [$0] } ?? []
        let chosen =
            candidates.first { $0.value(at: "attributes.type")?.stringValue != "html" } ?? candidates.first
        let isHTML = chosen?.value(at: "attributes.type")?.stringValue == "html"
        return (chosen?["label"]?.stringValue, isHTML)
    }

    /// The entry's link: one `link` object or a list of them, preferring `rel` related/alternate.
    static func link(_ value: JSONValue?) -> String? {
        let links = value?.arrayValue ?? value.map { [$0] } ?? []
        let preferred =
            links.first {
                let rel = $0.value(at: "attributes.rel")?.stringValue
                return rel == "related" || rel == "alternate"
            } ?? links.first
        return preferred?.value(at: "attributes.href")?.stringValue
    }
}
