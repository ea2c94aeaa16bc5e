/// The word lists of `ThemeTerms` (stop words, articles, Chinese stop characters) and an engine's
/// ignored words, compiled into byte-keyed tables once per engine.
///
/// A theme document asks "is this a stop word?" for every word of a post, two or four times; asking
/// `Set<String>` means building a `String` and hashing it each time. Here a short ASCII word is
/// packed into two integers and found with one probe. The sets stay the definition: this table is
/// built from them and answers the same for every word the fast path sends it (folded ASCII words;
/// anything longer than 16 bytes is asked of `ignored` itself).
struct ThemeVocabulary {
    /// The engine's ignored words, as `ThemeTerms` reads them.
    let ignored: Set<String>
    private let table: PackedWordMap

    static let stopFlag: Int32 = 1
    static let articleFlag: Int32 = 2

    init(ignoring ignored: Set<String>) {
        self.ignored = ignored
        var table = PackedWordMap(expected: ThemeTerms.stopWords.count + ignored.count + 16)
        func mark(_ word: String, _ flag: Int32) {
            guard word.utf8.allSatisfy({ $0 < 0x80 }), let key = PackedWord(word) else { return }
            table.set((table.value(for: key) ?? 0) | flag, for: key)
        }
        for word in ThemeTerms.stopWords { mark(word, Self.stopFlag) }
        for word in ignored { mark(word, Self.stopFlag) }
        for word in ThemeTerms.articles { mark(word, Self.articleFlag) }
        self.table = table
    }

    /// The flags of a folded ASCII word of up to 16 bytes (0 when it is on no list).
    @inline(__always)
    func flags(_ key: PackedWord) -> Int32 {
        table.value(for: key) ?? 0
    }

    /// The flags of a folded word given as a string: stop words, articles and ignored words of any
    /// length (an ignored word may be longer than 16 bytes; no stop word or article is).
    func flags(of word: String) -> Int32 {
        if let key = PackedWord(word) { return flags(key) }
        return ignored.contains(word) ? Self.stopFlag : 0
    }

    /// True when a folded word longer than 16 bytes is ignored (no stop word or article is that long).
    func ignoresLong(_ word: String) -> Bool {
        ignored.contains(word)
    }

    /// True when `scalar`, a CJK unified ideograph (U+4E00–U+9FFF), is a Chinese stop character.
    @inline(__always)
    static func isChineseStop(_ scalar: UInt32) -> Bool {
        let offset = Int(scalar &- 0x4E00)
        return chineseStopBits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    /// `ThemeTerms.chineseStopCharacters` as a bitmap over U+4E00–U+9FFF.
    private static let chineseStopBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (0xA000 - 0x4E00) / 64)
        for character in ThemeTerms.chineseStopCharacters {
            let scalars = character.unicodeScalars
            guard scalars.count == 1, let value = scalars.first?.value, (0x4E00...0x9FFF).contains(value) else {
                preconditionFailure("Chinese stop characters are single CJK unified ideographs")
            }
            let offset = Int(value - 0x4E00)
            bits[offset >> 6] |= 1 << UInt64(offset & 63)
        }
        return bits
    }()
}
