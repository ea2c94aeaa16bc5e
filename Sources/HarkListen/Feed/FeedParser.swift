import Foundation
import HarkCore

/// Reads RSS 0.9x/1.0/2.0, Atom 1.0 (and 0.3) and JSON Feed 1.x documents into one shape.
///
/// The format is detected from the body, never from the Content-Type, because feeds are served
/// with every content type there is. Bad items are skipped with a warning and the rest kept; a
/// document cut short keeps the items completed before the cut. Only a document that yields
/// nothing usable is a `ParseFailure`, located by line and column where that means something.
public enum FeedParser {
    /// Parses one feed document fetched from `url` (the base for relative links).
    public static func parse(_ body: [UInt8], url: String) throws(ParseFailure) -> ParsedFeed {
        let bytes = FeedEncoding.utf8(body)
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, XMLScanner.isSpace(bytes[start]) { start += 1 }
        guard start < bytes.count else { throw ParseFailure("empty document") }
        switch bytes[start] {
        case UInt8(ascii: "{"):
            return try jsonFeed(bytes, url: url)
        case UInt8(ascii: "<"):
            return try xmlFeed(bytes, url: url)
        default:
            throw ParseFailure("not a feed (the document starts with neither '<' nor '{')", at: "line 1, column 1")
        }
    }

    private enum XMLKind {
        case rss, atom
    }

    private static func xmlFeed(_ bytes: [UInt8], url: String) throws(ParseFailure) -> ParsedFeed {
        let kind = try sniffXML(bytes)
        let tree = XMLTree(bytes)
        guard let root = tree.root else {
            throw ParseFailure(tree.failure?.message ?? "no root element", at: tree.failure.map(location))
        }
        var feed = kind == .rss ? rss(tree, root: root, url: url) : atom(tree, root: root, url: url)
        var markup = tree.scanner.warnings
        if tree.scanner.recoveredCount > markup.count {
            markup.append("\(tree.scanner.recoveredCount - markup.count) more markup problems recovered from")
        }
        feed.warnings.insert(contentsOf: markup, at: 0)
        if let failure = tree.failure {
            guard !feed.items.isEmpty else { throw ParseFailure(failure.message, at: location(failure)) }
            feed.warnings.append(
                "\(failure): kept the \(feed.items.count) item\(feed.items.count == 1 ? "" : "s") completed before it")
        }
        return feed
    }

    /// Reads up to the first element to tell RSS from Atom from anything else (HTML above all).
    private static func sniffXML(_ bytes: [UInt8]) throws(ParseFailure) -> XMLKind {
        var scanner = XMLScanner(bytes)
        let first: XMLEvent?
        do {
            first = try scanner.next()
        } catch {
            throw ParseFailure(
                looksLikeHTML(bytes) ? "not a feed (looks like HTML)" : error.message, at: location(error))
        }
        guard case .start(let name, _) = first else { throw ParseFailure("not a feed (no root element)") }
        switch name.local {
        case "rss", "RDF": return .rss
        case "feed": return .atom
        case let other where other.lowercased() == "html": throw ParseFailure("not a feed (looks like HTML)")
        default: throw ParseFailure("not a feed (the root element is <\(name.local)>)")
        }
    }

    private static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        return head.contains("<!doctype html") || head.contains("<html")
    }

    static func location(_ failure: XMLScanner.Failure) -> String {
        "line \(failure.line), column \(failure.column)"
    }
}

/// Namespace URIs the feed formats use.
enum FeedNamespace {
    static let atom = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
}

/// The raw facts of one item before the rules common to every format (fallback id, skipping
/// empty items, date parsing) are applied.
struct ItemDraft {
    var id: String?
    var url: String?
    var author: String?
    var title: String?
    var text: String?
    var date: String?
    var language: String?
}

extension FeedParser {
    /// Applies the shared rules to a draft and appends the item, or a warning naming the item
    /// (1-based, in document order) when it has nothing worth keeping.
    static func finish(_ draft: ItemDraft, index: Int, into feed: inout ParsedFeed) {
        let title = nonEmpty(draft.title)
        let text = draft.text ?? ""
        guard title != nil || !text.isEmpty else {
            feed.warnings.append("item \(index + 1): no title and no text; skipped")
            return
        }
        var published: Date?
        if let date = nonEmpty(draft.date) {
            published = Timestamp.parse(date)
            if published == nil { feed.warnings.append("item \(index + 1): unreadable date '\(date)'") }
        }
        let url = nonEmpty(draft.url)
        let id =
            nonEmpty(draft.id) ?? url
            ?? "hash:" + stableHash([title ?? "", nonEmpty(draft.date) ?? "", text].joined(separator: "\u{1F}"))
        feed.items.append(
            FeedItem(
                id: id, url: url, author: nonEmpty(draft.author), title: title, text: text, published: published,
                language: draft.language.flatMap(languageTag)))
    }

    /// Text from an HTML-bearing field.
    static func html(_ text: String) -> String { PlainText.fromHTML(text) }

    /// Text from a field that is plain text by contract; entities are still decoded because
    /// publishers put them everywhere.
    static func plain(_ text: String) -> String { PlainText.collapseWhitespace(PlainText.decodeEntities(text)) }

    /// The text without surrounding whitespace, or nil when nothing is left.
    static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = trimmingWhitespace(text)
        if trimmed.isEmpty { return nil }
        return trimmed.startIndex == text.startIndex && trimmed.endIndex == text.endIndex ? text : String(trimmed)
    }

    /// Trims Unicode whitespace by scalars; Foundation's `trimmingCharacters(in:)` goes through
    /// UTF-16 and was most of the parse time.
    static func trimmingWhitespace(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }

    /// A BCP 47 tag in its canonical case: `en-us` and `en_US` both become `en-US`.
    static func languageTag(_ text: String) -> String? {
        guard let trimmed = nonEmpty(text) else { return nil }
        let subtags = trimmed.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let first = subtags.first else { return nil }
        var parts = [first.lowercased()]
        for subtag in subtags.dropFirst() {
            switch subtag.count {
            case 2: parts.append(subtag.uppercased())
            case 4: parts.append(subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased())
            default: parts.append(subtag.lowercased())
            }
        }
        return parts.joined(separator: "-")
    }

    /// RSS 2.0 `<author>` is an e-mail address, often followed by the name in parentheses:
    /// `jo@example.com (Jo Smith)` gives `Jo Smith`.
    static func rssAuthor(_ text: String) -> String? {
        guard let trimmed = nonEmpty(plain(text)) else { return nil }
        if trimmed.hasSuffix(")"), let open = trimmed.firstIndex(of: "("),
            let name = nonEmpty(String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]))
        {
            return name
        }
        return trimmed
    }

    /// FNV-1a, 64 bits: stable across runs and machines (unlike `Hasher`), which an id must be.
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
