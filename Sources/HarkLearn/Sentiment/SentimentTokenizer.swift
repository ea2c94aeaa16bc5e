/// One unit the scorer looks at: a word (or phrase) of a spaced script, an emoji, or a Chinese word.
struct SentimentToken {
    /// Lowercased lookup form in the tokenizer's scratch bytes (punctuation at the ends stripped
    /// when the whole token is not a term itself, as `:-)` is).
    var lo: Int
    var hi: Int
    /// Where the token is in the text, for explanations.
    var sourceLo: Int
    var sourceHi: Int
    /// Index in the term table, or -1.
    var entry: Int32
    /// The entry's slot flags (`TermTable.termFlag` ...), 0 for a token not in the tables.
    var flags: UInt8
    /// The entry's index in its table's `weights`.
    var weight: UInt8
    /// The most words of a multi-word term starting here (1: none).
    var phraseWords: UInt8
    /// Words merged into this token from a multi-word term (1 for a single word).
    var words: UInt8
    var isAllCaps: Bool
    /// An English word with `n't` that is not in the lists (`shouldn't've`).
    var negatesByContraction: Bool
    /// The token ends a clause (`day.`, `ok,` or a token before `。`/`，`): negation and boosters
    /// do not reach across it.
    var endsClause: Bool

    init(
        lo: Int, hi: Int, sourceLo: Int, sourceHi: Int, hit: LexiconHit, isAllCaps: Bool,
        negatesByContraction: Bool, endsClause: Bool = false, words: Int = 1
    ) {
        self.lo = lo
        self.hi = hi
        self.sourceLo = sourceLo
        self.sourceHi = sourceHi
        entry = hit.entry
        flags = hit.flags
        weight = hit.weight
        phraseWords = hit.phraseWords
        self.words = UInt8(words)
        self.isAllCaps = isAllCaps
        self.negatesByContraction = negatesByContraction
        self.endsClause = endsClause
    }

    /// The `TermInfo.Special` of the token's entry (`.none` when not found).
    @inline(__always)
    var special: TermInfo.Special {
        TermInfo.Special(rawValue: flags &>> TermTable.specialShift) ?? TermInfo.Special.none
    }

    @inline(__always)
    func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}

/// Whether Han characters are read as Chinese words.
enum HanReading {
    case chinese, neutral, detect
}

/// Splits text into tokens straight from its UTF-8 bytes, looking each one up as it goes.
///
/// Words are separated by whitespace as in VADER; emoji and runs of Han characters are split out
/// even without spaces (`great😀`, `服务很好`). Zero-width and bidirectional control characters,
/// variation selectors and skin-tone modifiers are dropped, so `go\u{200B}od` still reads `good`
/// and `👍🏽` reads `👍`. Chinese is segmented by backward longest match against the lexicon;
/// characters that match nothing are grouped in pairs, about the length of a Chinese word, so
/// negation windows count words rather than characters.
///
/// Tokens and their lowercased bytes go into a `SentimentScratch` the caller lends, so a text
/// allocates nothing; each token carries its entry's flags and weight index from the slot, so
/// scoring reads neither the table nor its records again.
struct SentimentTokenizer {
    let table: TermLookup
    let hanTable: TermLookup
    /// Token entries at or above this index are `hanTable` entries.
    let hanBase: Int32
    /// `count` tokens; room for one per source byte.
    let tokens: UnsafeMutablePointer<SentimentToken>
    private(set) var count = 0
    /// Lowercased tokens separated by one space, so a phrase is a contiguous byte range.
    /// Sized for the worst case up front (a token adds at most its bytes plus a separator).
    let scratch: UnsafeMutablePointer<UInt8>
    var scratchCount = 0
    var exclamations = 0
    var questions = 0
    var allCapsCount = 0
    /// Whether any token is a contrast word (`but`), so scoring looks for the first one only then.
    private(set) var hasContrast = false
    private var wordStart = -1
    /// Source offset just past the last byte that went into the current word.
    private var wordEnd = 0
    private var scratchStart = 0
    private var hasUpper = false
    private var hasLower = false
    private var hasApostrophe = false
    /// The first token that may start a phrase and is followed by a token that may be a phrase's
    /// second word (`TermLookup.mayBeSecondWord`), or -1: "the" and "to" start idioms, so most
    /// texts have a phrase start, but few have a second word after it, and skip the merge.
    private var firstPhrase = -1

