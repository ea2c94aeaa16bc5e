/// A word of up to 16 UTF-8 bytes packed into two integers, so a theme document can look words up
/// and de-duplicate terms without creating and hashing a `String` per word.
///
/// Words never hold a zero byte (the normalizer turns control characters into separators), so zero
/// padding cannot make two different words pack alike.
struct PackedWord: Hashable {
    /// The longest word that packs.
    static let maximumLength = 16

    var low: UInt64 = 0
    var high: UInt64 = 0

    /// The empty word: a free slot in `PackedWordMap`.
    init() {}

    /// Packs `count` bytes at `base`, followed by a `y` when `appendingY` (the stemmer's `ies` → `y`);
    /// nil when the result is empty (the map's free-slot marker) or longer than 16 bytes.
    @inline(__always)
    init?(_ base: UnsafePointer<UInt8>, count: Int, appendingY: Bool = false) {
        let total = appendingY ? count + 1 : count
        guard total > 0, total <= Self.maximumLength else { return nil }
        for offset in 0..<count { put(base[offset], at: offset) }
        if appendingY { put(UInt8(ascii: "y"), at: count) }
    }

    /// Packs a word given as a string; nil when it is empty or longer than 16 bytes.
    init?(_ word: String) {
        let utf8 = word.utf8
        guard !utf8.isEmpty, utf8.count <= Self.maximumLength else { return nil }
        for (offset, byte) in utf8.enumerated() { put(byte, at: offset) }
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8, at offset: Int) {
        if offset < 8 {
            low |= UInt64(byte) << (8 * UInt64(offset))
        } else {
            high |= UInt64(byte) << (8 * UInt64(offset - 8))
        }
    }

    var isEmpty: Bool { low == 0 }

    @inline(__always)
    var hashBits: UInt64 {
        (low ^ (high &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
    }
}

/// An open-addressing map from packed words to small integers: the stop-word table of an engine and
/// the term index of one document. Linear probing over a power-of-two table kept at most half full.
struct PackedWordMap {
    private var keys: [PackedWord]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    /// A map sized for about `expected` entries without growing.
    init(expected: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < expected * 2 { bits += 1 }
        keys = [PackedWord](repeating: PackedWord(), count: 1 << bits)
        values = [Int32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    func value(for key: PackedWord) -> Int32? {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key.hashBits >> shift)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored.isEmpty { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `value` for `key`, replacing any value it had.
    mutating func set(_ value: Int32, for key: PackedWord) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key.hashBits >> shift)
        while true {
            let stored = keys[slot]
            if stored == key {
                values[slot] = value
                return
            }
            if stored.isEmpty {
                keys[slot] = key
                values[slot] = value
                count += 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        var larger = PackedWordMap(expected: keys.count)
        for (slot, key) in keys.enumerated() where !key.isEmpty { larger.set(values[slot], for: key) }
        self = larger
    }
}
