import Foundation

/// Where the members a mention reads sit in one line of a `hark replay` file, found in one pass
/// over its bytes before any `String` is made.
///
/// Replaying millions of lines, the old reader built a `String` (or nil) for every member and kept
/// them in a struct of optionals that was copied and destroyed. Here the pass records only offsets
/// (no reference counting at all), validates escapes without decoding them, and notes which values
/// are plain ASCII; the mention then makes each winning value's `String` once, straight from the
/// line's bytes.
///
/// The pass accepts exactly the lines `JSONParser` reads as one object whose members are strings
/// or nulls with plain ASCII keys; it gives up (nil) on anything else, valid or not, so that the
/// full parser reads that line and reports its error in its own words.
struct ReplayLine {
    /// One member's value as the line holds it; the last member of each name wins, as in `JSONObject`.
    struct Span {
        /// What the value is; `start` and `end` mean something only for strings.
        enum Kind: UInt8 {
            /// No member of that name.
            case absent
            case null
            /// ASCII with no escapes and no control bytes: the bytes are the string.
            case plain
            /// No escapes but bytes of 0x80 and above: the string is the bytes with invalid UTF-8 repaired.
            case utf8
            /// Has escapes (all valid): the full parser's string reader decodes it.
            case escaped
        }

        var kind = Kind.absent
        /// The offset of the first byte after the opening quote.
        var start = 0
        /// The offset of the closing quote.
        var end = 0

        var isString: Bool { kind.rawValue >= Kind.plain.rawValue }
    }

    var id = Span()
    var connector = Span()
    var source = Span()
    var url = Span()
    var author = Span()
    var title = Span()
    var text = Span()
    var language = Span()
    var publishedAt = Span()
    /// `rating`, `tags` and `meta` with a string value: only the full reader knows what to make of
    /// them (a null means absent, as for the full reader).
    var rating = Span()
    var tags = Span()
    var meta = Span()

    var needsFullReader: Bool { rating.isString || tags.isString || meta.isString }

