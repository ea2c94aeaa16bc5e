/// Flags abusive messages — insults, threats and harassment of staff — in English and Chinese, so
/// routes can send them to a team lead instead of a front-line agent.
///
/// **How a text is read.** Disguised words are decoded first (`id10t`, `a$$hole`, `sh!t`, `f***ing`,
/// `f#ck`; see `ObfuscationDecoder`); the text is then folded by `NormalizedText` (NFKC, case,
/// accents, zero-width and bidi controls), stretched words are shortened (`stuuupid`, `idiooot`)
/// and spaced-out letters joined (`i d i o t`, `b.i.t.c.h`). Lexicon terms then match whole words
/// (so `class`, `assess`, `Scunthorpe` and `cockpit` never match `ass`, `cunt` or `cock`) and, in
/// Chinese, characters in sequence. A term that overlaps an allowed phrase (`killer feature`,
/// `kill it`, 滚动, 垃圾桶, or one from `AbuseSettings.allow`) is not counted.
///
/// **Who it is aimed at.** Abuse aimed at a person is what matters, so each term looks for the
/// nearest *target* before or after it, skipping filler words (`a`, `so`, `complete`, 就, 是, 个):
/// a second-person word (`you`, `u`, 你, 你们), a staff role from the lexicon (`agent`, `cashier`,
/// 客服, 店员), or a group word after "your" (`your team`, `you people`, 你们公司). At most one other
/// word may stand between them, and they must be in the same sentence (a comma counts as a word).
/// When the writer (`I`, `me`, 我) is nearer than any target, the term is about the writer or is
/// reported speech ("I felt like an idiot", "he called me an idiot", 他骂我是傻逼) and does not count.
/// A negator right before the term (`not`, `never`, 不是) cancels it.
///
/// **What counts** (the lexicon weight is 0…3; the default threshold is 2.0):
/// - insult: weight × 2 when aimed, × 0.75 when not (so only strong insults such as
///   `motherfucker` or 傻逼 are abusive on their own, and "this stupid app" is not);
/// - threat: weight × 1.5 when aimed at someone (also `him`, `her`, `them`) or at a place of the
///   reader's ("burn your store"); a threat phrase of two words or more (`watch your back`) or of
///   three Chinese characters or more (`你等着`) counts its weight on its own; a single threat word
///   with no one to aim at counts nothing ("kill it", "killing my battery", 服务器炸了);
/// - harassment: weight × 1.5 when aimed, × 1 when not (`kys`, `fuck off`, 去死, 滚);
/// - slur: its weight, aimed or not (only the writer's own reported experience is excused);
/// - profanity: weight × 2 when a target follows it directly ("fuck you", "screw your support"),
///   else × 0.5 as an intensifier, and all intensifiers together add at most 1.0: swearing alone
///   is never abusive ("this is fucking great", "damn it").
///
/// **Cost.** The detector is pure: no I/O, no shared state, safe to share between tasks. A text
/// with no abusive word costs one byte scan for disguised words, one fold and one filter test per
/// word (`mayHoldAbuse`); the few that pass it take the quick bound's hash probes, and only texts
/// with a candidate term get the full reading above, and `isAbusive(_:language:)`
/// also skips it when the terms found cannot reach the threshold even at their strongest.
public struct AbuseDetector: Sendable {
    let index: AbusePhraseIndex
    /// The settings the detector was built with.
    public let settings: AbuseSettings

    /// Compiles `lexicon` plus the allowed phrases of `settings` for matching.
    public init(lexicon: AbuseLexicon, settings: AbuseSettings = .init()) {
        self.index = AbusePhraseIndex(lexicon: lexicon, extraAllowed: settings.allow)
        self.settings = settings
    }

