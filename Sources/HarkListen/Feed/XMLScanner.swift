/// A namespace-resolved XML name: the namespace URI the prefix was bound to (empty when none)
/// and the local part, so `content:encoded` matches whatever prefix a feed chose.
struct XMLName: Sendable, Hashable {
    var namespace: String
    var local: String

    init(_ namespace: String, _ local: String) {
        self.namespace = namespace
        self.local = local
    }
}

/// One attribute of a start tag, with its value already entity-decoded.
struct XMLAttribute: Sendable {
    var name: XMLName
    var value: String
}

/// Character data as a byte range of the document, decoded only when someone asks for it:
/// most text in a feed (whitespace between elements, fields nobody reads) is never needed.
struct XMLTextSpan: Sendable {
    var range: Range<Int>
    /// CDATA content is taken verbatim; ordinary text has its references decoded.
    var isCDATA: Bool
}

/// What the scanner found next.
enum XMLEvent: Sendable {
    case start(XMLName, attributes: [XMLAttribute])
    case end(XMLName)
    case text(XMLTextSpan)
}

/// A pull scanner over the raw bytes of an XML document, written for feeds from the open web.
///
/// It is deliberately not a validating parser. It never expands entities declared in a DOCTYPE
/// (the internal subset is skipped unread, so "billion laughs" costs nothing) and never fetches
/// anything; references it does not know pass through as written so that HTML entities feeds use
/// illegally (`&eacute;`) can be decoded later. It recovers from mismatched end tags the way feed
/// readers do, replaces invalid UTF-8 with U+FFFD, and caps nesting depth. Everything it cannot
/// recover from is a `Failure` carrying line and column.
struct XMLScanner {
    /// Why scanning stopped early, and where.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var message: String
        var line: Int
        var column: Int
        var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Nesting deeper than any real feed needs; the limit keeps hostile input from costing memory.
    static let defaultMaxDepth = 256

    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// Prefixes feeds commonly use without declaring them; a reader that insists on the
    /// declaration would lose the author or the body of such feeds.
    static let conventionalPrefixes: [String: String] = [
        "xml": xmlNamespace,
        "dc": FeedNamespace.dublinCore,
        "content": FeedNamespace.content,
        "atom": FeedNamespace.atom,
        "rdf": FeedNamespace.rdf,
        "media": "http://search.yahoo.com/mrss/",
    ]

    let bytes: [UInt8]
    let maxDepth: Int
    private(set) var position = 0
    /// Open elements: the qualified name as written (for matching end tags), the resolved name and
    /// how many entries of `declared` it added.
    private var stack: [(qualified: String, name: XMLName, declarations: Int)] = []
    /// Namespace bindings in force, innermost last per prefix: a dictionary, not a list searched
    /// backwards, so a document declaring thousands of prefixes cannot make every lookup slow.
    private var bindings: [String: [String]] = [:]
    /// The prefixes each open element declared, in order, to unbind when it closes.
    private var declared: [String] = []
    /// Ends still to report after a recovered mismatched end tag closed several elements at once.
    private var pendingEnds = 0
    private var pendingSelfClose = false
    private var finished = false
    /// Problems recovered from, each already located; only the first `maxWarnings` are kept
    /// (locating one costs a pass over the document up to it).
    private(set) var warnings: [String] = []
    /// How many problems were recovered from in all.
    private(set) var recoveredCount = 0
    static let maxWarnings = 20

    init(_ bytes: [UInt8], maxDepth: Int = XMLScanner.defaultMaxDepth) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The next event, or nil at a well-formed end of document. After a failure, always nil.
    mutating func next() throws(Failure) -> XMLEvent? {
        guard !finished else { return nil }
        do throws(Failure) {
            return try step()
        } catch {
            finished = true
            throw error
        }
    }

