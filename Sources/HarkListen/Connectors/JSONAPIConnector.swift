public import Foundation
public import HarkCore
public import HarkHTTP

/// The `json` connector type: any JSON API, described by a mapping in the connector file, so a
/// review site or an in-house API needs no new Swift type.
///
/// ```yaml
/// type: json
/// url: https://api.example.com/v2/reviews?product=42
/// items: data.reviews      # dotted path to the array of items; "" or "." (or no key): the document
/// fields:                  # dotted paths inside each item; numbers index arrays (images.0.url)
///   id: review_id          # required
///   text: body             # required; HTML is stripped
///   title: headline
///   author: user.name
///   url: permalink         # relative links resolve against the API's URL
///   published_at: created  # RFC 3339, RFC 1123, or epoch seconds/milliseconds
///   rating: stars          # 1–5; rounded
///   language: lang
///   meta:                  # extra facts to keep, name: path
///     helpful_votes: stats.helpful
/// source: json             # the `source` label of the mentions; default json
/// ```
public struct JSONAPIConnector: HTTPConnector {
    public static let typeName = "json"
    public let definition: ConnectorDefinition
    /// Path to the items; empty for the document itself.
    let items: String
    let fields: FieldPaths
    let source: SourceKind

    /// Where each mention field sits inside an item.
    struct FieldPaths: Sendable {
        var id: String
        var text: String
        var title: String?
        var author: String?
        var url: String?
        var publishedAt: String?
        var rating: String?
        var language: String?
        var meta: [(name: String, path: String)] = []
    }

    /// Reads `items`, `fields` and `source`; mistakes are errors at the key that holds them.
    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
        _ = try definition.requireURL()
        var options = definition.options
        if let itemsNode = options.optional("items") {
            items = try Self.path(itemsNode, "items", allowDocument: true)
        } else {
            items = ""
        }
        let fieldsNode = try options.required("fields")
        var mapping = try fieldsNode.mapping("fields")
        func path(_ key: String) throws(ConfigError) -> String? {
            guard let node = mapping.optional(key) else { return nil }
            return try Self.path(node, "fields.\(key)", allowDocument: false)
        }
        var paths = FieldPaths(
            id: try Self.path(try mapping.required("id"), "fields.id", allowDocument: false),
            text: try Self.path(try mapping.required("text"), "fields.text", allowDocument: false),
            title: try path("title"), author: try path("author"), url: try path("url"),
            publishedAt: try path("published_at"), rating: try path("rating"), language: try path("language"))
        if let metaNode = mapping.optional("meta") {
            var meta: [(name: String, path: String)] = []
            for entry in try metaNode.entries("fields.meta") {
                meta.append((entry.key, try Self.path(entry.value, "fields.meta.\(entry.key)", allowDocument: false)))
            }
            paths.meta = meta
        }
        try mapping.rejectUnknownKeys()
        fields = paths
        if let sourceNode = options.optional("source") {
            let label = try sourceNode.string("source")
            guard !label.isEmpty,
                label.unicodeScalars.allSatisfy({
                    ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" || $0 == "_"
                })
            else {
                throw ConfigError(
                    "source must be a short label of letters, digits, '-' and '_', found '\(label)'",
                    at: sourceNode.position)
            }
            source = SourceKind(label.lowercased())
        } else {
            source = .json
        }
        try options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
    }

    /// A dotted path as written in the file; `allowDocument` admits "" and "." for the whole
    /// document.
    static func path(_ node: ConfigNode, _ what: String, allowDocument: Bool) throws(ConfigError) -> String {
        guard case .scalar(let text) = node.kind else {
            throw ConfigError(
                "expected \(what) to be a dotted path like user.name, found \(node.shapeName)", at: node.position)
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "." {
            guard allowDocument else {
                throw ConfigError("\(what) must name a field inside each item, like user.name", at: node.position)
            }
            return ""
        }
        guard !trimmed.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw ConfigError("\(what) has an empty step in path '\(trimmed)'", at: node.position)
        }
        return trimmed
    }

    /// Finds the items and maps each one.
    public func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage {
        let document = try JSONMentionReader.document(response)
        let found = items.isEmpty ? document : document.value(at: items)
        guard let list = found?.arrayValue else {
            let shape = found.map(JSONMentionReader.shapeName) ?? "nothing there"
            let place = items.isEmpty ? "the document" : "'\(items)'"
            throw ParseFailure("expected \(place) to be an array of items (see 'items'), found \(shape)")
        }
        var reader = JSONMentionReader(
            definition: definition, source: source, fetchedAt: fetchedAt, baseURL: response.url)
        reader.collect(list, in: items) { item throws(SkippedItem) in
            func text(_ path: String?) -> String? { path.flatMap { item.value(at: $0)?.stringValue } }
            var raw = RawMention()
            guard let id = text(fields.id), !id.isEmpty else { throw SkippedItem("no id at '\(fields.id)'") }
            raw.id = id
            guard let body = text(fields.text) else { throw SkippedItem("no text at '\(fields.text)'") }
            raw.text = body
            raw.title = text(fields.title)
            raw.author = text(fields.author)
            raw.url = text(fields.url)
            raw.published = fields.publishedAt.flatMap { item.value(at: $0) }
            raw.rating = fields.rating.flatMap { item.value(at: $0) }
            raw.language = text(fields.language)
            for (name, path) in fields.meta { raw.meta[name] = text(path) }
            return raw
        }
        return reader.page
    }
}
