import HarkCore

/// Reading a demand's post on UTF-8 bytes: the serial theme stage reads every demand's whole post,
/// and building `ThemeTerms.Unit`s for it (two strings, a stemmed copy and four set lookups per word,
/// then joined strings for the duplicate key) cost far more than clustering the demand.
///
/// The fast path folds the post once and walks its tokens: stems are byte ranges, stop words are
/// found in `ThemeVocabulary`, terms are de-duplicated by packed bytes, and the duplicate key is
/// hashed as the words go by (the same FNV-1a `StableHash.of` computes over the joined keys). Only
/// distinct terms become strings. The request (a clause, a few words) is read into units, which keep
/// the author's spelling for labels, by `ThemeTerms.asciiUnits` when it is ASCII.
///
/// It handles texts whose terms are ASCII words and CJK unified ideographs (U+4E00–U+9FFF), where
/// equal strings are equal bytes and each ideograph is one `Character`; for anything else (Greek,
/// Hangul, a word with a combining mark) it returns nil and the reference reading runs.
extension ThemeDocument {
    static func fast(_ demand: DemandMention, vocabulary: ThemeVocabulary, keepingPostKeys: Bool) -> ThemeDocument? {
        let requestText = demand.request.isEmpty ? demand.clause : demand.request
        let request =
            ThemeTerms.asciiUnits(requestText, vocabulary: vocabulary)
            ?? ThemeTerms.units(requestText, ignoring: vocabulary.ignored)
        for unit in request where !isPlain(unit.key) { return nil }
        let normalized = NormalizedText(demand.text)

        var document = ThemeDocument()
        var index = PackedWordMap(expected: request.count * 2 + normalized.tokens.count + 8)
        var longIndex: [String: Int] = [:]
        for term in terms(request) {
            let weight = term.utf8.contains(0x20) ? pairWeight : 1
            let at: Int?
            if let key = PackedWord(term) {
                at = index.value(for: key).map(Int.init)
                if at == nil { index.set(Int32(document.terms.count), for: key) }
            } else {
                at = longIndex[term]
                if at == nil { longIndex[term] = document.terms.count }
            }
            if let at {
                document.weights[at] = max(document.weights[at], weight)
            } else {
                document.terms.append(term)
                document.weights.append(weight)
            }
        }
        document.phrases = phrases(request)

        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hashedKeys = 0
        let read = normalized.utf8.withUnsafeBufferPointer { buffer -> Bool in
            guard let bytes = buffer.baseAddress else { return true }

            /// Adds a post word or character pair as a context term unless the document has it.
            func addContext(_ base: UnsafePointer<UInt8>, _ count: Int, appendingY: Bool) {
                if let key = PackedWord(base, count: count, appendingY: appendingY) {
                    guard index.value(for: key) == nil else { return }
                    index.set(Int32(document.terms.count), for: key)
                    document.terms.append(makeString(base, count, appendingY: appendingY))
                } else {
                    let term = makeString(base, count, appendingY: appendingY)
                    guard longIndex[term] == nil else { return }
                    longIndex[term] = document.terms.count
                    document.terms.append(term)
                }
                document.weights.append(contextWeight)
            }

            func hashKey(_ base: UnsafePointer<UInt8>, _ count: Int, appendingY: Bool) {
                if hashedKeys > 0 { hash = (hash ^ 0x20) &* 0x0000_0100_0000_01B3 }
                for offset in 0..<count { hash = (hash ^ UInt64(base[offset])) &* 0x0000_0100_0000_01B3 }
                if appendingY { hash = (hash ^ UInt64(UInt8(ascii: "y"))) &* 0x0000_0100_0000_01B3 }
                hashedKeys += 1
            }

            func isStop(_ base: UnsafePointer<UInt8>, _ count: Int, appendingY: Bool) -> Bool {
                if let key = PackedWord(base, count: count, appendingY: appendingY) {
                    return vocabulary.flags(key) & ThemeVocabulary.stopFlag != 0
                }
                return vocabulary.ignoresLong(makeString(base, count, appendingY: appendingY))
            }

            for token in normalized.tokens {
                let start = Int(token.start)
                let count = Int(token.end) - start
                let base = bytes + start
                switch token.kind {
                case .word:
                    for offset in 0..<count where base[offset] >= 0x80 { return false }
                    let (length, appendingY) = stem(base, count)
                    let stemmed = length != count || appendingY
                    let folded = PackedWord(base, count: count)
                    let flags = folded.map(vocabulary.flags) ?? 0
                    let stop =
                        folded.map { _ in flags & ThemeVocabulary.stopFlag != 0 }
                        ?? isStop(base, count, appendingY: false)
                        || (stemmed && isStop(base, length, appendingY: appendingY))
                    if !stop { addContext(base, length, appendingY: appendingY) }
                    if keepingPostKeys, flags & ThemeVocabulary.articleFlag == 0 {
                        document.postKeys.append(makeString(base, length, appendingY: appendingY))
                    }
                    let isRT = length == 2 && !appendingY && base[0] == UInt8(ascii: "r") && base[1] == UInt8(ascii: "t")
                    if !isRT { hashKey(base, length, appendingY: appendingY) }
                case .run:
                    guard count % 3 == 0 else { return false }
                    var offset = 0
                    while offset < count {
                        guard ideograph(base + offset) != nil else { return false }
                        offset += 3
                    }
                    let characters = count / 3
                    if characters == 1 {
                        if !ThemeVocabulary.isChineseStop(ideograph(base)!) { addContext(base, 3, appendingY: false) }
                    } else {
                        var stopHere = ThemeVocabulary.isChineseStop(ideograph(base)!)
                        for character in 0..<(characters - 1) {
                            let stopNext = ThemeVocabulary.isChineseStop(ideograph(base + 3 * character + 3)!)
                            if !stopHere, !stopNext { addContext(base + 3 * character, 6, appendingY: false) }
                            stopHere = stopNext
                        }
                    }
                    for character in 0..<characters {
                        if keepingPostKeys { document.postKeys.append(makeString(base + 3 * character, 3, appendingY: false)) }
                        hashKey(base + 3 * character, 3, appendingY: false)
                    }
                case .hashtag, .handle:
                    break
                }
            }
            return true
        }
        guard read else { return nil }

        // Copies are told by their words without links, handles and a retweet's "RT".
        if mayMentionLink(demand.text), mentionsLink(demand.text) {
            let copyKeys = linklessUnits(demand.text).map(\.key).filter { $0 != "rt" }
            if !copyKeys.isEmpty { document.duplicateKey = StableHash.of(copyKeys.joined(separator: " ")) }
        } else if hashedKeys > 0 {
            document.duplicateKey = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3
        }
        return document
    }