    /// Whether `text` is abusive, its score and the evidence.
    ///
    /// `language` is the mention's language tag when known: with a Japanese or Korean tag, Han
    /// characters are not read as Chinese (Japanese 死ね and Chinese 去死 share characters with
    /// innocent words of the other language). Latin-script words are read in any case, so mixed
    /// posts get both. Any input is accepted: empty, 1 MB, emoji only, invalid code points
    /// (already replaced when the `String` was made), zero-width and bidirectional controls.
    public func analyze(_ text: String, language: String? = nil) -> AbuseResult {
        let readsHan = Self.readsHan(language)
        let rewrite = index.decoder.rewrite(text)
        let working = rewrite?.text ?? text
        guard rewrite != nil || quickBound(working, readsHan: readsHan).mayMatch else { return .clean }
        return explain(working, rewrites: rewrite?.rewrites ?? [], readsHan: readsHan)
    }

    /// The same answer as `analyze(_:language:).isAbusive`, without the evidence: the hot path
    /// for labelling every mention.
    ///
    /// Besides skipping texts with no abusive term, it skips the full reading when the terms found
    /// cannot reach the threshold even at their strongest: swearing with no one to aim it at
    /// ("this is fucking great"), one mild insult.
    public func isAbusive(_ text: String, language: String? = nil) -> Bool {
        text.withBytes { bytes in
            NormalizedText(text).withFolded { isAbusive(bytes, folded: $0, readsHan: Self.readsHan(language)) }
        }
    }

    /// `isAbusive(_:language:)` for a text and its fold read in place (a batch's buffers),
    /// `readsHan` from `readsHan(_:)`: a string is made only for a text that may be abusive or
    /// has a disguised word.
    func isAbusive(_ text: UnsafeBufferPointer<UInt8>, folded: FoldedText, readsHan: Bool) -> Bool {
        // What `ObfuscationDecoder.rewrite` tests first, without a string.
        if ObfuscationDecoder.hasDisguise(text) {
            let string = String(decoding: text, as: UTF8.self)
            if let rewrite = index.decoder.rewrite(string) {
                return explain(rewrite.text, rewrites: rewrite.rewrites, readsHan: readsHan).isAbusive
            }
        }
        // Nothing disguised: the key filter, the quick bound, then the full reading.
        guard mayHoldAbuse(folded, readsHan: readsHan) else { return false }
        let string = String(decoding: text, as: UTF8.self)
        let quick = quickBound(string, normalized: NormalizedText(copying: folded), readsHan: readsHan)
        guard quick.mayMatch, quick.limit >= settings.threshold else { return false }
        return explain(string, rewrites: [], readsHan: readsHan).isAbusive
    }

    /// Whether Han characters are read as Chinese for a post in `language` (not for Japanese or Korean).
    static func readsHan(_ language: String?) -> Bool {
        guard let tag = language?.lowercased() else { return true }
        return !(tag.hasPrefix("ja") || tag.hasPrefix("ko"))
    }

