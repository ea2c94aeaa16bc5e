/// Parses JSON text. Nesting is capped (default 512) so hostile input cannot exhaust the stack.
///
/// RFC 8259 strict in what counts as JSON (no comments, no trailing commas, no leading zeros, no
/// raw control characters in strings, nothing after the value), lenient only where rejecting would
/// lose good data: invalid UTF-8 and lone surrogate escapes inside strings become U+FFFD, and a
/// leading byte order mark is skipped. The parser is iterative, so `maxDepth` bounds memory, not
/// the call stack. Numbers are read as `Double`.
public enum JSONParser {
    /// Parses a complete JSON document from UTF-8 bytes.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parseBuffer(buffer, maxDepth: maxDepth) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parseBuffer(buffer, maxDepth: maxDepth) }
        }.get()
    }

    /// Parses a complete JSON document from text.
    public static func parse(_ text: String, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        try text.withUTF8Buffer { buffer in
            Result { () throws(JSONParseError) in try parseBuffer(buffer, maxDepth: maxDepth) }
        }.get()
    }

    /// The string whose opening quote is at `quoteAt` in `bytes`, decoded exactly as `parse` would
    /// decode it; nil when it is not a valid string. For readers that find a string's extent first
    /// and decode only the strings they keep (`ReplayLine`).
    static func decodeString(_ bytes: UnsafeBufferPointer<UInt8>, quoteAt: Int) -> String? {
        var reader = JSONReader(bytes, maxDepth: 1)
        return reader.string(at: quoteAt)
    }

    private static func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(JSONParseError)
        -> JSONValue
    {
        var reader = JSONReader(buffer, maxDepth: maxDepth)
        return try reader.document()
    }
}

/// The parsing state: a cursor over the input and a stack of open containers.
private struct JSONReader {
    /// A container being filled; for objects, `key` names the member whose value comes next.
    private struct OpenContainer {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members: [(key: String, value: JSONValue)] = []
        var key: String = ""
    }

