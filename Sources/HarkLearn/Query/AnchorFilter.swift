/// A filter of the words that can hold a rule's anchor, so a post none of whose words can is
/// labelled without scanning it for terms at all.
///
/// Phrases and `NEAR` clauses make common words terms (`"not a member"`, `"check in"`, `"too
/// much"`), and the automaton reports every one it meets: most posts hold a few, and were walked
/// and recorded word by word, though no rule could hold without one of its anchors (the rare terms
/// of `CompiledQuery.anchors`, such as `member` and `much`). When every rule that needs no anchor
/// also reads no term (`rating:<=2`), a post with no anchor word has the same topics whatever else
/// it holds, so the matcher tests each word here first and scans only the posts some word passes.
///
/// Each anchor enters as what a word must hold to be it:
/// - a whole word: its first eight bytes and its length;
/// - a prefix (`charge*`, or the letters before a wildcard's first `*` or `?`): its first eight
///   bytes or fewer, tagged with that count, tested against as many bytes of each word.
/// In front of them, one bit per anchor's first three bytes (all of a shorter word) turns most
/// words away with one multiply and one test. Anchors that only hashtags, handles or runs of
/// Chinese and other unspaced scripts can hold are not entered: a post with such a token is
/// scanned whole.
struct AnchorFilter: Sendable {
    /// Entries: one bit each, of 65,536.
    private var bits = [UInt64](repeating: 0, count: 1024)
    /// One bit per anchor's first three bytes, of 65,536.
    private var starts = [UInt64](repeating: 0, count: 1024)
    /// Bit n set when some prefix enters with n bytes (3 to 8).
    private var prefixLengths: UInt64 = 0

    /// The filter of `anchors` (ids into `terms`), or nil when some anchor could be held by a word
    /// the filter cannot test: a prefix or wildcard with fewer than three letters before its first
    /// wildcard (`*ing`, `ab*`), which the three-byte start bits cannot tell.
    init?(terms: [QueryTerm], anchors: some Sequence<Int32>) {
        for id in anchors {
            let term = terms[Int(id)]
            guard term.marker == .none else { continue }
            let key = term.key
            switch term.kind {
            case .substring:
                continue
            case .word:
                guard !key.isEmpty else { return nil }
                let value = Self.value(of: key, count: min(key.count, 8))
                setStart(value)
                set(WordHash.mix(value, tag: min(key.count, 255)))
            case .prefix, .wildcard:
                let literal = key.prefix { $0 != 0x2A && $0 != 0x3F }
                guard literal.count >= 3 else { return nil }
                let length = min(literal.count, 8)
                let value = Self.value(of: Array(literal), count: length)
                setStart(value)
                prefixLengths |= 1 << UInt64(length)
                set(WordHash.mix(value, tag: Self.prefixTag + length))
            }
        }
    }

    /// Whether some word of `text` may be an anchor, or `text` has a token that is not a word
    /// (a hashtag, a handle, a run); false is certain.
    func mayHold(_ text: FoldedText) -> Bool {
        bits.withUnsafeBufferPointer { bits in
            starts.withUnsafeBufferPointer { starts in
                let bytes = text.utf8
                for token in text.tokens {
                    guard token.kind == .word else { return true }
                    let start = Int(token.start)
                    let count = Int(token.end) - start
                    let value = WordHash.load(bytes, start, min(count, 8))
                    let index = WordHash.startBit(value)
                    guard starts[index >> 6] & (1 << UInt64(index & 63)) != 0 else { continue }
                    if Self.test(bits, WordHash.mix(value, tag: min(count, 255))) { return true }
                    let prefixed = WordHash.anyPrefix(of: value, count: count, lengths: prefixLengths) {
                        Self.test(bits, WordHash.mix($0, tag: Self.prefixTag + $1))
                    }
                    if prefixed { return true }
                }
                return false
            }
        }
    }

    /// The tag of a prefix entry, apart from every word length.
    private static let prefixTag = 1 << 16

    /// The first `count` (at most eight) bytes of `bytes` as a little-endian integer.
    private static func value(of bytes: [UInt8], count: Int) -> UInt64 {
        bytes.withUnsafeBufferPointer { WordHash.load($0, 0, count) }
    }

    private mutating func setStart(_ value: UInt64) {
        let index = WordHash.startBit(value)
        starts[index >> 6] |= 1 << UInt64(index & 63)
    }

    private mutating func set(_ mixed: UInt64) {
        let index = Int(truncatingIfNeeded: mixed >> 48)
        bits[index >> 6] |= 1 << UInt64(index & 63)
    }


    @inline(__always)
    private static func test(_ bits: UnsafeBufferPointer<UInt64>, _ mixed: UInt64) -> Bool {
        let index = Int(truncatingIfNeeded: mixed >> 48)
        return bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }
}
