import Foundation
import Synchronization

/// Scores how a text feels, in the family of VADER (Hutto & Gilbert 2014), for English and
/// Chinese.
///
/// Each sentiment word starts from its lexicon valence and is then changed by the words up to
/// three tokens before it in the same clause (`,` `.` `;` `!` `?` and Chinese punctuation end a
/// modifier's reach, where VADER lets "I don't know. Great movie" negate "great"): boosters and
/// dampeners add ±0.293 (×0.95 and ×0.9 further away),
/// negators multiply by −0.74, `least` (not "at least") negates, ALL CAPS in a text that is not
/// all caps adds 0.733, and a contrast word moves the weight to what follows it (×0.5 before the
/// first `but`, ×1.5 after). Multi-word terms (idioms) are read whole. The valences are summed,
/// `!` (0.292 each, up to 4) and `??` (0.18 each, 0.96 for more than 3) add to the magnitude,
/// and the sum is normalised to −1…1 by `x / √(x² + 15)`.
///
/// Building an analyzer compiles the lexicon into a byte-keyed hash table once; analysing is
/// then a single pass over the text's UTF-8 with no regular expressions into per-thread buffers
/// (`SentimentScratch`), so it can run on every mention without allocating. The value is
/// immutable and safe to share between tasks.
public struct SentimentAnalyzer: Sendable {
    /// Words, phrases, emoji and modifiers of spaced scripts.
    let table: TermTable
    /// Chinese words, apart so that the table English text hits stays small enough for the cache,
    /// and built the first time a text holds a Han character (`HanTableSlot`).
    let hanTable: HanTableSlot
    /// The boundary between neutral and an opinion (see `SentimentLabel`).
    public let threshold: Double

    /// VADER's negation factor.
    public static let negationFactor = -0.74
    /// VADER's ALL CAPS increment.
    public static let capsIncrement = 0.733
    /// VADER's normalisation constant: a sum of ±15 maps to about ±0.97.
    public static let alpha = 15.0

    /// Compiles `lexicon` and `modifiers`. Valences beyond ±4 (VADER's scale) are clamped.
    public init(
        lexicon: SentimentLexicon, modifiers: SentimentModifiers = .standard,
        threshold: Double = SentimentLabel.threshold
    ) {
        self.threshold = threshold
        // Keys are normalised and sorted by script first. The spaced-script table is filled now;
        // the Chinese one (34,000 terms, a fifth of start-up) when a text first needs it, so a
        // replay or service that never sees Chinese never builds it. Changes to a key keep their
        // order: valence, then booster, negator, contrast and special word.
        var latinChanges: [(key: String, change: TermChange)] = []
        var hanChanges: [(key: String, change: TermChange)] = []
        latinChanges.reserveCapacity(lexicon.valences.count)
        func register(_ term: String, _ change: TermChange) {
            let key = SentimentLexicon.normalize(term)
            guard !key.isEmpty else { return }
            if Self.isHan(key) {
                hanChanges.append((key, change))
            } else {
                latinChanges.append((key, change))
            }
        }
        for (term, valence) in lexicon.valences { register(term, .valence(min(4, max(-4, valence)))) }
        for (term, increment) in modifiers.boosters { register(term, .boost(increment)) }
        for term in modifiers.negators { register(term, .negator) }
        for term in modifiers.contrasts { register(term, .contrast) }
        let specials: [(String, TermInfo.Special)] = [
            ("never", .never), ("so", .soOrThis), ("this", .soOrThis), ("without", .without), ("doubt", .doubt),
            ("least", .least), ("at", .atOrVery), ("very", .atOrVery),
        ]
        for (term, special) in specials { register(term, .special(special)) }
        self.table = Self.latinTable(latinChanges)
        self.hanTable = HanTableSlot(hanChanges)
    }

    /// One change `init` makes to a term's record.
    enum TermChange: Sendable {
        case valence(Double)
        case boost(Double)
        case negator
        case contrast
        case special(TermInfo.Special)

        func apply(to info: inout TermInfo) {
            switch self {
            case .valence(let valence): info.valence = valence
            case .boost(let increment): info.boost = increment
            case .negator: info.isNegator = true
            case .contrast: info.isContrast = true
            case .special(let special): info.special = special
            }
        }
    }

    /// The table of spaced-script terms; the first word of a multi-word term records how many words
    /// the longest one has, so the tokenizer knows when to look further.
    private static func latinTable(_ changes: [(key: String, change: TermChange)]) -> TermTable {
        // Sized up front, so the table never rehashes every key as it grows.
        var table = TermTable(capacity: changes.count + 8)
        for (key, change) in changes {
            table.update(key) { change.apply(to: &$0) }
            // Most keys are one word: skip the grapheme-level split unless there is a space at all.
            guard key.utf8.contains(0x20) else { continue }
            let words = key.split(separator: " ")
            if words.count > 1 {
                let count = UInt8(min(words.count, 255))
                table.update(String(words[0])) { $0.phraseWords = max($0.phraseWords, count) }
            }
        }
        return table
    }