    private mutating func step() throws(Failure) -> XMLEvent? {
        if pendingSelfClose {
            pendingSelfClose = false
            return .end(pop())
        }
        if pendingEnds > 0 {
            pendingEnds -= 1
            return .end(pop())
        }
        while !finished {
            guard position < bytes.count else {
                if let open = stack.last {
                    throw failure("document ends inside <\(open.qualified)>", at: bytes.count)
                }
                return nil
            }
            if bytes[position] != UInt8(ascii: "<") {
                let start = position
                position = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if !stack.isEmpty { return .text(XMLTextSpan(range: start..<position, isCDATA: false)) }
                continue
            }
            if let event = try markup() { return event }
        }
        return nil
    }

    /// The text a span stands for: references decoded (unless CDATA), invalid UTF-8 replaced.
    func string(_ span: XMLTextSpan) -> String {
        span.isCDATA ? String(decoding: bytes[span.range], as: UTF8.self) : decode(span.range)
    }

    /// A located failure at a byte offset (line and column are counted only when needed).
    func failure(_ message: String, at offset: Int) -> Failure {
        let (line, column) = location(of: offset)
        return Failure(message: message, line: line, column: column)
    }

    /// 1-based line and column (in characters) of a byte offset.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    private mutating func warn(_ message: String, at offset: Int) {
        recoveredCount += 1
        guard warnings.count < Self.maxWarnings else { return }
        let (line, column) = location(of: offset)
        warnings.append("line \(line), column \(column): \(message)")
    }

    private mutating func markup() throws(Failure) -> XMLEvent? {
        let start = position
        if has("</", at: position) {
            return try endTag()
        }
        if has("<!--", at: position) {
            position = try skip(past: "-->", from: position + 4, what: "comment", start: start)
            return nil
        }
        if has("<![CDATA[", at: position) {
            let end = try find("]]>", from: position + 9, what: "CDATA section", start: start)
            position = end + 3
            return stack.isEmpty ? nil : .text(XMLTextSpan(range: (start + 9)..<end, isCDATA: true))
        }
        if has("<!", at: position) {
            try skipDeclaration()
            return nil
        }
        if has("<?", at: position) {
            position = try skip(past: "?>", from: position + 2, what: "processing instruction", start: start)
            return nil
        }
        if position + 1 < bytes.count, Self.isNameStart(bytes[position + 1]) {
            return try startTag()
        }
        // A lone '<' that starts no markup ("a < b" in sloppy feeds): keep it as text.
        position += 1
        return stack.isEmpty ? nil : .text(XMLTextSpan(range: start..<position, isCDATA: false))
    }

    private mutating func startTag() throws(Failure) -> XMLEvent {
        let start = position
        position += 1
        let qualified = readName()
        var raw: [(name: String, value: String)] = []
        var selfClosing = false
        while true {
            skipSpace()
            guard position < bytes.count else {
                throw failure("document ends inside the start tag <\(qualified)>", at: start)
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") {
                position += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: ">") {
                    position += 1
                    selfClosing = true
                    break
                }
                continue
            }
            guard Self.isNameStart(byte) else {
                // Garbage inside a tag: step over it rather than give up on the document.
                position += 1
                continue
            }
            let name = readName()
            skipSpace()
            var value = ""
            if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                position += 1
                skipSpace()
                value = try attributeValue(in: qualified, start: start)
            }
            raw.append((name, value))
        }
        guard stack.count < maxDepth else {
            throw failure("elements nested deeper than \(maxDepth)", at: start)
        }
        var declarations = 0
        for attribute in raw where attribute.name == "xmlns" || attribute.name.hasPrefix("xmlns:") {
            let prefix = attribute.name == "xmlns" ? "" : String(attribute.name.dropFirst(6))
            bindings[prefix, default: []].append(attribute.value)
            declared.append(prefix)
            declarations += 1
        }
        let name = resolve(qualified, isAttribute: false)
        var attributes: [XMLAttribute] = []
        attributes.reserveCapacity(raw.count)
        for attribute in raw where attribute.name != "xmlns" && !attribute.name.hasPrefix("xmlns:") {
            attributes.append(XMLAttribute(name: resolve(attribute.name, isAttribute: true), value: attribute.value))
        }
        stack.append((qualified, name, declarations))
        pendingSelfClose = selfClosing
        return .start(name, attributes: attributes)
    }

    private mutating func attributeValue(in tag: String, start: Int) throws(Failure) -> String {
        guard position < bytes.count else {
            throw failure("document ends inside the start tag <\(tag)>", at: start)
        }
        let quote = bytes[position]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            guard let end = bytes[(position + 1)...].firstIndex(of: quote) else {
                throw failure("attribute value in <\(tag)> is never closed", at: position)
            }
            let value = decode((position + 1)..<end, normalizingSpace: true)
            position = end + 1
            return value
        }
        // An unquoted value, as HTML allows: up to whitespace or the end of the tag.
        let valueStart = position
        while position < bytes.count, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
            position += 1
        }
        return decode(valueStart..<position, normalizingSpace: true)
    }

    private mutating func endTag() throws(Failure) -> XMLEvent? {
        let start = position
        position += 2
        let qualified = readName()
        guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else {
            throw failure("document ends inside the end tag </\(qualified)>", at: start)
        }
        position = close + 1
        guard let index = stack.lastIndex(where: { $0.qualified == qualified }) else {
            warn("end tag </\(qualified)> closes nothing; ignored", at: start)
            return nil
        }
        if index != stack.count - 1 {
            // Close the elements left open inside it, as feed readers do, and say so.
            warn("end tag </\(qualified)> closes unclosed <\(stack[stack.count - 1].qualified)>", at: start)
            pendingEnds = stack.count - 1 - index
        }
        return .end(pop())
    }

    private mutating func pop() -> XMLName {
        let entry = stack.removeLast()
        for _ in 0..<entry.declarations {
            let prefix = declared.removeLast()
            bindings[prefix]?.removeLast()
        }
        return entry.name
    }

    /// Skips `<!DOCTYPE …>` including an internal subset, and any other `<!…>` declaration.
    /// Entity declarations are read past, never recorded: nothing they define is ever expanded.
    private mutating func skipDeclaration() throws(Failure) {
        let start = position
        position += 2
        var inSubset = false
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard let end = bytes[(position + 1)...].firstIndex(of: byte) else {
                    throw failure("document ends inside a declaration", at: start)
                }
                position = end + 1
            case UInt8(ascii: "[") where !inSubset:
                inSubset = true
                position += 1
            case UInt8(ascii: "]") where inSubset:
                inSubset = false
                position += 1
            case UInt8(ascii: "<") where inSubset && has("<!--", at: position):
                position = try skip(past: "-->", from: position + 4, what: "comment", start: position)
            case UInt8(ascii: ">") where !inSubset:
                position += 1
                return
            default:
                position += 1
            }
        }
        throw failure("document ends inside a declaration", at: start)
    }

    private mutating func readName() -> String {
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func resolve(_ qualified: String, isAttribute: Bool) -> XMLName {
        guard let colon = qualified.utf8.firstIndex(of: UInt8(ascii: ":")) else {
            if isAttribute { return XMLName("", qualified) }
            return XMLName(lookup("") ?? "", qualified)
        }
        let prefix = String(qualified[..<colon])
        let local = String(qualified[qualified.index(after: colon)...])
        if prefix == "xml" { return XMLName(Self.xmlNamespace, local) }
        let uri = lookup(prefix) ?? Self.conventionalPrefixes[prefix] ?? "urn:undeclared-prefix:\(prefix)"
        return XMLName(uri, local)
    }

    private func lookup(_ prefix: String) -> String? {
        bindings[prefix]?.last
    }

    private func has(_ literal: StaticString, at offset: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for index in 0..<count where bytes[offset + index] != pointer[index] { return false }
        return true
    }

    private func find(_ literal: StaticString, from offset: Int, what: String, start: Int) throws(Failure) -> Int {
        let first = literal.utf8Start[0]
        var index = offset
        while index < bytes.count {
            guard let candidate = bytes[index...].firstIndex(of: first) else { break }
            if has(literal, at: candidate) { return candidate }
            index = candidate + 1
        }
        throw failure("document ends inside a \(what)", at: start)
    }

    private func skip(past literal: StaticString, from offset: Int, what: String, start: Int) throws(Failure) -> Int {
        try find(literal, from: offset, what: what, start: start) + literal.utf8CodeUnitCount
    }

    private mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    /// Decodes the five predefined entities and numeric references; any other `&…` is kept as
    /// written. Invalid UTF-8 becomes U+FFFD.
    func decode(_ range: Range<Int>, normalizingSpace: Bool = false) -> String {
        guard let special = nextSpecial(from: range.lowerBound, to: range.upperBound, normalizingSpace) else {
            return String(decoding: bytes[range], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        var found = special
        while true {
            out.append(contentsOf: bytes[index..<found])
            if bytes[found] != UInt8(ascii: "&") {
                out.append(0x20)
                index = found + 1
            } else if let next = appendReference(at: found, limit: range.upperBound, to: &out) {
                index = next
            } else {
                out.append(UInt8(ascii: "&"))
                index = found + 1
            }
            guard let following = nextSpecial(from: index, to: range.upperBound, normalizingSpace) else { break }
            found = following
        }
        out.append(contentsOf: bytes[index..<range.upperBound])
        return String(decoding: out, as: UTF8.self)
    }

    /// The next byte that decoding must handle: `&`, and in attribute values also tab, CR and LF.
    private func nextSpecial(from start: Int, to end: Int, _ normalizingSpace: Bool) -> Int? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") || (normalizingSpace && (byte == 0x0A || byte == 0x0D || byte == 0x09)) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Appends what the reference at `index` stands for and returns the index after it; nil (and
    /// nothing appended) when it is not one to decode.
    private func appendReference(at index: Int, limit: Int, to out: inout [UInt8]) -> Int? {
        var end = index + 1
        while end < limit, end - index <= 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < limit, bytes[end] == UInt8(ascii: ";"), end > index + 1 else { return nil }
        let first = bytes[index + 1]
        if first == UInt8(ascii: "#") {
            var digit = index + 2
            var radix: UInt32 = 10
            if digit < end, bytes[digit] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                digit += 1
            }
            guard digit < end, end - digit <= 8 else { return nil }
            var value: UInt32 = 0
            while digit < end {
                guard let number = Self.digitValue(bytes[digit], radix: radix) else { return nil }
                value = value * radix + number
                digit += 1
            }
            let scalar = (value == 0 ? nil : Unicode.Scalar(value)) ?? "\u{FFFD}"
            UTF8.encode(scalar) { out.append($0) }
            return end + 1
        }
        let length = end - index - 1
        let replacement: UInt8
        switch (length, first) {
        case (3, UInt8(ascii: "a"))
        where bytes[index + 2] == UInt8(ascii: "m") && bytes[index + 3] == UInt8(ascii: "p"):
            replacement = UInt8(ascii: "&")
        case (2, UInt8(ascii: "l")) where bytes[index + 2] == UInt8(ascii: "t"):
            replacement = UInt8(ascii: "<")
        case (2, UInt8(ascii: "g")) where bytes[index + 2] == UInt8(ascii: "t"):
            replacement = UInt8(ascii: ">")
        case (4, UInt8(ascii: "q")) where bytes[(index + 2)..<end].elementsEqual("uot".utf8):
            replacement = UInt8(ascii: "\"")
        case (4, UInt8(ascii: "a")) where bytes[(index + 2)..<end].elementsEqual("pos".utf8):
            replacement = UInt8(ascii: "'")
        default:
            return nil
        }
        out.append(replacement)
        return end + 1
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
