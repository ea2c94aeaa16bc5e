/// A filter of the words that can hold the key of an abusive phrase, so a post with none of them is
/// known to be clean after one test per word, with no hash and no table probe.
///
/// The trigger table's own first test (`TriggerTable.Lookup.mayStartKey`) reads three bytes into
/// one bit of 4 KB, and lets through every person word (`you`, `your`, `him`, which the table also
/// holds to weigh what a term could be aimed at) and every word that starts like a key (`help`
/// like `hell`, `more` like `moron*`): most posts. This filter holds only abusive keys, each as
/// what a word holding it must be:
/// - a whole word (or, of a pair key, its rarer word: `suck` for `you suck`): the word's first
///   eight bytes and its length;
/// - a stem of four bytes or more: the word's first four bytes; a stem of three: its first three.
///
/// Each entry sets two of the filter's 131,072 bits (16 KB), both taken from one multiply, so a
/// word that is no entry passes with a chance of about one in ten thousand, where one bit of 4 KB
/// passed one word in fifty. Keys of Chinese characters are not held: runs are left to the full quick pass.
struct AbuseKeyFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 2048)

    /// The tag mixed into a stem's bytes, apart from every word length.
    private static let stemTag = 1 << 40

    /// Adds an abusive key of words: `word` is the whole word that must stand in the post, or with
    /// `stem`, the stem a word must start with (three bytes or more).
    mutating func insert(_ word: [UInt8], stem: Bool) {
        guard !word.isEmpty else { return }
        word.withUnsafeBufferPointer { bytes in
            let value = WordHash.load(bytes, 0, min(bytes.count, 8))
            if stem {
                guard bytes.count >= 3 else { return }
                let length = min(bytes.count, 4)
                let mask: UInt64 = length == 4 ? 0xFFFF_FFFF : 0xFF_FFFF
                set(Self.mix(value & mask, tag: Self.stemTag + length))
            } else {
                set(Self.mix(value, tag: bytes.count))
            }
        }
    }

    private mutating func set(_ mixed: UInt64) {
        let (first, second) = Self.positions(mixed)
        bits[first >> 6] |= 1 << UInt64(first & 63)
        bits[second >> 6] |= 1 << UInt64(second & 63)
    }

    @inline(__always)
    private static func mix(_ value: UInt64, tag: Int) -> UInt64 {
        (value ^ (UInt64(truncatingIfNeeded: tag) &* 0x9E37_79B9_7F4A_7C15)) &* 0xD6E8_FEB8_6659_FD93
    }

    @inline(__always)
    private static func positions(_ mixed: UInt64) -> (Int, Int) {
        (Int(truncatingIfNeeded: mixed >> 47), Int(truncatingIfNeeded: (mixed >> 30) & 0x1_FFFF))
    }

    @inline(__always)
    private static func test(_ bits: UnsafeBufferPointer<UInt64>, _ mixed: UInt64) -> Bool {
        let (first, second) = positions(mixed)
        return bits[first >> 6] & (1 << UInt64(first & 63)) != 0
            && bits[second >> 6] & (1 << UInt64(second & 63)) != 0
    }

    /// Runs `body` with the filter's bits, read in place.
    func withBits<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
        bits.withUnsafeBufferPointer(body)
    }

    /// Whether the word `range` (not empty) of `all` may be an abusive key word or start with an
    /// abusive stem; false is certain.
    @inline(__always)
    static func mayHold(_ bits: UnsafeBufferPointer<UInt64>, _ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let count = range.count
        let value = WordHash.load(all, range.lowerBound, min(count, 8))
        if test(bits, mix(value, tag: count)) { return true }
        if count >= 4, test(bits, mix(value & 0xFFFF_FFFF, tag: stemTag + 4)) { return true }
        return count >= 3 && test(bits, mix(value & 0xFF_FFFF, tag: stemTag + 3))
    }
}