    /// Inlined so the fields are written where the caller's tokenizer lives: called, the
    /// initializer built the struct (a few hundred bytes) and the caller copied it with `memmove`
    /// for every text.
    @inline(__always)
    init(table: TermLookup, hanTable: TermLookup, scratch: SentimentScratch) {
        self.table = table
        self.hanTable = hanTable
        hanBase = Int32(table.count)
        tokens = scratch.tokens
        self.scratch = scratch.bytes
    }

    /// The record behind a token's `entry`.
    @inline(__always)
    func info(_ entry: Int32) -> TermInfo {
        entry >= hanBase ? hanTable.info(entry - hanBase) : table.info(entry)
    }

    /// The valence and booster increment of a found token.
    @inline(__always)
    func weight(_ token: SentimentToken) -> TermWeight {
        token.entry >= hanBase
            ? hanTable.weight(entry: token.entry - hanBase, index: token.weight)
            : table.weight(entry: token.entry, index: token.weight)
    }

    @inline(__always)
    private mutating func append(_ token: SentimentToken) {
        tokens[count] = token
        count += 1
        if token.flags & TermTable.contrastFlag != 0 { hasContrast = true }
    }

    @inline(__always)
    private mutating func push(_ byte: UInt8) {
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    @inline(__always)
    private mutating func push<C: Collection<UInt8>>(contentsOf bytes: C) {
        for byte in bytes { push(byte) }
    }

    mutating func tokenize(_ src: UnsafeBufferPointer<UInt8>, han: HanReading) {
        var hanReading = han
        let n = src.count
        var i = 0
        while i < n {
            let byte = src[i]
            if byte < 0x80 {
                i = scanASCII(src, from: i)
                continue
            }
            let (scalar, length) = decode(src, at: i)
            switch ScalarClass(scalar) {
            case .space:
                endWord()
            case .ignorable:
                break
            case .separator:
                endWord()
                if count > 0 { tokens[count - 1].endsClause = true }
                if scalar == 0xFF01 { exclamations += 1 } else if scalar == 0xFF1F { questions += 1 }
            case .emoji:
                endWord()
                emit(src, lo: i, hi: i + length, hit: table.find(UnsafeBufferPointer(rebasing: src[i..<i + length])))
            case .han:
                endWord()
                if hanReading == .detect { hanReading = containsKana(src) ? .neutral : .chinese }
                var end = i
                while end < n {
                    let (next, nextLength) = decode(src, at: end)
                    guard ScalarClass(next) == .han else { break }
                    end += nextLength
                }
                segmentHan(src, from: i, to: end, lookUp: hanReading == .chinese)
                i = end
                continue
            case .ascii(let replacement):
                beginWord(at: i)
                push(replacement)
                if replacement == 0x27 { hasApostrophe = true }
                wordEnd = i + length
            case .other:
                beginWord(at: i)
                appendLowercased(src, scalar: scalar, at: i, length: length)
                wordEnd = i + length
            }
            i += length
        }
        endWord()
        resolveWords()
    }

    /// Reads the ASCII stretch from `start` up to the next non-ASCII byte (or the end): spaces
    /// end words, other bytes go into the current word, lowercased. Returns where it stopped.
    ///
    /// Most text is long stretches of ASCII words and single spaces: one call takes a whole
    /// stretch, with the word's state in locals, so the loop neither returns to `tokenize` per
    /// word nor loads and stores the tokenizer's fields per byte. While eight bytes remain, a
    /// word is read eight bytes at a time (SWAR): one load classifies all eight bytes, one store
    /// writes them lowercased (the scratch has room past the end, and bytes after the word are
    /// overwritten by what follows), and bit counts tally `!` and `?`. A word ended here is
    /// recorded as `endWord` records it.
    @inline(__always)
    private mutating func scanASCII(_ src: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = src.count
        let base = src.baseAddress!
        let scratch = self.scratch
        let tokens = self.tokens
        var out = scratchCount
        var tokenCount = count
        var capsWords = allCapsCount
        var j = start
        // The current word, which may have begun before this stretch (`café` + `s`).
        var start = wordStart
        var scratchFrom = scratchStart
        var end = wordEnd
        // Nonzero when the word has an upper-case (lower-case) letter: or-ing in the bits of each
        // eight bytes costs no branch, where testing them mispredicted on every other word.
        var upper: UInt64 = hasUpper ? 1 : 0
        var lower: UInt64 = hasLower ? 1 : 0
        var apostrophe = hasApostrophe
        var bangs = 0
        var marks = 0
        scan: while j < n {
            let first = src[j]
            if first >= 0x80 { break }
            if isASCIISpace(first) {
                if start >= 0 {
                    tokens[tokenCount] = Self.word(
                        scratch: scratch, lo: scratchFrom, hi: out, sourceLo: start, sourceHi: end,
                        upper: upper != 0, lower: lower != 0, apostrophe: apostrophe)
                    if tokens[tokenCount].isAllCaps { capsWords &+= 1 }
                    tokenCount &+= 1
                    scratch[out] = 0x20
                    out &+= 1
                    start = -1
                    upper = 0
                    lower = 0
                    apostrophe = false
                }
                j &+= 1
                continue
            }
            if start < 0 {
                start = j
                scratchFrom = out
            }
            while j &+ 8 <= n {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
                let low = word & ASCIIBytes.low7
                let stops = (word & ASCIIBytes.high) | ASCIIBytes.equal(low, 0x20) | ASCIIBytes.within(low, 0x09, 0x0D)
                let valid: UInt64 = stops == 0 ? ~0 : (1 &<< UInt64(stops.trailingZeroBitCount & ~7)) &- 1
                let ups = ASCIIBytes.within(low, 0x41, 0x5A) & valid
                UnsafeMutableRawPointer(scratch + out).storeBytes(of: (word | ups &>> 2).littleEndian, as: UInt64.self)
                upper |= ups
                lower |= ASCIIBytes.within(low, 0x61, 0x7A) & valid
                // `!`, `?` and `'` are rare: count them (bit counts are slow without POPCNT) only when present.
                let bang = ASCIIBytes.equal(low, 0x21) & valid
                let mark = ASCIIBytes.equal(low, 0x3F) & valid
                let quote = ASCIIBytes.equal(low, 0x27) & valid
                if bang | mark | quote != 0 {
                    if bang != 0 { bangs &+= bang.nonzeroBitCount }
                    if mark != 0 { marks &+= mark.nonzeroBitCount }
                    if quote != 0 { apostrophe = true }
                }
                if stops != 0 {
                    let taken = stops.trailingZeroBitCount &>> 3
                    j &+= taken
                    out &+= taken
                    end = j
                    continue scan
                }
                j &+= 8
                out &+= 8
            }
            while j < n {
                let b = src[j]
                if b &- 0x61 < 26 {
                    lower = 1
                    scratch[out] = b
                } else if b &- 0x41 < 26 {
                    upper = 1
                    scratch[out] = b | 0x20
                } else if b >= 0x80 || isASCIISpace(b) {
                    break
                } else {
                    if b == 0x21 {
                        bangs += 1
                    } else if b == 0x3F {
                        marks += 1
                    } else if b == 0x27 {
                        apostrophe = true
                    }
                    scratch[out] = b
                }
                out &+= 1
                j &+= 1
            }
            end = j
        }
        scratchCount = out
        count = tokenCount
        allCapsCount = capsWords
        wordStart = start
        scratchStart = scratchFrom
        wordEnd = end
        hasUpper = upper != 0
        hasLower = lower != 0
        hasApostrophe = apostrophe
        exclamations += bangs
        questions += marks
        return j
    }

    @inline(__always)
    private mutating func beginWord(at i: Int) {
        if wordStart < 0 {
            wordStart = i
            scratchStart = scratchCount
        }
    }

    private mutating func appendLowercased(_ src: UnsafeBufferPointer<UInt8>, scalar: UInt32, at i: Int, length: Int) {
        guard let unicode = Unicode.Scalar(scalar) else { return }
        let properties = unicode.properties
        if properties.isLowercase { hasLower = true }
        if properties.isUppercase {
            hasUpper = true
        }
        if properties.changesWhenLowercased {
            push(contentsOf: properties.lowercaseMapping.utf8)
        } else {
            push(contentsOf: UnsafeBufferPointer(rebasing: src[i..<i + length]))
        }
    }

    /// Records the current word with its lowercased bytes; `resolveWords` looks it up later.
    private mutating func endWord() {
        guard wordStart >= 0 else { return }
        let fullHi = scratchCount
        tokens[count] = Self.word(
            scratch: scratch, lo: scratchStart, hi: fullHi, sourceLo: wordStart, sourceHi: wordEnd,
            upper: hasUpper, lower: hasLower, apostrophe: hasApostrophe)
        if tokens[count].isAllCaps { allCapsCount += 1 }
        count += 1
        push(0x20)
        wordStart = -1
        hasUpper = false
        hasLower = false
        hasApostrophe = false
    }

    /// The token of a word that has ended: its bytes `lo..<hi` in the scratch, from `sourceLo..<sourceHi`
    /// of the text, not looked up yet. `endWord` and `scanASCII` (which keeps the word's state in
    /// locals) both make it here.
    @inline(__always)
    private static func word(
        scratch: UnsafeMutablePointer<UInt8>, lo: Int, hi: Int, sourceLo: Int, sourceHi: Int, upper: Bool,
        lower: Bool, apostrophe: Bool
    ) -> SentimentToken {
        // Until resolved, `negatesByContraction` holds whether the word has an apostrophe.
        SentimentToken(
            lo: lo, hi: hi, sourceLo: sourceLo, sourceHi: sourceHi, hit: pending, isAllCaps: upper && !lower,
            negatesByContraction: apostrophe, endsClause: endsClause(scratch[hi - 1]))
    }

    /// The entry of a word `endWord` recorded and `resolveWords` has not looked up yet.
    private static let pending = LexiconHit(entry: Int32.min, flags: 0, phraseWords: 1, weight: 0)

    /// Looks up the words of the text once it is all scanned. Most lookups wait on memory (the
    /// filter, and the slot for found words); in this tight loop the waits of consecutive words
    /// overlap, where looking each word up as it ended left the scan of the next one waiting.
    /// On the way it notes the first phrase start followed by a possible second word, where
    /// `mergePhrases` begins (or, with none, does nothing).
    private mutating func resolveWords() {
        // The table view, the buffers and the flags live in locals for the loop, so the table
        // is not copied per word and the flags are not stored per word.
        let table = self.table
        let scratch = self.scratch
        let tokens = self.tokens
        let count = self.count
        var contrast = hasContrast
        var firstPhrase = -1
        var index = 0
        while index < count {
            let token = tokens + index
            if token.pointee.entry == Self.pending.entry {
                let found = Self.resolve(token, scratch: scratch, table: table)
                if found.flags & TermTable.contrastFlag != 0 { contrast = true }
            }
            if firstPhrase < 0 && index > 0 && tokens[index - 1].phraseWords > 1
                && Self.maySecond(token.pointee, scratch: scratch, table: table)
            {
                firstPhrase = index - 1
            }
            index += 1
        }
        hasContrast = contrast
        self.firstPhrase = firstPhrase
    }

    /// Looks the word of `token` up and records what was found. The full word is looked up
    /// first (`:-)`, `d:`); when it is not a term, the word without the ASCII punctuation at its
    /// ends is. Returns the hit.
    @inline(__always)
    private static func resolve(
        _ token: UnsafeMutablePointer<SentimentToken>, scratch: UnsafeMutablePointer<UInt8>, table: TermLookup
    ) -> LexiconHit {
        let fullLo = token.pointee.lo
        let fullHi = token.pointee.hi
        var lo = fullLo
        var hi = fullHi
        var found =
            table.mayHold(first: scratch[lo], last: scratch[hi &- 1])
            ? table.find(scratch + lo, hi &- lo, readsPastEnd: true) : .miss
        if !found.isTerm {
            while lo < hi && isASCIIPunctuation(scratch[lo]) { lo &+= 1 }
            while hi > lo && isASCIIPunctuation(scratch[hi &- 1]) { hi &-= 1 }
            if lo == hi {
                lo = fullLo
                hi = fullHi
            } else if (lo != fullLo || hi != fullHi) && table.mayHold(first: scratch[lo], last: scratch[hi &- 1]) {
                let stripped = table.find(scratch + lo, hi &- lo, readsPastEnd: true)
                if stripped.found { found = stripped }
            }
        }
        if token.pointee.negatesByContraction {
            token.pointee.negatesByContraction = !found.isNegator && containsContraction(scratch, lo, hi)
        }
        token.pointee.lo = lo
        token.pointee.hi = hi
        token.pointee.entry = found.entry
        token.pointee.flags = found.flags
        token.pointee.weight = found.weight
        token.pointee.phraseWords = found.phraseWords
        return found
    }

    private mutating func emit(_ src: UnsafeBufferPointer<UInt8>, lo: Int, hi: Int, hit: LexiconHit) {
        let start = scratchCount
        push(contentsOf: UnsafeBufferPointer(rebasing: src[lo..<hi]))
        append(
            SentimentToken(
                lo: start, hi: scratchCount, sourceLo: lo, sourceHi: hi, hit: hit, isAllCaps: false,
                negatesByContraction: false))
        push(0x20)
    }

    /// Backward maximum matching: from the end of the run, the longest term that ends there.
    /// Backward matching resolves the usual Chinese ambiguities better than forward matching
    /// (很满意 is 很 + 满意, not 很满 + 意). Characters no term covers are paired from the start
    /// of each unknown stretch.
    private mutating func segmentHan(_ src: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, lookUp: Bool) {
        var offsets: [Int] = []
        var i = start
        while i < end {
            offsets.append(i)
            i += utf8Length(src[i])
        }
        offsets.append(end)
        var segments: [(length: Int, hit: LexiconHit)] = []
        var p = offsets.count - 1
        while p > 0 {
            var matchLength = 0
            var match = LexiconHit.miss
            if lookUp {
                let last = hanTable.find(UnsafeBufferPointer(rebasing: src[offsets[p - 1]..<offsets[p]]))
                let longest = last.found ? Int(hanTable.info(last.entry).hanTailLength) : 1
                var length = min(longest, p)
                while length >= 1 {
                    let hit =
                        length == 1
                        ? last : hanTable.find(UnsafeBufferPointer(rebasing: src[offsets[p - length]..<offsets[p]]))
                    if hit.isTerm {
                        matchLength = length
                        match = LexiconHit(
                            entry: hit.entry + hanBase, flags: hit.flags, phraseWords: hit.phraseWords,
                            weight: hit.weight)
                        break
                    }
                    length -= 1
                }
            }
            segments.append(matchLength > 0 ? (matchLength, match) : (1, .miss))
            p -= max(matchLength, 1)
        }
        var q = 0
        var k = segments.count - 1
        while k >= 0 {
            let segment = segments[k]
            if segment.hit.entry < 0 {
                let pair = k >= 1 && segments[k - 1].hit.entry < 0 ? 2 : 1
                emit(src, lo: offsets[q], hi: offsets[q + pair], hit: .miss)
                q += pair
                k -= pair
            } else {
                emit(src, lo: offsets[q], hi: offsets[q + segment.length], hit: segment.hit)
                q += segment.length
                k -= 1
            }
        }
    }

    /// Looks up scratch bytes `lo..<hi`; the scratch is padded, so the lookup may read past `hi`.
    @inline(__always)
    private func find(_ lo: Int, _ hi: Int) -> LexiconHit {
        table.find(scratch + lo, hi - lo, readsPastEnd: true)
    }

    private static func containsContraction(_ scratch: UnsafeMutablePointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
        guard hi - lo >= 3 else { return false }
        var i = lo
        while i + 2 < hi {
            if scratch[i] == 0x6E && scratch[i + 1] == 0x27 && scratch[i + 2] == 0x74 { return true }
            i += 1
        }
        return false
    }

    /// Merges consecutive tokens that spell a multi-word lexicon term (`cut the mustard`,
    /// `kind of`) into one token, longest first.
    ///
    /// A phrase spans the scratch from its first token to its last, separators included, so the
    /// word after its first one, stripped of punctuation at the ends, is the stripped second
    /// word of the key; when the table's second-word filter says no key has it, the phrase
    /// cannot match and is not looked up.
    mutating func mergePhrases() {
        guard firstPhrase >= 0 else { return }
        // No token before `firstPhrase` can start a phrase that matches.
        var write = firstPhrase
        var read = firstPhrase
        let count = self.count
        while read < count {
            var consumed = 1
            if tokens[read].phraseWords > 1 && read + 1 < count && maySecond(tokens[read + 1]) {
                var token = tokens[read]
                let most = Int(token.phraseWords)
                var n = min(most, count - read)
                while n >= 2 {
                    let last = tokens[read + n - 1]
                    let hit =
                        table.mayHold(first: scratch[token.lo], last: scratch[last.hi - 1]) ? find(token.lo, last.hi) : .miss
                    if hit.isTerm {
                        var allCaps = true
                        for k in read..<read + n where !tokens[k].isAllCaps { allCaps = false }
                        token = SentimentToken(
                            lo: token.lo, hi: last.hi, sourceLo: token.sourceLo, sourceHi: last.sourceHi, hit: hit,
                            isAllCaps: allCaps, negatesByContraction: false, endsClause: last.endsClause, words: n)
                        token.phraseWords = 1
                        consumed = n
                        break
                    }
                    n -= 1
                }
                if consumed > 1 || write != read { tokens[write] = token }
            } else if write != read {
                tokens[write] = tokens[read]
            }
            write += 1
            read += consumed
        }
        guard write < count else { return }
        self.count = write
        // A merged phrase may be a contrast word (or have swallowed one).
        hasContrast = false
        for k in 0..<write where tokens[k].has(TermTable.contrastFlag) {
            hasContrast = true
            break
        }
    }
}

extension SentimentTokenizer {
    /// Whether `token`, stripped of ASCII punctuation at its ends, may be a phrase's second word.
    @inline(__always)
    fileprivate func maySecond(_ token: SentimentToken) -> Bool {
        Self.maySecond(token, scratch: scratch, table: table)
    }

