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
        output.append(contentsOf: render(number))
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    static func appendString(_ string: String, to output: inout ByteBuffer) {
        output.append(ASCII.quote)
        string.withUTF8Buffer { bytes in
            var copyFrom = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == ASCII.quote || byte == ASCII.backslash
            {
                output.append(bytes, copyFrom..<index)
                copyFrom = index + 1
                output.append(ASCII.backslash)
                switch byte {
                case ASCII.quote, ASCII.backslash: output.append(byte)
                case ASCII.newline: output.append(0x6E)
                case ASCII.carriageReturn: output.append(0x72)
                case ASCII.tab: output.append(0x74)
                case 0x08: output.append(0x62)
                case 0x0C: output.append(0x66)
                default:
                    output.append(0x75)
                    output.append(ASCII.zero)
                    output.append(ASCII.zero)
                    output.append(hexDigits.utf8Start[Int(byte >> 4)])
                    output.append(hexDigits.utf8Start[Int(byte & 0xF)])
                }
            }
            output.append(bytes, copyFrom..<bytes.count)
        }
        output.append(ASCII.quote)
    }
}