    /// The quick pass: whether some word, pair of words, or Chinese character (pair) holds the key
    /// of an abusive phrase (see `AbusePhraseIndex.triggerKey`), and the most the phrases behind
    /// those keys could add up to. Stretched words, and spaced-out letters that spell a word, need
    /// the full reading to be bounded, so they report no limit. `mayMatch` false means the text is
    /// certainly clean.
    func quickBound(_ text: String, normalized: NormalizedText? = nil, readsHan: Bool) -> (mayMatch: Bool, limit: Double) {
        let folded = normalized ?? NormalizedText(text)
        let unbounded = (mayMatch: true, limit: Double.infinity)
        return index.triggers.withLookup { triggers in
            folded.utf8.withUnsafeBufferPointer { bytes in
                var bound = ScoreBound()
                var singleLetters = 0
                var previousStart = -1
                var previousEnd = -1
                var lastRunCharacter: Range<Int>?
                var tokenIndex = -1
                for token in folded.tokens {
                    tokenIndex += 1
                    let range = token.utf8Range
                    let word = UnsafeBufferPointer(rebasing: bytes[range])
                    switch token.kind {
                    case .handle:
                        if singleLetters >= 3, mayJoinLetters(folded, count: singleLetters, before: tokenIndex) {
                            return unbounded
                        }
                        singleLetters = 0
                        previousStart = -1
                        lastRunCharacter = nil
                    case .run:
                        if singleLetters >= 3, mayJoinLetters(folded, count: singleLetters, before: tokenIndex) {
                            return unbounded
                        }
                        singleLetters = 0
                        previousStart = -1
                        guard readsHan else { continue }
                        if let last = lastRunCharacter {
                            // 傻 逼 or 傻，逼: the full reading joins runs, so their border is a pair too.
                            let first =
                                range.lowerBound..<(range.lowerBound + Elongation.scalarLength(bytes[range.lowerBound]))
                            let pair = Array(bytes[last]) + Array(bytes[first])
                            pair.withUnsafeBufferPointer { triggers.addExact($0, to: &bound) }
                        }
                        addRun(word, triggers, to: &bound)
                        var last = range.upperBound - 1
                        while last > range.lowerBound, bytes[last] & 0xC0 == 0x80 { last -= 1 }
                        lastRunCharacter = last..<range.upperBound
                    case .word, .hashtag:
                        lastRunCharacter = nil
                        if word.count == 1, word[0] >= UInt8(ascii: "a"), word[0] <= UInt8(ascii: "z") {
                            singleLetters += 1
                        } else {
                            if singleLetters >= 3, mayJoinLetters(folded, count: singleLetters, before: tokenIndex) {
                                return unbounded
                            }
                            singleLetters = 0
                        }
                        let startsPair =
                            triggers.mayStartKey(bytes, range) && triggers.addStartingWord(bytes, range, to: &bound)
                        // "get lost": the pair is one slice of the folded text, "get" + " " + "lost".
                        if previousStart >= 0, previousEnd + 1 == range.lowerBound {
                            triggers.addExact(bytes, previousStart..<range.upperBound, to: &bound)
                        }
                        if Elongation.isElongated(bytes, range) {
                            // `stuuupid`, `youuu`: the full reading shortens it to any phrase word.
                            let known = Elongation.variants(Array(word)).contains {
                                isKnown(String(decoding: $0, as: UTF8.self))
                            }
                            if known { return unbounded }
                        }
                        previousStart = startsPair ? range.lowerBound : -1
                        previousEnd = range.upperBound
                    }
                }
                if singleLetters >= 3, mayJoinLetters(folded, count: singleLetters, before: folded.tokens.count) {
                    return unbounded
                }
                return (bound.isAbusive, bound.limit)
            }
        }
    }

    /// False when `quickBound` would certainly find no abusive phrase (`mayMatch` false): no word
    /// or hashtag may hold an abusive key and no two side by side may be a pair key
    /// (`AbuseKeyFilter`), none is stretched, no three single letters stand in a row, and no
    /// Chinese run is read. One bit test for most words, a few for the rest, and no hash:
    /// `quickBound` also hashes every person word (`you`, `your`, `him`) to weigh what a term
    /// could be aimed at, which only matters once a term is there, and most posts have none.
    ///
    /// Every way `quickBound` can say `mayMatch` passes here: an abusive key is a whole word, a
    /// stem (of three bytes or more) a word starts with, or a pair of whole words that `quickBound`
    /// probes only where the second follows the first after one space of the folded text (the
    /// same test is made here); stretched words and spaced-out letters (its unbounded answers) and
    /// Chinese runs are left to `quickBound` itself.
    func mayHoldAbuse(_ folded: FoldedText, readsHan: Bool) -> Bool {
        index.triggers.abuseKeys.withBits { keys in
            let bytes = folded.utf8
            let tokens = folded.tokens
            var singleLetters = 0
            // The word before, while the next word may pair with it: its first eight bytes,
            // length and end (-2 when there is none, so no word starts one byte after it).
            var previousValue: UInt64 = 0
            var previousCount = 0
            var previousEnd = -2
            for token in tokens {
                switch token.kind {
                case .handle:
                    singleLetters = 0
                    previousEnd = -2
                case .run:
                    if readsHan { return true }
                    singleLetters = 0
                    previousEnd = -2
                case .word, .hashtag:
                    let range = token.utf8Range
                    if range.isEmpty {
                        previousEnd = -2
                        continue
                    }
                    if range.count == 1, bytes[range.lowerBound] &- UInt8(ascii: "a") < 26 {
                        singleLetters += 1
                        if singleLetters >= 3 { return true }
                    } else {
                        singleLetters = 0
                    }
                    let value = AbuseKeyFilter.Probe.value(bytes, range)
                    if keys.mayStartEntry(value) {
                        if keys.mayHold(value, count: range.count) { return true }
                        if previousEnd + 1 == range.lowerBound,
                            keys.mayHoldPair(previousValue, previousCount, value, range.count)
                        {
                            return true
                        }
                    }
                    if Elongation.isElongated(bytes, range) { return true }
                    previousValue = value
                    previousCount = range.count
                    previousEnd = range.upperBound
                }
            }
            return false
        }
    }