    /// The table of Chinese terms; a term's last character records the most characters a term
    /// ending with it has, for the backward matching of `SentimentTokenizer`.
    static func hanTable(_ changes: [(key: String, change: TermChange)]) -> TermTable {
        // The 34,000 Chinese terms share a few thousand last characters. Each character's longest
        // term is found first, so the character's record is written once, where the first term
        // ending with it is added (the same records in the same order as a write for every term).
        var longest: [UInt32: UInt8] = [:]
        for (key, _) in changes {
            guard let (tail, count) = hanTail(key) else { continue }
            longest[tail, default: 1] = max(longest[tail, default: 1], count)
        }
        var table = TermTable(capacity: max(changes.count, 16))
        for (key, change) in changes {
            table.update(key) { change.apply(to: &$0) }
            guard let (tail, _) = hanTail(key), let count = longest.removeValue(forKey: tail),
                let scalar = Unicode.Scalar(tail)
            else { continue }
            table.update(String(scalar)) { $0.hanTailLength = max($0.hanTailLength, count) }
        }
        return table
    }

    /// The last scalar of a term of two scalars or more, and how many scalars the term has (at
    /// most 255), read from the UTF-8: a scalar starts at every byte that does not continue one.
    private static func hanTail(_ key: String) -> (UInt32, UInt8)? {
        var key = key
        return key.withUTF8 { bytes in
            var count = 0
            var last: UInt32 = 0
            for byte in bytes {
                if byte & 0xC0 == 0x80 {
                    last = last << 6 | UInt32(byte & 0x3F)
                } else {
                    count += 1
                    let payload: UInt8 = byte < 0x80 ? 0x7F : byte < 0xE0 ? 0x1F : byte < 0xF0 ? 0x0F : 0x07
                    last = UInt32(byte & payload)
                }
            }
            return count > 1 ? (last, UInt8(min(count, 255))) : nil
        }
    }

    /// Whether `bytes` (valid UTF-8) hold a Han character (`ScalarClass.han`). Eight bytes at a
    /// time to a byte that can lead one (0xE3 or above: every Han character's UTF-8 starts so),
    /// then that character is decoded and classified; most text is ASCII, and emoji (0xF0) or
    /// full-width letters (0xEF) are no Han.
    static func holdsHan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var index = 0
        let raw = UnsafeRawPointer(base)
        while index &+ 8 <= count {
            // A byte of 0xE3 or more: with its high bit set aside, adding 0x1D carries into that
            // bit exactly then (each byte's sum stays inside its byte).
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let high = word & 0x8080_8080_8080_8080
            if ((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x1D1D_1D1D_1D1D_1D1D) & high != 0 { break }
            index &+= 8
        }
        while index < count {
            let byte = base[index]
            if byte >= 0xE3 {
                let (scalar, length) = decode(bytes, at: index)
                if ScalarClass(scalar) == .han { return true }
                index &+= length
            } else {
                index &+= 1
            }
        }
        return false
    }

    /// True when every scalar of `key` is Han (`ScalarClass.han`): such keys go to `hanTable`.
    private static func isHan(_ key: String) -> Bool {
        // Most keys of the English lexicon start with an ASCII byte, which no Han scalar does.
        guard let first = key.utf8.first, first >= 0x80 else { return false }
        return key.unicodeScalars.allSatisfy { ScalarClass($0.value) == .han }
    }

    /// The sentiment of `text` with the words that moved it, for `hark try` and explanations.
    ///
    /// `language` is the mention's language tag when known (`en`, `zh-Hant`, `ja`): Han characters
    /// are read as Chinese unless the tag is Japanese or Korean; without a tag, Han text is read as
    /// Chinese unless it also contains kana. Latin-script words and emoji are scored in any case,
    /// so mixed Chinese-English posts get both.
    public func analyze(_ text: String, language: String? = nil) -> SentimentResult {
        run(text, language: language, explain: true)
    }

    /// The same score and label as `analyze` without the explanation: the hot path for labelling
    /// every mention.
    public func classify(_ text: String, language: String? = nil) -> SentimentResult {
        run(text, language: language, explain: false)
    }