    /// What reading at a value position produced: a finished value or a newly opened container.
    private enum Step {
        case value(JSONValue)
        case opened
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var position = 0
    private var stack: [OpenContainer] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The whole document: one value surrounded by optional whitespace.
    mutating func document() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            position = 3
        }
        while true {
            skipWhitespace()
            guard case .value(var value) = try valueStep() else { continue }
            // Attach the finished value to its container, closing containers that end here,
            // until one needs another value or the document is complete.
            while true {
                skipWhitespace()
                guard !stack.isEmpty else {
                    guard position == bytes.count else {
                        throw error("unexpected \(found) after the JSON value")
                    }
                    return value
                }
                let top = stack.count - 1
                let byte = position < bytes.count ? bytes[position] : 0
                if stack[top].isObject {
                    stack[top].members.append((stack[top].key, value))
                    if byte == ASCII.comma {
                        position += 1
                        skipWhitespace()
                        if position < bytes.count && bytes[position] == ASCII.rightBrace {
                            throw error("trailing comma before '}'")
                        }
                        stack[top].key = try memberKey()
                        break
                    }
                    guard byte == ASCII.rightBrace else {
                        throw error("expected ',' or '}' after object member, found \(found)")
                    }
                    position += 1
                    value = .object(JSONObject(stack.removeLast().members))
                } else {
                    stack[top].elements.append(value)
                    if byte == ASCII.comma {
                        position += 1
                        skipWhitespace()
                        if position < bytes.count && bytes[position] == ASCII.rightBracket {
                            throw error("trailing comma before ']'")
                        }
                        break
                    }
                    guard byte == ASCII.rightBracket else {
                        throw error("expected ',' or ']' after array element, found \(found)")
                    }
                    position += 1
                    value = .array(stack.removeLast().elements)
                }
            }
        }
    }

    /// Reads what starts at a value position (whitespace already skipped).
    private mutating func valueStep() throws(JSONParseError) -> Step {
        guard position < bytes.count else {
            // At the top level only whitespace can come before the end, so the document is empty.
            throw error(
                stack.isEmpty ? "empty input, expected a JSON value" : "unexpected end of input, expected a value")
        }
        switch bytes[position] {
        case ASCII.leftBrace:
            try checkDepth()
            position += 1
            skipWhitespace()
            if position < bytes.count && bytes[position] == ASCII.rightBrace {
                position += 1
                return .value(.object(JSONObject()))
            }
            var container = OpenContainer(isObject: true)
            container.key = try memberKey(first: true)
            stack.append(container)
            return .opened
        case ASCII.leftBracket:
            try checkDepth()
            position += 1
            skipWhitespace()
            if position < bytes.count && bytes[position] == ASCII.rightBracket {
                position += 1
                return .value(.array([]))
            }
            stack.append(OpenContainer(isObject: false))
            return .opened
        case ASCII.quote:
            return .value(.string(try string()))
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return .value(.number(try number()))
        case 0x74:
            try literal("true")
            return .value(.bool(true))
        case 0x66:
            try literal("false")
            return .value(.bool(false))
        case 0x6E:
            try literal("null")
            return .value(.null)
        default:
            throw error("expected a value, found \(found)")
        }
    }

    private func checkDepth() throws(JSONParseError) {
        if stack.count >= maxDepth {
            throw error("nesting deeper than \(maxDepth) levels")
        }
    }

    /// A member's key and the `:` after it (whitespace before the key already skipped).
    private mutating func memberKey(first: Bool = false) throws(JSONParseError) -> String {
        guard position < bytes.count && bytes[position] == ASCII.quote else {
            throw error(
                first
                    ? "expected '\"' to begin an object key or '}', found \(found)"
                    : "expected '\"' to begin an object key, found \(found)")
        }
        let key = try string()
        skipWhitespace()
        guard position < bytes.count && bytes[position] == ASCII.colon else {
            throw error("expected ':' after object key, found \(found)")
        }
        position += 1
        return key
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        for offset in 0..<count {
            guard position + offset < bytes.count && bytes[position + offset] == start[offset] else {
                position += offset
                throw error("invalid literal, expected '\(word)'")
            }
        }
        position += count
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == ASCII.space || byte == ASCII.newline || byte == ASCII.carriageReturn || byte == ASCII.tab
            else { return }
            position += 1
        }
    }

    /// See `JSONParser.decodeString`.
    mutating func string(at opening: Int) -> String? {
        guard opening >= 0, opening < bytes.count, bytes[opening] == ASCII.quote else { return nil }
        position = opening
        return try? string()
    }

    // MARK: Strings

    /// A string starting at the opening quote. Runs without escapes are decoded straight from the
    /// input; invalid UTF-8 becomes U+FFFD (the standard library's repair, maximal subparts).
    private mutating func string() throws(JSONParseError) -> String {
        let opening = position
        position += 1
        let start = position
        // Skip eight plain bytes at a time to the first quote, backslash or control character.
        while position + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self)
            let stops =
                SWAR.bytesEqual(word, ASCII.quote) | SWAR.bytesEqual(word, ASCII.backslash)
                | SWAR.bytesBelow(word, ASCII.space)
            if stops != 0 {
                position += stops.trailingZeroBitCount / 8
                break
            }
            position += 8
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == ASCII.quote {
                let result = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return result
            }
            if byte == ASCII.backslash || byte < 0x20 { break }
            position += 1
        }
        guard position < bytes.count else {
            position = opening
            throw error("unterminated string")
        }
        var buffer = ByteBuffer(capacity: position - start + 64)
        buffer.append(bytes, start..<position)
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case ASCII.quote:
                position += 1
                return buffer.makeString()
            case ASCII.backslash:
                try escape(into: &buffer)
            case 0..<0x20:
                throw error("unescaped control character U+\(hex4(UInt32(byte))) in string")
            default:
                buffer.append(byte)
                position += 1
            }
        }
        position = opening
        throw error("unterminated string")
    }

    /// One escape sequence starting at the backslash.
    private mutating func escape(into buffer: inout ByteBuffer) throws(JSONParseError) {
        guard position + 1 < bytes.count else {
            position += 1
            throw error("unterminated string")
        }
        let code = bytes[position + 1]
        let simple: UInt8? =
            switch code {
            case ASCII.quote, ASCII.backslash, ASCII.slash: code
            case 0x62: 0x08
            case 0x66: 0x0C
            case 0x6E: ASCII.newline
            case 0x72: ASCII.carriageReturn
            case 0x74: ASCII.tab
            default: nil
            }
        if let simple {
            buffer.append(simple)
            position += 2
            return
        }
        guard code == 0x75 else {
            position += 1
            throw error("invalid escape sequence '\\\(printable(code))' in string")
        }
        let unit = try unicodeEscape()
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate is only meaningful with a low one right after it.
            if position + 1 < bytes.count && bytes[position] == ASCII.backslash && bytes[position + 1] == 0x75 {
                let saved = position
                let low = try unicodeEscape()
                if (0xDC00...0xDFFF).contains(low) {
                    buffer.appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    return
                }
                position = saved
            }
            buffer.appendScalar(0xFFFD)
        case 0xDC00...0xDFFF:
            buffer.appendScalar(0xFFFD)
        default:
            buffer.appendScalar(unit)
        }
    }

    /// `\uXXXX` starting at the backslash; returns the code unit and moves past it.
    private mutating func unicodeEscape() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for offset in 2..<6 {
            guard position + offset < bytes.count, let digit = ASCII.hexValue(bytes[position + offset]) else {
                position += offset
                throw error("invalid \\u escape, expected 4 hex digits, found \(found)")
            }
            value = value << 4 | digit
        }
        position += 6
        return value
    }

    // MARK: Numbers

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A number per the RFC 8259 grammar. Up to 15 significant digits with a small exponent are
    /// converted exactly by one multiplication or division (both operands are exact doubles); the
    /// rest goes through the standard library's correctly rounded conversion.
    private mutating func number() throws(JSONParseError) -> Double {
        let start = position
        var negative = false
        if bytes[position] == ASCII.minus {
            negative = true
            position += 1
        }
        guard position < bytes.count && ASCII.isDigit(bytes[position]) else {
            throw error("expected a digit after '-', found \(found)")
        }
        var mantissa: UInt64 = 0
        var digitCount = 0
        var exponent = 0
        if bytes[position] == ASCII.zero {
            position += 1
            if position < bytes.count && ASCII.isDigit(bytes[position]) {
                throw error("leading zeros are not allowed in numbers")
            }
        } else {
            while position < bytes.count && ASCII.isDigit(bytes[position]) {
                if digitCount < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[position] - ASCII.zero) }
                digitCount += 1
                position += 1
            }
        }
        if position < bytes.count && bytes[position] == ASCII.dot {
            position += 1
            guard position < bytes.count && ASCII.isDigit(bytes[position]) else {
                throw error("expected a digit after the decimal point, found \(found)")
            }
            while position < bytes.count && ASCII.isDigit(bytes[position]) {
                if digitCount < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[position] - ASCII.zero)
                    exponent -= 1
                }
                if mantissa != 0 || digitCount > 0 { digitCount += 1 }
                position += 1
            }
        }
        if position < bytes.count && bytes[position] | 0x20 == 0x65 {
            position += 1
            var exponentNegative = false
            if position < bytes.count && (bytes[position] == ASCII.plus || bytes[position] == ASCII.minus) {
                exponentNegative = bytes[position] == ASCII.minus
                position += 1
            }
            guard position < bytes.count && ASCII.isDigit(bytes[position]) else {
                throw error("expected a digit in the exponent, found \(found)")
            }
            var written = 0
            while position < bytes.count && ASCII.isDigit(bytes[position]) {
                if written < 100_000 { written = written * 10 + Int(bytes[position] - ASCII.zero) }
                position += 1
            }
            exponent += exponentNegative ? -written : written
        }
        if digitCount <= 15 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            value = exponent >= 0 ? value * Self.powersOfTen[exponent] : value / Self.powersOfTen[-exponent]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else {
            throw error("invalid number '\(text)'")
        }
        return value
    }

    // MARK: Errors

    /// What is at the current position, for messages: `'x'`, `end of input`, `byte 0xFF`.
    private var found: String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        return byte >= 0x20 && byte < 0x7F
            ? "'\(printable(byte))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// An error at the current position, with line and column worked out only now (errors are rare,
    /// so the happy path never tracks lines).
    private func error(_ message: String) -> JSONParseError {
        let offset = min(position, bytes.count)
        var line = 1
        var lineStart = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var index = 0
        while index < offset {
            let byte = bytes[index]
            if byte == ASCII.newline
                || (byte == ASCII.carriageReturn && (index + 1 >= bytes.count || bytes[index + 1] != ASCII.newline))
            {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        for index in min(lineStart, offset)..<offset where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return JSONParseError(line: line, column: column, offset: offset, message: message)
    }
}
