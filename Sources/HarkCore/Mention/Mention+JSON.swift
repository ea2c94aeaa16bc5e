public import Foundation

/// What a connector knows about the mentions it reads as JSON before reading them: who it is, what
/// kind of source it reads, when it fetched, and the tags and language from its file.
public struct MentionDefaults: Sendable {
    /// The connector's name; every mention gets it, whatever the JSON says.
    public var connector: String
    /// The connector's kind of source; every mention gets it, whatever the JSON says.
    public var source: SourceKind
    /// When the data was fetched: the publication time of mentions that give none.
    public var fetchedAt: Date
    /// Tags from the connector file, placed before the item's own.
    public var tags: [String]
    /// The connector file's language, used when an item names none.
    public var language: String?

    /// Defaults for one fetch.
    public init(connector: String, source: SourceKind, fetchedAt: Date, tags: [String] = [], language: String? = nil) {
        self.connector = connector
        self.source = source
        self.fetchedAt = fetchedAt
        self.tags = tags
        self.language = language
    }
}

/// Why a JSON object could not be read as a mention: the field and what was wrong with it.
public struct MentionDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON field at fault; empty when the value as a whole is wrong (not an object).
    public var field: String
    /// What was expected and what was found.
    public var message: String

    /// An error about `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field 'rating': expected a whole number from 1 to 5, found 7`.
    public var description: String { field.isEmpty ? message : "field '\(field)': \(message)" }
}