    /// Scans `bytes`; nil when the line is not a flat object of strings and nulls with plain keys.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var position = Self.skipWhitespace(base, count, 0)
        guard position < count, base[position] == ASCII.leftBrace else { return nil }
        position = Self.skipWhitespace(base, count, position + 1)
        if position < count && base[position] == ASCII.rightBrace {
            position += 1
        } else {
            while true {
                guard position < count, base[position] == ASCII.quote else { return nil }
                // Keys with escapes or non-ASCII bytes (which String comparison could find
                // canonically equal to another key) are left to the full parser.
                guard let key = Self.scanString(base, count, &position), key.kind == .plain
                else { return nil }
                let field = Self.field(key: base + key.start, count: key.end - key.start)
                position = Self.skipWhitespace(base, count, position)
                guard position < count, base[position] == ASCII.colon else { return nil }
                position = Self.skipWhitespace(base, count, position + 1)
                guard position < count else { return nil }
                let value: Span
                if base[position] == ASCII.quote {
                    guard let string = Self.scanString(base, count, &position) else { return nil }
                    value = string
                } else if position + 4 <= count && base[position] == 0x6E && base[position + 1] == 0x75
                    && base[position + 2] == 0x6C && base[position + 3] == 0x6C
                {
                    position += 4
                    value = Span(kind: .null)
                } else {
                    return nil
                }
                set(field, value)
                position = Self.skipWhitespace(base, count, position)
                guard position < count else { return nil }
                if base[position] == ASCII.comma {
                    position = Self.skipWhitespace(base, count, position + 1)
                    continue
                }
                guard base[position] == ASCII.rightBrace else { return nil }
                position += 1
                break
            }
        }
        guard Self.skipWhitespace(base, count, position) == count else { return nil }
    }

    /// The members a mention reads.
    private enum Field {
        case id, connector, source, url, author, title, text, language, publishedAt, rating, tags, meta, other
    }

    /// The member a key names: length first, then the bytes, so no `String` is made.
    @inline(__always)
    private static func field(key: UnsafePointer<UInt8>, count: Int) -> Field {
        // A few bytes compared in place: a call into `memcmp` per key cost more than the comparison.
        @inline(__always) func its(_ name: StaticString) -> Bool {
            let bytes = name.utf8Start
            for offset in 0..<count where bytes[offset] != key[offset] { return false }
            return true
        }
        switch count {
        case 2 where its("id"): return .id
        case 3 where its("url"): return .url
        case 4:
            if its("text") { return .text }
            if its("tags") { return .tags }
            if its("meta") { return .meta }
        case 5 where its("title"): return .title
        case 6:
            if its("source") { return .source }
            if its("author") { return .author }
            if its("rating") { return .rating }
        case 8 where its("language"): return .language
        case 9 where its("connector"): return .connector
        case 12 where its("published_at"): return .publishedAt
        default: break
        }
        return .other
    }

    @inline(__always)
    private mutating func set(_ field: Field, _ value: Span) {
        switch field {
        case .id: id = value
        case .connector: connector = value
        case .source: source = value
        case .url: url = value
        case .author: author = value
        case .title: title = value
        case .text: text = value
        case .language: language = value
        case .publishedAt: publishedAt = value
        case .rating: rating = value
        case .tags: tags = value
        case .meta: meta = value
        case .other: break
        }
    }

    @inline(__always)
    private static func skipWhitespace(_ base: UnsafePointer<UInt8>, _ count: Int, _ start: Int) -> Int {
        var position = start
        while position < count {
            let byte = base[position]
            guard byte == ASCII.space || byte == ASCII.newline || byte == ASCII.carriageReturn || byte == ASCII.tab
            else { break }
            position += 1
        }
        return position
    }

    /// A string from its opening quote at `position` to its closing quote, which `position` moves
    /// past; nil for what `JSONParser` would reject (a control byte, a bad escape, no closing quote).
    /// Eight bytes at a time to the next quote, backslash or control byte, noting high bytes on the way.
    @inline(__always)
    private static func scanString(_ base: UnsafePointer<UInt8>, _ count: Int, _ position: inout Int) -> Span? {
        let start = position + 1
        var index = start
        var high: UInt64 = 0
        var escaped = false
        while true {
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let stops =
                    SWAR.bytesEqual(word, ASCII.quote) | SWAR.bytesEqual(word, ASCII.backslash)
                    | SWAR.bytesBelow(word, ASCII.space)
                // Only the bytes before the first stop belong to this run.
                let run = stops == 0 ? ~0 : (stops & (~stops &+ 1)) &- 1
                high |= word & SWAR.highBits & run
                if stops != 0 {
                    index += stops.trailingZeroBitCount / 8
                    break
                }
                index += 8
            }
            guard index < count else { return nil }
            let byte = base[index]
            if byte == ASCII.quote {
                position = index + 1
                return Span(kind: escaped ? .escaped : high != 0 ? .utf8 : .plain, start: start, end: index)
            }
            if byte == ASCII.backslash {
                guard index + 1 < count else { return nil }
                switch base[index + 1] {
                case ASCII.quote, ASCII.backslash, ASCII.slash, 0x62, 0x66, 0x6E, 0x72, 0x74:
                    index += 2
                case 0x75:
                    guard index + 6 <= count else { return nil }
                    for offset in 2..<6 where ASCII.hexValue(base[index + offset]) == nil { return nil }
                    index += 6
                default:
                    return nil
                }
                escaped = true
                continue
            }
            if byte < ASCII.space { return nil }
            high |= UInt64(byte & 0x80)
            index += 1
        }
    }

    /// The string `span` holds in `bytes`; nil when it holds none.
    static func string(_ span: Span, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch span.kind {
        case .absent, .null:
            return nil
        case .plain, .utf8:
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
        case .escaped:
            return JSONParser.decodeString(bytes, quoteAt: span.start - 1)
        }
    }

    /// The bytes of a plain span.
    @inline(__always)
    static func bytes(_ span: Span, in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
    }
}