    @inline(__always)
    fileprivate static func maySecond(
        _ token: SentimentToken, scratch: UnsafeMutablePointer<UInt8>, table: TermLookup
    ) -> Bool {
        let (lo, hi) = TermHash.strippedRange(UnsafePointer(scratch), token.lo, token.hi)
        return table.mayBeSecondWord(scratch + lo, hi - lo)
    }
}

/// What a non-ASCII scalar means to the tokenizer.
enum ScalarClass: Equatable {
    case space, ignorable, separator, emoji, han
    /// Typographic punctuation read as its ASCII twin (`’` as `'`), so `don’t` is `don't`.
    case ascii(UInt8)
    case other

    @inline(__always)
    init(_ s: UInt32) {
        switch s {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x323AF, 0x3007:
            self = .han
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            self = .space
        case 0xAD, 0x34F, 0x61C, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFE00...0xFE0F,
            0xFEFF, 0x1F3FB...0x1F3FF, 0xE0000...0xE0FFF:
            self = .ignorable
        case 0x2018, 0x2019, 0x201B, 0x2032: self = .ascii(0x27)
        case 0x201C, 0x201D, 0x201E, 0x2033: self = .ascii(0x22)
        case 0x2010...0x2015: self = .ascii(0x2D)
        case 0x2026: self = .ascii(0x2E)
        case 0x3030, 0x303D, 0x3297, 0x3299, 0xA9, 0xAE, 0x2122, 0x2139, 0x2190...0x21FF, 0x2300...0x23FF,
            0x24C2, 0x25A0...0x27BF, 0x2900...0x297F, 0x2B00...0x2BFF, 0x1F000...0x1FAFF:
            self = .emoji
        case 0x3001...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
            0xFE10...0xFE1F, 0xFE30...0xFE6F, 0xFFFD:
            self = .separator
        default:
            self = .other
        }
    }
}

/// The ASCII bytes VADER splits words on: tab, line feed, vertical tab, form feed, carriage return, space.
@inline(__always)
func isASCIISpace(_ b: UInt8) -> Bool {
    b == 0x20 || (b &- 0x09) < 5
}

/// Punctuation that closes a clause when it ends a word.
@inline(__always)
func endsClause(_ b: UInt8) -> Bool {
    b == 0x2E || b == 0x21 || b == 0x3F || b == 0x3B || b == 0x2C
}

@inline(__always)
func isASCIIPunctuation(_ b: UInt8) -> Bool {
    (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
}

@inline(__always)
func utf8Length(_ lead: UInt8) -> Int {
    lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
}

/// Decodes the scalar at `i` of valid UTF-8 (Swift strings always are).
@inline(__always)
func decode(_ src: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
    let b0 = UInt32(src[i])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | (UInt32(src[i + 1]) & 0x3F), 2) }
    if b0 < 0xF0 {
        return (((b0 & 0x0F) << 12) | ((UInt32(src[i + 1]) & 0x3F) << 6) | (UInt32(src[i + 2]) & 0x3F), 3)
    }
    return (
        ((b0 & 0x07) << 18) | ((UInt32(src[i + 1]) & 0x3F) << 12) | ((UInt32(src[i + 2]) & 0x3F) << 6)
            | (UInt32(src[i + 3]) & 0x3F), 4
    )
}