    /// `classify(_:language:)` of a text read in place (a batch's buffers), `han` from
    /// `hanReading(_:)`; `isASCII` says the text is all ASCII (its fold knows), so it holds no Han
    /// character and is not scanned for one.
    func classify(_ text: UnsafeBufferPointer<UInt8>, han: HanReading, isASCII: Bool) -> SentimentResult {
        run(text, han: han, explain: false, mayHoldHan: !isASCII)
    }

    /// How Han characters are read in a post in `language`: as Chinese, except in Japanese and
    /// Korean; without a tag, as Chinese unless the text has kana.
    static func hanReading(_ language: String?) -> HanReading {
        if let language = language?.lowercased(), !language.isEmpty {
            return language.hasPrefix("ja") || language.hasPrefix("ko") ? .neutral : .chinese
        }
        return .detect
    }

    private func run(_ text: String, language: String?, explain: Bool) -> SentimentResult {
        let han = Self.hanReading(language)
        return text.withBytes { run($0, han: han, explain: explain) }
    }

    private func run(
        _ src: UnsafeBufferPointer<UInt8>, han: HanReading, explain: Bool, mayHoldHan: Bool = true
    ) -> SentimentResult {
        // Text with no Han character reads the empty table, and leaves the Chinese one unbuilt.
        let chinese = mayHoldHan && Self.holdsHan(src) ? hanTable.table : HanTableSlot.empty
        return table.withLookup { latin in
            chinese.withLookup { chinese in
                SentimentScratch.with(textLength: src.count) { scratch in
                    var tokenizer = SentimentTokenizer(table: latin, hanTable: chinese, scratch: scratch)
                    tokenizer.tokenize(src, han: han)
                    let wordCount = tokenizer.count
                    tokenizer.mergePhrases()
                    return score(&tokenizer, wordCount: wordCount, source: src, explain: explain)
                }
            }
        }
    }

    /// Scores the tokens. Everything but the valences and increments comes from the flags each
    /// token copied from its slot, and those two from the table's small `weights`, so the loop
    /// reads only the tokens for most words.
    ///
    /// The tokenizer is passed `inout` though it is only read: passed from the caller's `var` by
    /// value, its few hundred bytes (two table views and the counters) were copied for every text.
    private func score(
        _ tokenizer: inout SentimentTokenizer, wordCount: Int, source: UnsafeBufferPointer<UInt8>, explain: Bool
    ) -> SentimentResult {
        let tokens = tokenizer.tokens
        let count = tokenizer.count
        let capsDiffer = tokenizer.allCapsCount > 0 && tokenizer.allCapsCount < wordCount
        var contrastAt: Int?
        if tokenizer.hasContrast {
            for index in 0..<count where tokens[index].has(TermTable.contrastFlag) {
                contrastAt = index
                break
            }
        }
        func word(_ index: Int) -> String {
            String(
                decoding: UnsafeBufferPointer(rebasing: source[tokens[index].sourceLo..<tokens[index].sourceHi]),
                as: UTF8.self)
        }
        // A modifier with a valence of its own ("no", 不是) modifies instead when the next word
        // that is not itself a modifier carries sentiment ("no good", 不是很满意).
        func modifiesNext(_ index: Int) -> Bool {
            var next = index + 1
            while next < count && next <= index + 3 {
                let after = tokens[next]
                if after.has(TermTable.valenceFlag) { return true }
                if !after.has(TermTable.boostFlag) && !after.has(TermTable.negatorFlag) { return false }
                next += 1
            }
            return false
        }

        var sum = 0.0
        var positiveSum = 0.0
        var negativeSum = 0.0
        var neutralCount = 0.0
        var contributions: [SentimentContribution] = []
        for i in 0..<count {
            let current = tokens[i]
            let isModifier = current.flags & (TermTable.boostFlag | TermTable.negatorFlag | TermTable.contrastFlag) != 0
            guard current.has(TermTable.valenceFlag), !(isModifier && modifiesNext(i)) else {
                neutralCount += 1
                continue
            }
            let base = tokenizer.weight(current).valence
            var valence = base
            var applied: [SentimentModifier] = []
            if current.words > 1 && explain {
                applied.append(.idiom(word(i).lowercased()))
            }
            if current.isAllCaps && capsDiffer {
                let amount = valence > 0 ? Self.capsIncrement : -Self.capsIncrement
                valence += amount
                if explain { applied.append(.allCaps(amount: amount)) }
            }
            for distance in 1...3 where i - distance >= 0 {
                let j = i - distance
                let before = tokens[j]
                if before.endsClause { break }
                if before.has(TermTable.boostFlag) {
                    let boost = tokenizer.weight(before).boost
                    var amount = valence < 0 ? -boost : boost
                    if before.isAllCaps && capsDiffer {
                        amount += valence > 0 ? Self.capsIncrement : -Self.capsIncrement
                    }
                    amount *= distance == 1 ? 1 : distance == 2 ? 0.95 : 0.9
                    valence += amount
                    if explain { applied.append(.boosted(by: word(j), amount: amount)) }
                }
                if before.has(TermTable.negatorFlag) || before.negatesByContraction {
                    let special = before.special
                    let next = tokens[j + 1].special
                    if special == .never && next == .soOrThis && j + 1 < i {
                        valence *= 1.25
                        if explain { applied.append(.emphasisedBy(word(j) + " " + word(j + 1), factor: 1.25)) }
                    } else if special == .without && next == .doubt && j + 1 < i {
                        continue
                    } else {
                        valence *= Self.negationFactor
                        if explain { applied.append(.negated(by: word(j), factor: Self.negationFactor)) }
                    }
                }
            }
            if i >= 1 && tokens[i - 1].special == .least && !tokens[i - 1].endsClause
                && !(i >= 2 && tokens[i - 2].special == .atOrVery)
            {
                valence *= Self.negationFactor
                if explain { applied.append(.least(factor: Self.negationFactor)) }
            }
            if let contrastAt, contrastAt != i {
                let factor = i < contrastAt ? 0.5 : 1.5
                valence *= factor
                if explain { applied.append(.contrast(word(contrastAt), factor: factor)) }
            }
            sum += valence
            if valence > 0 {
                positiveSum += valence + 1
            } else if valence < 0 {
                negativeSum += valence - 1
            } else {
                neutralCount += 1
            }
            if explain {
                contributions.append(
                    SentimentContribution(text: word(i), base: base, valence: valence, modifiers: applied))
            }
        }

        let emphasis = Self.punctuationEmphasis(exclamations: tokenizer.exclamations, questions: tokenizer.questions)
        if sum > 0 {
            sum += emphasis
        } else if sum < 0 {
            sum -= emphasis
        }
        let score = sum == 0 ? 0 : max(-1, min(1, sum / (sum * sum + Self.alpha).squareRoot()))
        if positiveSum > -negativeSum {
            positiveSum += emphasis
        } else if positiveSum < -negativeSum {
            negativeSum -= emphasis
        }
        let total = positiveSum - negativeSum + neutralCount
        return SentimentResult(
            score: score, label: SentimentLabel(score: score, threshold: threshold),
            positive: total > 0 ? positiveSum / total : 0, negative: total > 0 ? -negativeSum / total : 0,
            neutral: total > 0 ? neutralCount / total : 0, punctuationEmphasis: sum == 0 ? 0 : emphasis,
            contributions: contributions)
    }

