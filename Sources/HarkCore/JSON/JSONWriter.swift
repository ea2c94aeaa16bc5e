/// Writes JSON compactly with keys in the order given, escaping per RFC 8259.
///
/// Output is deterministic (key order is the caller's), which hark relies on for stable
/// `poll --once` output, payload signatures and tests. Whole numbers are written without a
/// fraction (`42`, not `42.0`), so ids survive a round trip; infinities and NaN, which JSON cannot
/// express, are written as `null`.
public struct JSONWriter {
    /// Everything written so far.
    public private(set) var output: String = ""

    /// A writer with empty output.
    public init() {}

    /// Appends `value` to `output`.
    public mutating func write(_ value: JSONValue) {
        output += Self.string(value)
    }

    /// `value` as compact JSON.
    public static func string(_ value: JSONValue) -> String {
        var buffer = ByteBuffer(capacity: 256)
        append(value, to: &buffer)
        return buffer.makeString()
    }

    /// `value` as compact JSON in UTF-8, for writing straight to a file or socket.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var buffer = ByteBuffer(capacity: 256)
        append(value, to: &buffer)
        return buffer.makeArray()
    }

    /// A number as JSON writes it: whole numbers without a fraction, others in Swift's shortest
    /// round-tripping form.
    static func render(_ number: Double) -> String {
        if number.rounded() == number && abs(number) < 1e18 {
            return String(Int64(number))
        }
        return number.description
    }

    static func append(_ value: JSONValue, to output: inout ByteBuffer) {
        switch value {
        case .null:
            output.append("null")
        case .bool(let bool):
            output.append(bool ? "true" : "false")
        case .number(let number):
            appendNumber(number, to: &output)
        case .string(let string):
            appendString(string, to: &output)
        case .array(let elements):
            output.append(ASCII.leftBracket)
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(ASCII.comma) }
                append(element, to: &output)
            }
            output.append(ASCII.rightBracket)
        case .object(let object):
            output.append(ASCII.leftBrace)
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(ASCII.comma) }
                appendString(member.key, to: &output)
                output.append(ASCII.colon)
                append(member.value, to: &output)
            }
            output.append(ASCII.rightBrace)
        }
    }

    static func appendNumber(_ number: Double, to output: inout ByteBuffer) {
        guard number.isFinite else { return output.append("null") }
        if appendShortDecimal(number, to: &output) { return }
        output.append(contentsOf: render(number))
    }

    /// Writes `number` without making a `String` when it is a whole number or the double nearest to
    /// a decimal with at most four fraction digits (a sentiment score rounded for output, a rating):
    /// such a double's shortest round-tripping form, which `render` prints, is that decimal with its
    /// trailing zeros dropped. Returns false, writing nothing, for any other number.
    static func appendShortDecimal(_ number: Double, to output: inout ByteBuffer) -> Bool {
        // Below 1e11 a four-digit fraction still leaves the decimal far shorter than a double's 17
        // digits, and Swift prints such numbers without an exponent.
        guard abs(number) < 1e11 else { return false }
        let scaled = (number * 10_000).rounded()
        guard scaled / 10_000 == number else { return false }
        var units = Int64(scaled)
        if units < 0 {
            output.append(ASCII.minus)
            units = -units
        }
        let whole = units / 10_000
        var fraction = units % 10_000
        appendDigits(whole, to: &output)
        guard fraction != 0 else { return true }
        output.append(0x2E)
        var width = 4
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            output.append(ASCII.zero + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
        return true
    }

    /// The decimal digits of a non-negative integer.
    private static func appendDigits(_ value: Int64, to output: inout ByteBuffer) {
        var divisor: Int64 = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            output.append(ASCII.zero + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// A string in quotes, escaped per RFC 8259 by `JSONCursor` (the one definition of escaping)
    /// into room reserved for the worst case.
    static func appendString(_ string: String, to output: inout ByteBuffer) {
        string.withUTF8Buffer { bytes in
            output.appendInPlace(maximum: JSONCursor.bound(utf8Count: bytes.count)) { base in
                var cursor = JSONCursor(base)
                cursor.byte(ASCII.quote)
                cursor.escaped(bytes)
                cursor.byte(ASCII.quote)
                return cursor.pointer - base
            }
        }
    }
}