    /// Whether the full reading may join the `count` (three or more) single-letter words before
    /// token `end` into a word (`i d i o t`), which the bound cannot follow: only when some letters
    /// of the run spell one, as `joinSpacedLetters` reads them (runs too long to check say yes).
    private func mayJoinLetters(_ folded: NormalizedText, count: Int, before end: Int) -> Bool {
        guard count <= Self.longestSpelledRun else { return true }
        let letters = folded.tokens[(end - count)..<end].map { folded.text(of: $0) }
        return letters.indices.contains { !spelledReadings(letters, from: $0).isEmpty }
    }

    /// Probes each character of a run, and each pair of neighbouring characters.
    private func addRun(_ run: UnsafeBufferPointer<UInt8>, _ triggers: TriggerTable.Lookup, to bound: inout ScoreBound)
    {
        var start = 0
        var previous = -1
        while start < run.count {
            let end = min(start + Elongation.scalarLength(run[start]), run.count)
            triggers.addExact(UnsafeBufferPointer(rebasing: run[start..<end]), to: &bound)
            if previous >= 0 { triggers.addExact(UnsafeBufferPointer(rebasing: run[previous..<end]), to: &bound) }
            previous = start
            start = end
        }
    }
}

/// Stretched words (`stuuupid`, `idiooot`, `fuuuck`): detection and the shortened readings tried.
enum Elongation {
    /// True when a letter repeats three times in a row, which real words almost never do.
    @inline(__always)
    static func isElongated(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count >= 4 else { return false }
        for i in 2..<word.count where word[i] == word[i - 1] && word[i] == word[i - 2] && word[i] >= 0x41 {
            return true
        }
        return false
    }

    /// `isElongated(_:)` of the word `range` of `all`, for a word of up to eight bytes on one load:
    /// a byte equal to the next two is a zero in both `x ^ x >> 8` and `x ^ x >> 16`.
    @inline(__always)
    static func isElongated(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let count = range.count
        guard count >= 4 else { return false }
        guard count <= 8 else { return isElongated(UnsafeBufferPointer(rebasing: all[range])) }
        let word = WordHash.load(all, range.lowerBound, count)
        let differs = (word ^ (word >> 8)) | (word ^ (word >> 16))
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // 0x80 in each byte of `differs` that is zero: a byte equal to the next two.
        var triples = ~(((differs & low) &+ low) | differs | low)
        // Only bytes 0 through count - 3 have two bytes of the word after them.
        triples &= (1 << UInt64(8 * (count - 2))) &- 1
        while triples != 0 {
            let byte = (word >> UInt64(triples.trailingZeroBitCount - 7)) & 0xFF
            if byte >= 0x41 { return true }
            triples &= triples &- 1
        }
        return false
    }

    /// The readings tried, in order: every repeat cut to one letter (`stuuupiid` → `stupid`), then
    /// runs of three or more cut to two (`asssshole` → `asshole`).
    static func variants(_ word: [UInt8]) -> [[UInt8]] {
        var single: [UInt8] = []
        var double: [UInt8] = []
        var runLength = 0
        for (i, byte) in word.enumerated() {
            runLength = i > 0 && word[i - 1] == byte ? runLength + 1 : 1
            if runLength == 1 { single.append(byte) }
            if runLength <= 2 { double.append(byte) }
        }
        return single == double ? [single] : [single, double]
    }

    /// The byte length of a UTF-8 scalar from its lead byte.
    @inline(__always)
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