/// Japanese mixes kanji with kana; a text with kana is not read with the Chinese lexicon.
func containsKana(_ src: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = src.count
    while i + 2 < n {
        if src[i] == 0xE3 {
            let (scalar, _) = decode(src, at: i)
            if (0x3040...0x30FF).contains(scalar) || (0x31F0...0x31FF).contains(scalar) { return true }
            i += 3
        } else if src[i] == 0xEF {
            let (scalar, _) = decode(src, at: i)
            if (0xFF66...0xFF9F).contains(scalar) { return true }
            i += 3
        } else {
            i += 1
        }
    }
    return false
}

/// Eight ASCII bytes at a time in a `UInt64` (SWAR). The tests take bytes below 0x80 (`low7`),
/// where adding a constant below 0x80 to each byte cannot carry into the next, and leave the
/// answer in each byte's top bit.
enum ASCIIBytes {
    static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let high: UInt64 = 0x8080_8080_8080_8080
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Top bit set in each byte of `low` (all below 0x80) that lies in `lo...hi` (`lo` >= 1).
    @inline(__always)
    static func within(_ low: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
        let atLeastLo = low &+ ones &* UInt64(0x80 - lo)
        let aboveHi = low &+ ones &* UInt64(0x7F - hi)
        return atLeastLo & ~aboveHi & high
    }

    @inline(__always)
    static func equal(_ low: UInt64, _ byte: UInt8) -> UInt64 { within(low, byte, byte) }
}
