/// A filter of the words that can hold the key of an abusive phrase, so a post with none of them is
/// known to be clean after one test per word, with no hash and no table probe.
///
/// The trigger table's own first test (`TriggerTable.Lookup.mayStartKey`) reads three bytes into
/// one bit of 4 KB, and lets through every person word (`you`, `your`, `him`, which the table also
/// holds to weigh what a term could be aimed at) and every word that starts like a key (`help`
/// like `hell`, `more` like `moron*`): most posts. This filter holds only abusive keys, each as
/// what the post must hold for the quick pass to find it:
/// - a whole word: the word's first eight bytes and its length;
/// - a pair key (`you suck`, `come after`): both words, side by side, as the quick pass probes a
///   pair only where one word follows the other. Holding only the rarer word, as this filter once
///   did, let through every post with `after`, `find`, `price` or `show`: about one post in six
///   of the replay corpora, each then paying for the full quick pass;
/// - a stem of four bytes or more: the word's first four bytes, then the stem itself (up to eight
///   bytes), so `jackson` and `simply` no longer pass for `jackass*` and `simpleton*`; a stem of three:
///   its first three bytes.
///
/// Each entry sets two of the filter's 131,072 bits (16 KB), both taken from one multiply, so a
/// word that is no entry passes with a chance of about one in ten thousand, where one bit of 4 KB
/// passed one word in fifty. In front of the entries, one bit per start of a word some entry needs
/// (`mayStartEntry`) turns most words away after a single test. Keys of Chinese characters are not
/// held: runs are left to the full quick pass.
struct AbuseKeyFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 2048)
    /// One bit per start of a word an entry needs (its first three bytes, or the whole of a
    /// shorter word; of a pair, the second word, which is where the pair is tested): 65,536 bits
    /// (8 KB) that turn away most words with one multiply and one test, before the entries' tests.
    private var starts = [UInt64](repeating: 0, count: 1024)

    /// The tag mixed into a stem's bytes, apart from every word length.
    private static let stemTag = 1 << 40
    /// The tag of a whole stem's first (up to) eight bytes, apart from the four-byte test above.
    private static let wholeStemTag = 1 << 41
    /// The tag of a pair key: the two words' lengths above it.
    private static let pairTag = 1 << 42
    /// Bit n set when some stem of four bytes or more has min(length, 8) = n.
    private var wholeStemLengths: UInt64 = 0

    /// Adds an abusive key of words: `word` is the whole word that must stand in the post, or with
    /// `stem`, the stem a word must start with (three bytes or more).
    mutating func insert(_ word: [UInt8], stem: Bool) {
        guard !word.isEmpty, !stem || word.count >= 3 else { return }
        word.withUnsafeBufferPointer { bytes in
            let value = Probe.value(bytes, bytes.indices)
            setStart(value)
            if stem {
                let length = min(bytes.count, 4)
                let mask: UInt64 = length == 4 ? 0xFFFF_FFFF : 0xFF_FFFF
                set(WordHash.mix(value & mask, tag: Self.stemTag + length))
                if bytes.count >= 4 {
                    let whole = min(bytes.count, 8)
                    wholeStemLengths |= 1 << UInt64(whole)
                    set(WordHash.mix(value, tag: Self.wholeStemTag + whole))
                }
            } else {
                set(WordHash.mix(value, tag: bytes.count))
            }
        }
    }

    /// Adds a pair key: `first` then `second`, whole words, one right after the other.
    mutating func insertPair(_ first: [UInt8], _ second: [UInt8]) {
        guard !first.isEmpty, !second.isEmpty else { return }
        let a = first.withUnsafeBufferPointer { Probe.value($0, $0.indices) }
        let b = second.withUnsafeBufferPointer { Probe.value($0, $0.indices) }
        setStart(b)
        set(Self.pairMix(a, first.count, b, second.count))
    }

    private mutating func setStart(_ value: UInt64) {
        let index = WordHash.startBit(value)
        starts[index >> 6] |= 1 << UInt64(index & 63)
    }

    @inline(__always)
    private static func pairMix(_ first: UInt64, _ firstCount: Int, _ second: UInt64, _ secondCount: Int) -> UInt64 {
        // The first word rotated, so `a b` and `b a` (and two equal words) are different entries.
        WordHash.mix(
            (first << 29 | first >> 35) ^ second,
            tag: pairTag + min(firstCount, 255) << 8 + min(secondCount, 255))
    }

    private mutating func set(_ mixed: UInt64) {
        let (first, second) = Self.positions(mixed)
        bits[first >> 6] |= 1 << UInt64(first & 63)
        bits[second >> 6] |= 1 << UInt64(second & 63)
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

    /// Runs `body` with the filter's entry bits, start bits and stem lengths, read in place.
    func withBits<R>(_ body: (Probe) -> R) -> R {
        bits.withUnsafeBufferPointer { bits in
            starts.withUnsafeBufferPointer { starts in
                body(Probe(bits: bits, starts: starts, wholeStemLengths: wholeStemLengths))
            }
        }
    }

    /// The filter for the duration of one text: its bits without bounds checks or reference counting.
    struct Probe {
        let bits: UnsafeBufferPointer<UInt64>
        let starts: UnsafeBufferPointer<UInt64>
        let wholeStemLengths: UInt64

        /// False when no entry needs a word that starts as the word whose first eight bytes are
        /// `value` does: neither `mayHold` nor `mayHoldPair` (with it as the second word) can pass.
        @inline(__always)
        func mayStartEntry(_ value: UInt64) -> Bool {
            let index = WordHash.startBit(value)
            return starts[index >> 6] & (1 << UInt64(index & 63)) != 0
        }

        /// The first (up to) eight bytes of the word `range` of `all`: what every test of a word mixes.
        @inline(__always)
        static func value(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
            WordHash.load(all, range.lowerBound, min(range.count, 8))
        }

        /// Whether a word of `count` bytes whose first eight are `value` may be an abusive key word
        /// or start with an abusive stem; false is certain.
        @inline(__always)
        func mayHold(_ value: UInt64, count: Int) -> Bool {
            if test(bits, WordHash.mix(value, tag: count)) { return true }
            if count >= 4, test(bits, WordHash.mix(value & 0xFFFF_FFFF, tag: stemTag + 4)) {
                // Four bytes are a stem's start: the stem itself must start the word.
                let stemmed = WordHash.anyPrefix(of: value, count: count, lengths: wholeStemLengths) {
                    test(bits, WordHash.mix($0, tag: wholeStemTag + $1))
                }
                if stemmed { return true }
            }
            return count >= 3 && test(bits, WordHash.mix(value & 0xFF_FFFF, tag: stemTag + 3))
        }

        /// Whether the word `first` (of `firstCount` bytes) followed by `second` may be a pair key;
        /// false is certain.
        @inline(__always)
        func mayHoldPair(_ first: UInt64, _ firstCount: Int, _ second: UInt64, _ secondCount: Int) -> Bool {
            test(bits, pairMix(first, firstCount, second, secondCount))
        }
    }
}