extension Mention {
    /// The mention in its JSON form (SPEC "Mentions"), as `poll --once`, `replay`, `exec` and alert
    /// payloads use it. Keys come in a fixed order; absent optional fields are left out rather than
    /// written as `null`; `meta` keys are sorted so the output is deterministic.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(id)), ("connector", .string(connector)), ("source", .string(source.rawValue)),
        ]
        if let url { members.append(("url", .string(url))) }
        if let author { members.append(("author", .string(author))) }
        if let title { members.append(("title", .string(title))) }
        members.append(("text", .string(text)))
        members.append(("published_at", .string(Timestamp.rfc3339(publishedAt))))
        if let language { members.append(("language", .string(language))) }
        if let rating { members.append(("rating", .number(Double(rating)))) }
        members.append(("tags", .array(tags.map(JSONValue.string))))
        if !meta.isEmpty {
            let sorted = meta.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) }
            members.append(("meta", .object(JSONObject(sorted))))
        }
        return .object(JSONObject(members))
    }

    /// Writes the members of `json`, in the same order and form, into the object `writer` has open:
    /// the hot path of `hark replay`, which adds its labels after them without building a tree.
    /// Everything but `rating` and `meta` (rare, and written by the general writer) goes through
    /// one reservation of the most the members can take, as fixed key fragments and strings.
    public func writeJSONMembers(to writer: inout JSONStreamWriter) {
        withUnsafePointer(to: self) { Self.writeJSONMembers(of: $0, to: &writer) }
    }

    /// `writeJSONMembers(to:)` reading the mention where it is: a replay writes every mention of a
    /// batch from the batch's buffer, and a mention passed by value from there was copied (each of
    /// its strings and collections retained and released) for every line.
    public static func writeJSONMembers(of mention: UnsafePointer<Mention>, to writer: inout JSONStreamWriter) {
        var maximum = 96 + JSONCursor.timestampBound
        maximum += JSONCursor.bound(utf8Count: mention.pointee.id.utf8.count)
        maximum += JSONCursor.bound(utf8Count: mention.pointee.connector.utf8.count)
        maximum += JSONCursor.bound(utf8Count: mention.pointee.source.rawValue.utf8.count)
        maximum += JSONCursor.bound(utf8Count: mention.pointee.text.utf8.count)
        if let url = mention.pointee.url { maximum += JSONCursor.bound(utf8Count: url.utf8.count) }
        if let author = mention.pointee.author { maximum += JSONCursor.bound(utf8Count: author.utf8.count) }
        if let title = mention.pointee.title { maximum += JSONCursor.bound(utf8Count: title.utf8.count) }
        if let language = mention.pointee.language { maximum += JSONCursor.bound(utf8Count: language.utf8.count) }
        writer.members(maximum: maximum) { out in
            out.fragment(#""id":"#)
            out.string(mention.pointee.id)
            out.fragment(#","connector":"#)
            out.string(mention.pointee.connector)
            out.fragment(#","source":"#)
            out.string(mention.pointee.source.rawValue)
            if let url = mention.pointee.url {
                out.fragment(#","url":"#)
                out.string(url)
            }
            if let author = mention.pointee.author {
                out.fragment(#","author":"#)
                out.string(author)
            }
            if let title = mention.pointee.title {
                out.fragment(#","title":"#)
                out.string(title)
            }
            out.fragment(#","text":"#)
            out.string(mention.pointee.text)
            out.fragment(#","published_at":"#)
            out.timestamp(mention.pointee.publishedAt)
            if let language = mention.pointee.language {
                out.fragment(#","language":"#)
                out.string(language)
            }
        }
        if let rating = mention.pointee.rating {
            writer.key("rating")
            writer.number(Double(rating))
        }
        let tags = mention.pointee.tags
        var tagsMaximum = 10
        for tag in tags { tagsMaximum += JSONCursor.bound(utf8Count: tag.utf8.count) + 1 }
        writer.members(maximum: tagsMaximum) { out in
            out.fragment(#""tags":["#)
            for (index, tag) in tags.enumerated() {
                if index > 0 { out.byte(ASCII.comma) }
                out.string(tag)
            }
            out.byte(ASCII.rightBracket)
        }
        if !mention.pointee.meta.isEmpty {
            writer.key("meta")
            writer.beginObject()
            for (key, value) in mention.pointee.meta.sorted(by: { $0.key < $1.key }) {
                writer.dynamicKey(key)
                writer.string(value)
            }
            writer.endObject()
        }
    }

    /// The JSON form on one line, without a trailing newline.
    public var jsonLine: String { JSONWriter.string(json) }

    /// Reads a mention that a connector received as JSON (the `exec` connector's lines, mapped API
    /// items), trusting the connector over the data.
    ///
    /// `connector` and `source` in the JSON are ignored in favour of `defaults`, so a program cannot
    /// pass its mentions off as another connector's. `text` is required unless there is a `title`.
    /// Text fields are cleaned (HTML stripped when they look like HTML, whitespace collapsed). A
    /// missing `id` is derived from the url, or else the title and text, so re-running a program
    /// yields the same ids. `published_at` may be any time `Timestamp.parse` reads or an epoch number;
    /// missing means `defaults.fetchedAt`. Tags are the connector's, then the item's, without
    /// repeats. `meta` keeps strings, numbers and booleans (as strings) and skips nested values.
    public init(json: JSONValue, defaults: MentionDefaults) throws(MentionDecodingError) {
        let object = try Self.object(json)
        try self.init(
            object: object, connector: defaults.connector, source: defaults.source, fetchedAt: defaults.fetchedAt,
            tags: defaults.tags, language: defaults.language
        )
    }

    /// Reads one line of a `hark replay` file: like `init(json:defaults:)`, but `connector`
    /// (default `replay`) and `source` (default `json`) come from the line, since replaying history
    /// must keep each mention's identity.
    public init(replayJSON json: JSONValue, fetchedAt: Date) throws(MentionDecodingError) {
        let object = try Self.object(json)
        let connector = try Self.string(object, "connector").flatMap(Self.nonEmpty) ?? "replay"
        let source = try Self.string(object, "source").flatMap(Self.nonEmpty) ?? "json"
        try self.init(
            object: object, connector: connector, source: SourceKind(source), fetchedAt: fetchedAt, tags: [],
            language: nil
        )
    }

    /// Reads the common line of a `hark replay` file straight from its bytes: an object whose
    /// members are strings or nulls, with no `rating`, `tags` or `meta`. Returns nil for any other
    /// line and for lines with a problem; `init(replayJSON:fetchedAt:)` after `JSONParser.parse`
    /// then reads them, giving the same mention or the error to report. Skipping the `JSONValue`
    /// tree matters when replaying millions of lines.
    public init?(replayLine line: some Collection<UInt8>, fetchedAt: Date) {
        guard let mention = line.withContiguousStorageIfAvailable({ Mention(replayLine: $0, fetchedAt: fetchedAt) })
        else { return nil }
        guard let mention else { return nil }
        self = mention
    }

    /// `init?(replayLine:fetchedAt:)` for a line the caller already holds in memory: no generic
    /// call through a collection's witness table and no optional of an optional to unwrap, which
    /// matters once per line of a long replay.
    ///
    /// `ReplayLine` finds the members, then each value kept becomes a `String` once (`clean` keeps
    /// a clean text's storage); a plain ASCII time is parsed from the line's bytes without a
    /// `String` at all. The mention is made by the public initializer, which moves it into the
    /// optional returned (see `Mention.publishedAt` for why that is not a copy).
    public init?(replayLine bytes: UnsafeBufferPointer<UInt8>, fetchedAt: Date) {
        guard let line = ReplayLine(bytes), !line.needsFullReader else { return nil }
        // The same steps as `init(replayJSON:fetchedAt:)` and `init(object:…)`, for string fields.
        let url = ReplayLine.string(line.url, in: bytes).map(PlainText.collapseWhitespace).flatMap(Self.nonEmpty)
        let author = ReplayLine.string(line.author, in: bytes).map(Self.clean).flatMap(Self.nonEmpty)
        let title = ReplayLine.string(line.title, in: bytes).map(Self.clean).flatMap(Self.nonEmpty)
        let text: String
        if let body = ReplayLine.string(line.text, in: bytes).map(Self.clean) {
            text = body
        } else if title != nil {
            text = ""
        } else {
            return nil
        }
        var publishedAt = fetchedAt
        if line.publishedAt.kind == .plain {
            guard let date = Timestamp.parse(ReplayLine.bytes(line.publishedAt, in: bytes)) else { return nil }
            publishedAt = date
        } else if let time = ReplayLine.string(line.publishedAt, in: bytes) {
            guard let date = Timestamp.parse(time) else { return nil }
            publishedAt = date
        }
        let id = ReplayLine.string(line.id, in: bytes).flatMap { Self.nonEmpty(Self.trimmingWhitespace($0)) }
        self.init(
            id: id ?? Self.derivedID(url: url, title: title, text: text),
            connector: ReplayLine.string(line.connector, in: bytes).flatMap(Self.nonEmpty) ?? "replay",
            source: SourceKind(ReplayLine.string(line.source, in: bytes).flatMap(Self.nonEmpty) ?? "json"),
            url: url,
            author: author,
            title: title,
            text: text,
            publishedAt: publishedAt,
            language: ReplayLine.string(line.language, in: bytes).map(PlainText.collapseWhitespace)
                .flatMap(Self.nonEmpty)
        )
    }

    private init(
        object: JSONObject, connector: String, source: SourceKind, fetchedAt: Date, tags defaultTags: [String],
        language defaultLanguage: String?
    ) throws(MentionDecodingError) {
        let url = try Self.string(object, "url").map(PlainText.collapseWhitespace).flatMap(Self.nonEmpty)
        let author = try Self.string(object, "author").map(Self.clean).flatMap(Self.nonEmpty)
        let title = try Self.string(object, "title").map(Self.clean).flatMap(Self.nonEmpty)
        let text: String
        if let body = try Self.string(object, "text") {
            text = Self.clean(body)
        } else if title != nil {
            text = ""
        } else {
            throw MentionDecodingError(field: "text", message: "required unless 'title' is given")
        }
        let language = try Self.string(object, "language").map(PlainText.collapseWhitespace).flatMap(Self.nonEmpty)

        self.init(
            id: try Self.id(object) ?? Self.derivedID(url: url, title: title, text: text),
            connector: connector,
            source: source,
            url: url,
            author: author,
            title: title,
            text: text,
            publishedAt: try Self.publishedAt(object) ?? fetchedAt,
            language: language ?? defaultLanguage,
            rating: try Self.rating(object),
            tags: try Self.tags(object, after: defaultTags),
            meta: try Self.meta(object)
        )
    }

    // MARK: Fields

    private static func object(_ json: JSONValue) throws(MentionDecodingError) -> JSONObject {
        guard let object = json.objectValue else {
            throw MentionDecodingError(field: "", message: "expected a JSON object, found \(describe(json))")
        }
        return object
    }

    /// A string member; nil when absent or null; an error for other types.
    private static func string(_ object: JSONObject, _ field: String) throws(MentionDecodingError) -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let string)?: return string
        case let other?:
            throw MentionDecodingError(field: field, message: "expected a string, found \(describe(other))")
        }
    }

    private static func id(_ object: JSONObject) throws(MentionDecodingError) -> String? {
        switch object["id"] {
        case nil, .null?: return nil
        case .string(let string)?: return nonEmpty(trimmingWhitespace(string))
        case .number(let number)? where number.isFinite: return JSONWriter.render(number)
        case let other?:
            throw MentionDecodingError(field: "id", message: "expected a string or a number, found \(describe(other))")
        }
    }

    /// `h-` and the FNV-1a 64-bit hash of what identifies the item: stable across runs and machines.
    static func derivedID(url: String?, title: String?, text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let identity = url ?? ((title ?? "") + "\n" + text)
        for byte in identity.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return "h-" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func publishedAt(_ object: JSONObject) throws(MentionDecodingError) -> Date? {
        switch object["published_at"] {
        case nil, .null?:
            return nil
        case .string(let string)?:
            guard let date = Timestamp.parse(string) else {
                throw MentionDecodingError(
                    field: "published_at",
                    message: "expected an RFC 3339 or RFC 822 time or epoch seconds, found \(describe(.string(string)))"
                )
            }
            return date
        case .number(let number)? where number.isFinite:
            return Timestamp.fromEpoch(number)
        case let other?:
            throw MentionDecodingError(field: "published_at", message: "expected a time, found \(describe(other))")
        }
    }

    private static func rating(_ object: JSONObject) throws(MentionDecodingError) -> Int? {
        guard let value = object["rating"], !value.isNull else { return nil }
        let number: Double? =
            switch value {
            case .number(let number): number
            case .string: value.doubleValue
            default: nil
            }
        guard let number, number.rounded() == number, (1...5).contains(number) else {
            throw MentionDecodingError(
                field: "rating", message: "expected a whole number from 1 to 5, found \(describe(value))")
        }
        return Int(number)
    }

    private static func tags(_ object: JSONObject, after defaults: [String]) throws(MentionDecodingError) -> [String] {
        var tags: [String] = []
        var seen = Set<String>()
        for tag in defaults where seen.insert(tag).inserted {
            tags.append(tag)
        }
        switch object["tags"] {
        case nil, .null?:
            break
        case .array(let elements)?:
            for element in elements {
                guard case .string(let raw) = element else {
                    throw MentionDecodingError(
                        field: "tags", message: "expected an array of strings, found \(describe(element)) in it")
                }
                let tag = PlainText.collapseWhitespace(raw)
                if !tag.isEmpty && seen.insert(tag).inserted { tags.append(tag) }
            }
        case let other?:
            throw MentionDecodingError(field: "tags", message: "expected an array of strings, found \(describe(other))")
        }
        return tags
    }

    private static func meta(_ object: JSONObject) throws(MentionDecodingError) -> [String: String] {
        switch object["meta"] {
        case nil, .null?:
            return [:]
        case .object(let members)?:
            var meta: [String: String] = [:]
            for member in members.members {
                switch member.value {
                case .string, .number, .bool: meta[member.key] = member.value.stringValue
                case .null, .array, .object: break
                }
            }
            return meta
        case let other?:
            throw MentionDecodingError(field: "meta", message: "expected an object, found \(describe(other))")
        }
    }

    // MARK: Helpers

    /// Cleans a text field: HTML is stripped only when the text looks like HTML, so a plain
    /// `a < b` or `AT&T` is left alone apart from whitespace.
    static func clean(_ text: String) -> String {
        if isCleanASCII(text) { return text }
        return looksLikeHTML(text) ? PlainText.fromHTML(text) : PlainText.collapseWhitespace(text)
    }

    /// True when cleaning would return `text` unchanged and one scan can tell: printable ASCII with
    /// no `<` or `&`, single spaces, none at the ends. Most posts are; they keep their storage.
    static func isCleanASCII(_ text: String) -> Bool {
        text.withUTF8Buffer(isCleanASCII)
    }

    /// `isCleanASCII` of UTF-8 bytes.
    static func isCleanASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        if first == ASCII.space || bytes[bytes.count - 1] == ASCII.space { return false }
        // Eight bytes at a time while they are plainly clean, then byte by byte for the rest
        // (or for the word that needs a closer look).
        var start = 0
        var previousWasSpace = false
        while start + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self)
            let spaces = SWAR.bytesEqual(word, ASCII.space)
            if SWAR.bytesBelow(word, ASCII.space) | (word & SWAR.highBits) | SWAR.bytesEqual(word, 0x7F)
                | SWAR.bytesEqual(word, ASCII.lessThan) | SWAR.bytesEqual(word, ASCII.ampersand) != 0
                || spaces & (spaces >> 8) != 0 || (previousWasSpace && spaces & 0x80 != 0)
            {
                break
            }
            previousWasSpace = spaces >> 63 != 0
            start += 8
        }
        var previous: UInt8 = start > 0 ? bytes[start - 1] : 0
        for byte in UnsafeBufferPointer(rebasing: bytes[start...]) {
            if byte < ASCII.space || byte >= 0x7F || byte == ASCII.lessThan || byte == ASCII.ampersand { return false }
            if byte == ASCII.space && previous == ASCII.space { return false }
            previous = byte
        }
        return true
    }

    /// Whether `text` has a tag-like `<` (followed by a letter, `/` or `!`) or an entity (`&name;`,
    /// `&#123;`, `&#x1F600;`).
    static func looksLikeHTML(_ text: String) -> Bool {
        text.withUTF8Buffer { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                guard index < bytes.count else { return false }
                let next = bytes[index]
                if byte == ASCII.lessThan && (ASCII.isLetter(next) || next == ASCII.slash || next == ASCII.exclamation)
                {
                    return true
                }
                if byte == ASCII.ampersand {
                    var end = next == ASCII.hash ? index + 1 : index
                    let nameStart = end
                    while end < bytes.count && end - nameStart <= 32 && ASCII.isAlphanumeric(bytes[end]) { end += 1 }
                    if end > nameStart && end < bytes.count && bytes[end] == ASCII.semicolon { return true }
                }
            }
            return false
        }
    }

    /// `string` without leading and trailing whitespace and newlines. Ids almost always start and
    /// end with a visible ASCII character, which no whitespace is, and then there is nothing to trim:
    /// Foundation's trimming goes through `NSString` and cost a tenth of `hark replay`.
    static func trimmingWhitespace(_ string: String) -> String {
        let untrimmable = string.withUTF8Buffer(isUntrimmable)
        return untrimmable ? string : string.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True when `bytes` start and end with a visible ASCII character (or are empty): trimming
    /// would leave them as they are.
    static func isUntrimmable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        return first > ASCII.space && first < 0x7F && last > ASCII.space && last < 0x7F
    }

    private static func nonEmpty(_ string: String) -> String? {
        string.isEmpty ? nil : string
    }

    /// A JSON value as an error message shows it: short values as JSON, long ones by type.
    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .array: return "an array"
        case .object: return "an object"
        case .string(let string) where string.count > 40:
            return JSONWriter.string(.string(String(string.prefix(40)))).dropLast() + "…\""
        default: return JSONWriter.string(value)
        }
    }
}
