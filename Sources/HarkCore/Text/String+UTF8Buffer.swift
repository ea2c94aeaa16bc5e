extension String {
    /// Runs `body` over the string's UTF-8 bytes without copying them when the string is native.
    ///
    /// The text, time and JSON code all work on bytes rather than `Character`s for speed; this is
    /// the one place that gets at them.
    func withUTF8Buffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        var copy = self
        return copy.withUTF8(body)
    }
}

/// ASCII byte constants used by the byte-level scanners, named so the code reads as text.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let exclamation: UInt8 = 0x21
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let ampersand: UInt8 = 0x26
    static let apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let leftBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let rightBracket: UInt8 = 0x5D
    static let leftBrace: UInt8 = 0x7B
    static let rightBrace: UInt8 = 0x7D

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 { isLetter(byte) ? byte | 0x20 : byte }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt32? {
        if isDigit(byte) { return UInt32(byte &- 0x30) }
        let lower = byte | 0x20
        if lower >= 0x61 && lower <= 0x66 { return UInt32(lower &- 0x61 &+ 10) }
        return nil
    }
}

/// Byte tests on eight bytes at once (SIMD within a register), for scanners that check every byte
/// of a text and find nothing in almost all of them. Each returns a word with the high bit of a
/// byte set where that byte passes, and no other bits; exact, with no false positives.
enum SWAR {
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowSeven: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Bytes equal to `value`.
    @inline(__always)
    static func bytesEqual(_ word: UInt64, _ value: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(value))
        // A byte of x is zero exactly when adding 0x7F to its low seven bits leaves the high bit clear
        // and its own high bit is clear.
        return ~(((x & lowSeven) &+ lowSeven) | x) & highBits
    }

    /// Bytes below `limit` (at most 0x80); bytes of 0x80 and above never pass.
    @inline(__always)
    static func bytesBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        // For a byte b < 0x80: (b & 0x7F) + (0x80 - limit) has its high bit clear exactly when b < limit.
        let sum = (word & lowSeven) &+ (0x0101_0101_0101_0101 &* UInt64(0x80 - limit))
        return ~(sum | word) & highBits
    }
}