    /// `ThemeTerms.stem` on bytes: the stem is the first `length` bytes of the word, followed by a
    /// `y` when `appendingY` (`ies` → `y`). The word must be ASCII.
    @inline(__always)
    static func stem(_ word: UnsafePointer<UInt8>, _ count: Int) -> (length: Int, appendingY: Bool) {
        guard count >= 4 else { return (count, false) }
        var length = count
        func ends(_ suffix: StaticString) -> Bool {
            let size = suffix.utf8CodeUnitCount
            guard length > size else { return false }
            let tail = suffix.utf8Start
            for offset in 0..<size where word[length - size + offset] != tail[offset] { return false }
            return true
        }
        func undouble() {
            guard length >= 3 else { return }
            let last = word[length - 1]
            guard last == word[length - 2] else { return }
            switch last {
            case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "g"), UInt8(ascii: "m"), UInt8(ascii: "n"),
                UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                length -= 1
            default:
                break
            }
        }
        if ends("'s") { length -= 2 }
        if ends("sses") {
            length -= 2
        } else if ends("ies"), length >= 5 {
            // The stem ends in the `y` that replaces `ies`, so no `ing`/`ed` rule applies after it.
            return (length - 3, true)
        } else if ends("s"), length >= 4, !ends("ss"), !ends("us"), !ends("is") {
            length -= 1
        }
        if ends("ing"), length >= 6 {
            length -= 3
            undouble()
        } else if ends("ed"), length >= 5, !ends("eed") {
            length -= 2
            undouble()
        }
        return (length, false)
    }

    /// The scalar of a CJK unified ideograph (U+4E00–U+9FFF) encoded at `bytes`, else nil.
    @inline(__always)
    static func ideograph(_ bytes: UnsafePointer<UInt8>) -> UInt32? {
        let lead = bytes[0]
        guard lead >= 0xE4, lead <= 0xE9 else { return nil }
        let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[1] & 0x3F) << 6 | UInt32(bytes[2] & 0x3F)
        return value >= 0x4E00 ? value : nil
    }

    /// True when every character of `key` is ASCII or a CJK unified ideograph: keys the fast path
    /// can compare by bytes.
    static func isPlain(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                if bytes[offset] < 0x80 {
                    offset += 1
                } else if offset + 3 <= bytes.count, ideograph(bytes.baseAddress! + offset) != nil {
                    offset += 3
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// False when `text` cannot hold a link: no `://` and no `www.` among its bytes (a match of
    /// `mentionsLink`, which compares characters, is always a match of bytes).
    static func mayMentionLink(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 3 else { return false }
            for offset in 0..<(bytes.count - 2) {
                switch bytes[offset] {
                case UInt8(ascii: ":"):
                    if bytes[offset + 1] == UInt8(ascii: "/"), bytes[offset + 2] == UInt8(ascii: "/") { return true }
                case UInt8(ascii: "w"):
                    if offset + 3 < bytes.count, bytes[offset + 1] == UInt8(ascii: "w"),
                        bytes[offset + 2] == UInt8(ascii: "w"), bytes[offset + 3] == UInt8(ascii: ".")
                    {
                        return true
                    }
                default:
                    break
                }
            }
            return false
        }
    }

    @inline(__always)
    static func makeString(_ base: UnsafePointer<UInt8>, _ count: Int, appendingY: Bool) -> String {
        String(unsafeUninitializedCapacity: appendingY ? count + 1 : count) { buffer in
            buffer.baseAddress!.initialize(from: base, count: count)
            if appendingY { buffer[count] = UInt8(ascii: "y") }
            return appendingY ? count + 1 : count
        }
    }
}
