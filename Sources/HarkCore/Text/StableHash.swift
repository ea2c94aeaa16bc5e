/// Hashes that stay the same across runs, machines and Swift versions, for anything stored or shown:
/// alert ids, group keys, notification ids, theme ids, the near-duplicate memory.
///
/// Swift's `Hasher` is seeded per process, so it cannot name something that must keep its name after
/// a restart. `hex` is two FNV-1a lanes with different offsets, each finished with the SplitMix64
/// mixer, giving 128 bits: ample to tell alerts apart for de-duplication. `of` is plain 64-bit
/// FNV-1a, for in-memory keys and short ids. Neither is cryptographic, nor used where an adversary
/// picks inputs to collide.
public struct StableHash {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x6c62_272e_07bb_0142

    public init() {}

    /// Adds one field. Each field is prefixed by its length so `("ab", "c")` and `("a", "bc")` differ.
    public mutating func combine(_ text: String) {
        var length = UInt64(text.utf8.count)
        for _ in 0..<8 {
            add(UInt8(truncatingIfNeeded: length))
            length >>= 8
        }
        for byte in text.utf8 { add(byte) }
    }

    private mutating func add(_ byte: UInt8) {
        first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        second = (second ^ UInt64(byte ^ 0x5c)) &* 0x0000_0100_0000_01b3
    }

    /// 128 bits as 32 lowercase hex digits.
    public var hex: String {
        let lanes = (Self.mix(first), Self.mix(second ^ first))
        // Written straight into the string's storage: every mention alert has one of these ids.
        return String(unsafeUninitializedCapacity: 32) { digits in
            for index in 0..<16 {
                let shift = UInt64(60 - 4 * index)
                digits[index] = Self.hexDigit(lanes.0 >> shift & 0xF)
                digits[16 + index] = Self.hexDigit(lanes.1 >> shift & 0xF)
            }
            return 32
        }
    }

    /// The first lane, mixed: a 64-bit value for in-memory sets of ids.
    public var value64: UInt64 { Self.mix(first) }

    /// The hex id of some fields.
    public static func hex(_ fields: String...) -> String {
        var hash = StableHash()
        for field in fields { hash.combine(field) }
        return hash.hex
    }

    /// 64-bit FNV-1a of some parts, each part closed by a 0xFF byte (which never occurs in UTF-8).
    public static func of(_ parts: String...) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01B3
            }
            value ^= 0xFF
            value &*= 0x0000_0100_0000_01B3
        }
        return value
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
    }
}
