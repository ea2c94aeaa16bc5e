import Foundation
import HarkCore
import HarkHTTP

/// The plumbing every JSON connector type shares, written once: parse the body with positions,
/// walk the items, clean text and times the same way, and turn one bad item into a warning that
/// names its index instead of a failed poll.
///
/// A connector type only says where its fields are (`RawMention`); this type decides what a usable
/// mention is, so App Store reviews and Reddit comments come out with the same conventions.
struct JSONMentionReader {
    let definition: ConnectorDefinition
    let source: SourceKind
    let fetchedAt: Date
    /// Where relative permalinks resolve (the URL that answered).
    let baseURL: URL?
    private(set) var mentions: [Mention] = []
    private(set) var warnings: [String] = []
    /// Ids already taken in this page: the same status boosted twice is one mention.
    private var seen: Set<String> = []

    init(definition: ConnectorDefinition, source: SourceKind, fetchedAt: Date, baseURL: String) {
        self.definition = definition
        self.source = source
        self.fetchedAt = fetchedAt
        self.baseURL = URL(string: baseURL)
    }

    /// The page so far.
    var page: ParsedPage { ParsedPage(mentions: mentions, warnings: warnings) }

    /// Parses a response body as JSON; a syntax error is the document's fault, reported with
    /// its line and column.
    static func document(_ response: HTTPResponse) throws(ParseFailure) -> JSONValue {
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw ParseFailure("not valid JSON: \(error.message)", at: "line \(error.line), column \(error.column)")
        }
    }

    /// "an array", "an object", … for messages about documents of the wrong shape.
    static func shapeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Turns each item into a mention with `extract`. An item whose extraction throws, or whose
    /// fields make no usable mention (no id, no text), becomes a warning naming its index in
    /// `path`; `extract` returns nil for items that are expected not to be mentions (the app
    /// itself in an App Store feed), which are skipped without a word, as are repeats of an id
    /// already read from this page.
    mutating func collect(
        _ items: [JSONValue], in path: String, _ extract: (JSONValue) throws(SkippedItem) -> RawMention?
    ) {
        for (index, item) in items.enumerated() {
            do {
                guard let raw = try extract(item) else { continue }
                let mention = try mention(from: raw, index: index, in: path)
                if seen.insert(mention.id).inserted { mentions.append(mention) }
            } catch {
                warnings.append("\(Self.itemName(index, in: path)): \(error.reason); skipped")
            }
        }
    }

    /// "item 3 of data.children": the index as it sits in the document, counted from 0 like the JSON.
    static func itemName(_ index: Int, in path: String) -> String {
        "item \(index) of \(path.isEmpty ? "the document" : path)"
    }

    private mutating func mention(from raw: RawMention, index: Int, in path: String) throws(SkippedItem) -> Mention {
        let item = Self.itemName(index, in: path)
        guard let id = raw.id.map(PlainText.collapseWhitespace), !id.isEmpty else {
            throw SkippedItem("no id")
        }
        var title = raw.title.map { clean($0, html: raw.isHTML) }.flatMap(nonEmpty)
        var text = raw.text.map { clean($0, html: raw.isHTML) } ?? ""
        if text.isEmpty {
            // Link posts and title-only reviews still say something; keep it as the text so
            // classification sees it, rather than dropping the mention.
            guard let only = title else { throw SkippedItem("no text") }
            text = only
            title = nil
        }
        var publishedAt = fetchedAt
        if let published = raw.published, !published.isNull {
            if let date = Self.date(published) {
                publishedAt = date
            } else {
                warnings.append("\(item): unreadable time '\(published.stringValue ?? "?")'; using the fetch time")
            }
        }
        var rating: Int?
        if let stars = raw.rating, !stars.isNull {
            if let value = stars.doubleValue, value.isFinite, (1...5).contains(Int(value.rounded())) {
                rating = Int(value.rounded())
            } else {
                warnings.append("\(item): rating '\(stars.stringValue ?? "?")' is not 1 to 5; left out")
            }
        }
        return Mention(
            id: id, connector: definition.name, source: source,
            url: raw.url.flatMap(permalink),
            author: raw.author.map(PlainText.collapseWhitespace).flatMap(nonEmpty),
            title: title, text: text, publishedAt: publishedAt,
            language: raw.language.map(PlainText.collapseWhitespace).flatMap(nonEmpty) ?? definition.language,
            rating: rating, tags: definition.tags,
            meta: raw.meta.compactMapValues { nonEmpty(PlainText.collapseWhitespace($0)) })
    }

    private func clean(_ text: String, html: Bool) -> String {
        html ? PlainText.fromHTML(text) : PlainText.collapseWhitespace(PlainText.decodeEntities(text))
    }

    private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// An absolute http(s) permalink; relative ones resolve against the answering URL.
    private func permalink(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let url = URL(string: trimmed, relativeTo: baseURL)?.absoluteURL,
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return nil }
        return url.absoluteString
    }

    /// A time as JSON APIs write it: epoch seconds (or milliseconds) as a number or numeric
    /// string, or any text format `Timestamp` reads (RFC 3339, RFC 1123, …).
    static func date(_ value: JSONValue) -> Date? {
        switch value {
        case .number(let seconds):
            return seconds.isFinite && seconds > 0 ? Timestamp.fromEpoch(seconds) : nil
        case .string(let text):
            return Timestamp.parse(text)
        default:
            return nil
        }
    }
}

/// One item's fields as the source gives them, before cleaning; `JSONMentionReader` makes the
/// mention.
struct RawMention {
    var id: String?
    var title: String?
    var text: String?
    /// Whether `title` and `text` are HTML (tags stripped) or plain text with entities (Reddit).
    var isHTML = true
    var author: String?
    var url: String?
    var published: JSONValue?
    var language: String?
    var rating: JSONValue?
    var meta: [String: String] = [:]
}

/// Why one item was left out; becomes a warning naming the item.
struct SkippedItem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

extension JSONValue {
    /// The value unless it is JSON `null`, so `a?.nonNull ?? b` falls back past explicit nulls.
    /// (`.none`, not `nil`: `JSONValue` is itself expressible by the `nil` literal.)
    var nonNull: JSONValue? { isNull ? Optional.none : self }
}
