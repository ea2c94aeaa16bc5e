/// A hash that stays the same across runs, machines and Swift versions, for alert ids, group keys
/// and notification ids.
///
/// Swift's `Hasher` is seeded per process, so it cannot name an alert that must keep its id after a
/// restart. This is two FNV-1a lanes with different offsets, each finished with the SplitMix64 mixer,
/// giving 128 bits: ample to tell alerts apart for de-duplication. It is not cryptographic and is
/// not used where an adversary picks inputs to collide.
struct StableHash {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x6c62_272e_07bb_0142

    init() {}

    /// Adds one field. Each field is prefixed by its length so `("ab", "c")` and `("a", "bc")` differ.
    mutating func combine(_ text: String) {
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
    var hex: String {
        Self.hexDigits(Self.mix(first)) + Self.hexDigits(Self.mix(second ^ first))
    }

    /// The first lane, mixed: a 64-bit value for in-memory sets of ids.
    var value64: UInt64 { Self.mix(first) }

    /// The hex id of some fields.
    static func hex(_ fields: String...) -> String {
        var hash = StableHash()
        for field in fields { hash.combine(field) }
        return hash.hex
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private static func hexDigits(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