    /// VADER's emphasis: each `!` adds 0.292 (at most 4 count); two or three `?` add 0.18 each,
    /// more add 0.96.
    static func punctuationEmphasis(exclamations: Int, questions: Int) -> Double {
        let bang = Double(min(exclamations, 4)) * 0.292
        let question = questions > 1 ? (questions <= 3 ? Double(questions) * 0.18 : 0.96) : 0
        return bang + question
    }
}

/// The Chinese sentiment table, built once, by the first text that needs it.
///
/// Every analyzer has Chinese terms, but many deployments never see a Chinese post, and building
/// the table was a fifth of hark's start-up. The first text holding a Han character builds it
/// under the lock; texts on other tasks that need it meanwhile wait for that build rather than
/// start their own, and every later one takes the built table (one reference, not a copy of the
/// table's arrays).
final class HanTableSlot: Sendable {
    /// A built table, shared by reference.
    final class Built: Sendable {
        private let table: TermTable
        init(_ table: TermTable) { self.table = table }

        /// `TermTable.withLookup` on the table where it is: read out of the object for the call,
        /// the table was copied (its eight arrays retained and released) for every text.
        func withLookup<R>(_ body: (TermLookup) -> R) -> R {
            table.withLookup(body)
        }
    }

    private enum State: Sendable {
        case pending([(key: String, change: SentimentAnalyzer.TermChange)])
        case built(Built)
    }

    private let state: Mutex<State>

    /// The table texts with no Han character read: no terms at all.
    static let empty = Built(SentimentAnalyzer.hanTable([]))

    init(_ changes: [(key: String, change: SentimentAnalyzer.TermChange)]) {
        state = Mutex(.pending(changes))
    }

    /// Whether some text has built the table.
    var isBuilt: Bool {
        state.withLock { state in
            if case .built = state { return true }
            return false
        }
    }

    /// The table, built now if no text has needed it before.
    var table: Built {
        state.withLock { state in
            switch state {
            case .built(let built):
                return built
            case .pending(let changes):
                let built = Built(SentimentAnalyzer.hanTable(changes))
                state = .built(built)
                return built
            }
        }
    }
}
