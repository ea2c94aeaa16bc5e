import Foundation

/// Writes JSON at a raw pointer into memory the caller has already reserved, with no capacity
/// checks: the inner loop of `JSONStreamWriter.members(maximum:_:)`.
///
/// Writing a labelled mention through the general writer checked capacity, placed commas and
/// called into `memmove` for every key and string. A mention's size has a cheap upper bound (six
/// bytes out per byte in, the worst escape), so its writer reserves that once and writes fixed
/// key fragments (`,"text":`) and strings straight through this cursor. It is also how
/// `JSONWriter.appendString` escapes, so every JSON string hark writes is escaped by `escaped`.
struct JSONCursor {
    /// Where the next byte goes.
    private(set) var pointer: UnsafeMutablePointer<UInt8>

    init(_ pointer: UnsafeMutablePointer<UInt8>) {
        self.pointer = pointer
    }

    /// The most a string of `utf8Count` bytes can take once quoted and escaped.
    @inline(__always)
    static func bound(utf8Count: Int) -> Int { utf8Count * 6 + 2 }

    @inline(__always)
    mutating func byte(_ byte: UInt8) {
        pointer[0] = byte
        pointer += 1
    }

    /// Bytes that are already JSON: a key with its quotes and colon, a comma before it, a bracket.
    @inline(__always)
    mutating func fragment(_ text: StaticString) {
        let count = text.utf8CodeUnitCount
        let source = text.utf8Start
        for index in 0..<count { pointer[index] = source[index] }
        pointer += count
    }

    /// A string in quotes, escaped.
    @inline(__always)
    mutating func string(_ string: String) {
        byte(ASCII.quote)
        string.withUTF8Buffer { escaped($0) }
        byte(ASCII.quote)
    }

    /// The bytes of a string, escaped (without the quotes). Eight bytes are copied at a time before
    /// they are checked: when one needs escaping, the cursor stops at it, and the bytes stored past
    /// it are overwritten by what follows. Those stores stay within the string's own output, which
    /// is at least as long as the input left.
    mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(pointer).storeBytes(of: word, as: UInt64.self)
            let stops =
                SWAR.bytesEqual(word, ASCII.quote) | SWAR.bytesEqual(word, ASCII.backslash)
                | SWAR.bytesBelow(word, ASCII.space)
            if stops == 0 {
                pointer += 8
                index += 8
                continue
            }
            let plain = stops.trailingZeroBitCount / 8
            pointer += plain
            index += plain
            escape(source[index])
            index += 1
        }
        // The last few bytes: when the eight bytes that end the string need no escaping (so the
        // ones among them already written went out as they are), all eight in one store; else
        // byte by byte.
        let left = count - index
        if left > 0 && count >= 8 {
            let word = UnsafeRawPointer(source + count - 8).loadUnaligned(as: UInt64.self)
            let stops =
                SWAR.bytesEqual(word, ASCII.quote) | SWAR.bytesEqual(word, ASCII.backslash)
                | SWAR.bytesBelow(word, ASCII.space)
            if stops == 0 {
                UnsafeMutableRawPointer(pointer - (8 - left)).storeBytes(of: word, as: UInt64.self)
                pointer += left
                return
            }
        }
        while index < count {
            let byte = source[index]
            if byte < ASCII.space || byte == ASCII.quote || byte == ASCII.backslash {
                escape(byte)
            } else {
                self.byte(byte)
            }
            index += 1
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// A byte that JSON strings must escape: `\"`, `\\`, the short forms, `\u00XX` for the rest.
    private mutating func escape(_ byte: UInt8) {
        pointer[0] = ASCII.backslash
        switch byte {
        case ASCII.quote, ASCII.backslash: pointer[1] = byte
        case ASCII.newline: pointer[1] = 0x6E
        case ASCII.carriageReturn: pointer[1] = 0x72
        case ASCII.tab: pointer[1] = 0x74
        case 0x08: pointer[1] = 0x62
        case 0x0C: pointer[1] = 0x66
        default:
            pointer[1] = 0x75
            pointer[2] = ASCII.zero
            pointer[3] = ASCII.zero
            pointer[4] = Self.hexDigits.utf8Start[Int(byte >> 4)]
            pointer[5] = Self.hexDigits.utf8Start[Int(byte & 0xF)]
            pointer += 6
            return
        }
        pointer += 2
    }

    /// A time as `Timestamp.rfc3339` writes it, in quotes.
    @inline(__always)
    mutating func timestamp(_ date: Date) {
        byte(ASCII.quote)
        pointer += Timestamp.writeRFC3339(date, to: pointer)
        byte(ASCII.quote)
    }

    /// The most `timestamp` writes.
    static let timestampBound = Timestamp.maximumRFC3339Length + 2
}
