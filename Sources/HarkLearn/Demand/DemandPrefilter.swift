import Foundation

/// The cheap tests that rule a post out before any clause is cut into strings.
///
/// Two steps, both on the post's folded tokens, with no string made:
///
/// 0. *Key words.* Before marking every pattern word, `hasKeyWord` looks only for the words of
///    each trigger's two key groups (its two most telling required groups): a post without a word
///    of both for one trigger cannot pass step 1, and is ruled out with one bit test for most of
///    its words.
/// 1. *Required words.* A `words` pattern can only match a clause that holds, for every required
///    `(a|b c)` group, the first word of one of its alternatives; and every clause unit is a token
///    of the whole folded post (clauses are cut at whitespace and punctuation, where folding cuts
///    tokens too). One pass over the tokens marks which pattern words occur and rules out every
///    pattern with a group none of whose words occur. Most posts say "i", "would" or "it"
///    somewhere; few also say "wish", or "would" and "pay".
/// 2. *Matching on ids.* For an ASCII post (most posts) clauses are cut on bytes and each token is
///    mapped to its clause through `Token.source`; the surviving triggers then run on pattern-word
///    ids instead of strings, with the same clause parts (`boundaries`, the 100-unit cap) as the
///    full reading (after one match over the whole post's ids, which rules out most posts without
///    cutting clauses). Only a post where some trigger matches gets the full reading, which then also
///    applies exclusions and sarcasm and cuts the request.
///
/// Both steps only ever let through more than the full reading accepts (ids are checked byte for
/// byte, so a hash collision costs a probe, not a wrong id), so results never change.
final class DemandPrefilter: Sendable {
    /// Open-addressed table of the pattern words keyed by their first eight bytes (`Entry`),
    /// slot `lead(word).slot`; an id of -1 marks an empty slot. A word of eight bytes or fewer
    /// (most) is found with one 16-byte compare: no hash of the whole word, no byte loop.
    private let entries: [Entry]
    /// Every pattern word's folded UTF-8, by id (for the bytes after the first eight).
    private let wordBytes: [UInt8]
    private let wordRanges: [Range<Int>]
    /// A bit per `lead(word).bit` of every pattern word (4 KB): a token whose bit is clear is no
    /// pattern word and is not looked up. The bit is of the word's first eight bytes, not of a
    /// stem, so it lets through little more than the pattern words themselves.
    private let wordFilter: [UInt64]
    /// `UInt64` words per bit set of word ids.
    let stride: Int
    /// Each pattern's required groups as bit sets, kept sparse: only the words of a set that have a
    /// bit, each with its index among the `stride` words (a group has a handful of words, so most
    /// of its `stride` words are zero and testing them was most of the check).
    private let groupBits: [GroupBits]
    /// Per group, its range of `groupBits`.
    private let groupRanges: [Range<Int>]
    /// Per pattern, its range of `groupRanges`.
    private let patternGroups: [Range<Int>]
    /// How many patterns (triggers, exclusions, sarcasm) the prefilter holds.
    var patternCount: Int { patternGroups.count }
    /// How many of the patterns are triggers (they come first).
    let triggerCount: Int
    /// `UInt64` words per bit set of triggers.
    let triggerStride: Int
    /// Per word id, `triggerStride` words: the triggers whose *key group* (the required group
    /// least likely in an ordinary post) holds the word. A trigger passes `check` only when a word
    /// of every required group is present, so `checkTriggers` runs `check` only on the triggers
    /// the present words name here, instead of on every trigger of every post.
    private let keyTriggers: [UInt64]
    /// Triggers with no required group, which every post names.
    private let keylessTriggers: [UInt64]
    /// Per word id, `triggerStride` words: the triggers whose *second key group* (the next least
    /// likely required group) holds the word. `hasKeyWord` asks for a word of both key groups of
    /// one trigger: "like" alone (a key word in about half of all posts) no longer sends a post to
    /// `mark`, only "like" with "would" or "i'd".
    private let secondKeyTriggers: [UInt64]
    /// Triggers with a single required group, whose second key group counts as present.
    private let singleGroupTriggers: [UInt64]
    /// A bit per `lead(word).bit` of every word of some trigger's first or second key group
    /// (4 KB), for `hasKeyWord`: most words of a post are in neither and are not looked up.
    private let keyFilter: [UInt64]
    /// True when some trigger has no key group, so every post may match and `hasKeyWord` says yes.
    private let hasKeylessTrigger: Bool

    /// Triggers compiled to ids: per trigger a range of `elements`.
    private let programs: [Range<Int>]
    private let elements: [Step]
    /// Per element: for a literal, a bit `id & 63` for the first id of each alternative (so a unit
    /// whose bit is clear, or with no id, starts none of them); all bits for any other step.
    /// Matching tries a literal at a unit only when its bit is set, instead of calling into every
    /// alternative at every unit.
    private let firstBits: [UInt64]
    /// Alternatives of literal and optional steps: ranges of `sequenceIDs`.
    private let alternatives: [Range<Int>]
    private let sequenceIDs: [Int32]
    /// Per word id: whether it starts some trigger (`DemandPattern.anchors`).
    private let isAnchor: [Bool]
    /// Boundary phrases as id sequences, in file order (the first that matches wins).
    private let boundaries: [[Int32]]
    /// Per word id: whether some boundary phrase starts with it, so `forEachPart` looks for a
    /// boundary only at those units; true for every id when a boundary is empty.
    private let startsBoundary: [Bool]

    /// A pattern word in `entries`: its first eight bytes (little-endian, zero above a shorter
    /// word), its length and its id. Equal words have equal entries; a longer word that shares the
    /// first eight bytes differs in length or in the bytes after them (`wordBytes`).
    private struct Entry: Sendable {
        var prefix: UInt64
        var id: Int32
        var length: Int32
    }

    /// The first eight bytes of the word `range` of `bytes` (not empty), and where they send it:
    /// a bit of the 32768-bit filters and a slot of `entries` (`mask` is its size less one).
    @inline(__always)
    private static func lead(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, mask: Int
    ) -> (prefix: UInt64, bit: Int, slot: Int) {
        let prefix = WordHash.load(bytes, range.lowerBound, min(range.count, 8))
        let mixed = prefix &* 0x9E37_79B9_7F4A_7C15
        return (prefix, Int(truncatingIfNeeded: mixed >> 49), Int(truncatingIfNeeded: mixed >> 20) & mask)
    }

    /// The pattern-word table as plain pointers, for the per-token loops of `mark` and
    /// `hasKeyWord`: made once per post by `withWords`, instead of one closure per array in each.
    private struct WordIndex {
        let entries: UnsafeBufferPointer<Entry>
        let words: UnsafeBufferPointer<UInt8>
        let wordRanges: UnsafeBufferPointer<Range<Int>>

        /// The id of the word `range` of `bytes` (not empty) if its bit is set in `filter`, else -1.
        @inline(__always)
        func id(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, filter: UnsafeBufferPointer<UInt64>) -> Int32 {
            let mask = entries.count - 1
            let (prefix, bit, first) = DemandPrefilter.lead(bytes, range, mask: mask)
            if filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return -1 }
            let length = Int32(truncatingIfNeeded: range.count)
            var slot = first
            while true {
                let entry = entries[slot]
                if entry.id < 0 { return -1 }
                if entry.prefix == prefix, entry.length == length {
                    if range.count <= 8 { return entry.id }
                    let word = wordRanges[Int(entry.id)]
                    if DemandPrefilter.equal(
                        words, (word.lowerBound + 8)..<word.upperBound, bytes, (range.lowerBound + 8)..<range.upperBound)
                    {
                        return entry.id
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Runs `body` with the word table and the folded post's tokens and bytes as pointers, which
    /// are only read inside it and never escape it.
    @inline(__always)
    private func withWords<R>(
        of folded: FoldedText,
        _ body: (WordIndex, UnsafeBufferPointer<NormalizedText.Token>, UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        entries.withUnsafeBufferPointer { entries in
            wordBytes.withUnsafeBufferPointer { words in
                wordRanges.withUnsafeBufferPointer { wordRanges in
                    body(WordIndex(entries: entries, words: words, wordRanges: wordRanges), folded.tokens, folded.utf8)
                }
            }
        }
    }

    /// One nonzero `UInt64` of a group's bit set.
    private struct GroupBits: Sendable {
        var word: Int
        var bits: UInt64
    }

    /// One pattern element with its alternatives as a range of `alternatives`.
    private struct Step: Sendable {
        enum Kind: UInt8, Sendable { case literal, optional, any, start, slot }
        var kind: Kind
        var alternatives: Range<Int>
    }

    /// No patterns: what a `characters` set carries.
    convenience init() { self.init(patterns: [], triggerCount: 0, boundaries: []) }

    /// Compiles the patterns of one `words` set. `patterns` holds its triggers, exclusions and
    /// sarcasm patterns in that order; `check`, `matches` and `firstMatch` take the same index.
    init(patterns: [DemandPattern], triggerCount: Int, boundaries: [[String]]) {
        var vocabulary: [String: Int32] = [:]
        var words: [String] = []
        func id(_ word: String) -> Int32 {
            if let known = vocabulary[word] { return known }
            let new = Int32(words.count)
            vocabulary[word] = new
            words.append(word)
            return new
        }
        var newAlternatives: [Range<Int>] = []
        var newSequenceIDs: [Int32] = []
        var newPrograms: [Range<Int>] = []
        var newElements: [Step] = []
        var newWordBytes: [UInt8] = []
        var newWordRanges: [Range<Int>] = []
        var newGroupBits: [GroupBits] = []
        var newGroupRanges: [Range<Int>] = []
        var newPatternGroups: [Range<Int>] = []
        var patternWords: [[[Int32]]] = []
        for pattern in patterns {
            var required: [[Int32]] = []
            var steps: [Step] = []
            for element in pattern.elements {
                switch element {
                case .literal(let options), .optional(let options):
                    let first = newAlternatives.count
                    for option in options {
                        let start = newSequenceIDs.count
                        newSequenceIDs.append(contentsOf: option.map(id))
                        newAlternatives.append(start..<newSequenceIDs.count)
                    }
                    if case .literal = element {
                        required.append(options.map { id($0[0]) })
                        steps.append(Step(kind: .literal, alternatives: first..<newAlternatives.count))
                    } else {
                        steps.append(Step(kind: .optional, alternatives: first..<newAlternatives.count))
                    }
                case .any: steps.append(Step(kind: .any, alternatives: 0..<0))
                case .start: steps.append(Step(kind: .start, alternatives: 0..<0))
                case .slot: steps.append(Step(kind: .slot, alternatives: 0..<0))
                }
            }
            // Small newGroups ("wish", "pay") are the most telling; test them first.
            required.sort { $0.count < $1.count }
            patternWords.append(required)
            newPrograms.append(newElements.count..<(newElements.count + steps.count))
            newElements += steps
        }
        let newBoundaries = boundaries.map { $0.map(id) }
        var newIsAnchor = [Bool](repeating: false, count: words.count)
        for pattern in patterns.prefix(triggerCount) {
            for anchor in pattern.anchors { newIsAnchor[Int(id(anchor))] = true }
        }
        for word in words {
            let start = newWordBytes.count
            newWordBytes.append(contentsOf: word.utf8)
            newWordRanges.append(start..<newWordBytes.count)
        }
        let stride = max(1, (words.count + 63) / 64)
        var capacity = 16
        while capacity < words.count * 2 { capacity *= 2 }
        var newEntries = [Entry](repeating: Entry(prefix: 0, id: -1, length: 0), count: capacity)
        var newWordFilter = [UInt64](repeating: 0, count: 512)
        // Where each word leads; an empty word is no token and is left out.
        let leads = words.map { word in
            word.isEmpty ? nil : Array(word.utf8).withUnsafeBufferPointer { Self.lead($0, 0..<$0.count, mask: capacity - 1) }
        }
        for (index, lead) in leads.enumerated() {
            guard let lead else { continue }
            newWordFilter[lead.bit >> 6] |= 1 << UInt64(lead.bit & 63)
            var slot = lead.slot
            while newEntries[slot].id >= 0 { slot = (slot + 1) & (capacity - 1) }
            newEntries[slot] = Entry(prefix: lead.prefix, id: Int32(index), length: Int32(words[index].utf8.count))
        }
        for required in patternWords {
            let first = newGroupRanges.count
            for group in required {
                var mask = [UInt64](repeating: 0, count: stride)
                for word in group { mask[Int(word) >> 6] |= 1 << UInt64(word & 63) }
                let start = newGroupBits.count
                for (word, bits) in mask.enumerated() where bits != 0 {
                    newGroupBits.append(GroupBits(word: word, bits: bits))
                }
                newGroupRanges.append(start..<newGroupBits.count)
            }
            newPatternGroups.append(first..<newGroupRanges.count)
        }
        let triggerStride = max(1, (triggerCount + 63) / 64)
        var newKeyTriggers = [UInt64](repeating: 0, count: words.count * triggerStride)
        var newKeylessTriggers = [UInt64](repeating: 0, count: triggerStride)
        var newSecondKeyTriggers = [UInt64](repeating: 0, count: words.count * triggerStride)
        var newSingleGroupTriggers = [UInt64](repeating: 0, count: triggerStride)
        for (trigger, required) in patternWords.prefix(triggerCount).enumerated() {
            let bit: UInt64 = 1 << UInt64(trigger & 63)
            // A group is as telling as its commonest word: a short or common word is in most posts.
            func rarity(_ group: [Int32]) -> Int {
                group.map { AbusePhraseIndex.commonWords.contains(words[Int($0)]) ? 0 : words[Int($0)].utf8.count }
                    .min() ?? 0
            }
            func lessTelling(_ a: [Int32], _ b: [Int32]) -> Bool { (rarity(a), -a.count) < (rarity(b), -b.count) }
            guard let keyIndex = required.indices.max(by: { lessTelling(required[$0], required[$1]) }) else {
                newKeylessTriggers[trigger >> 6] |= bit
                continue
            }
            for word in required[keyIndex] { newKeyTriggers[Int(word) * triggerStride + trigger >> 6] |= bit }
            var others = required
            others.remove(at: keyIndex)
            guard let second = others.max(by: lessTelling) else {
                newSingleGroupTriggers[trigger >> 6] |= bit
                continue
            }
            for word in second { newSecondKeyTriggers[Int(word) * triggerStride + trigger >> 6] |= bit }
        }
        var newKeyFilter = [UInt64](repeating: 0, count: 512)
        for (id, lead) in leads.enumerated() {
            guard let lead else { continue }
            let row = (id * triggerStride)..<((id + 1) * triggerStride)
            guard row.contains(where: { newKeyTriggers[$0] | newSecondKeyTriggers[$0] != 0 }) else { continue }
            newKeyFilter[lead.bit >> 6] |= 1 << UInt64(lead.bit & 63)
        }
        var newStartsBoundary = [Bool](repeating: newBoundaries.contains { $0.isEmpty }, count: words.count)
        for boundary in newBoundaries {
            if let first = boundary.first { newStartsBoundary[Int(first)] = true }
        }
        firstBits = newElements.map { step in
            guard step.kind == .literal else { return UInt64.max }
            var bits: UInt64 = 0
            for alternative in newAlternatives[step.alternatives] {
                bits |= 1 << UInt64(newSequenceIDs[alternative.lowerBound] & 63)
            }
            return bits
        }
        entries = newEntries
        wordFilter = newWordFilter
        wordBytes = newWordBytes
        wordRanges = newWordRanges
        self.stride = stride
        groupBits = newGroupBits
        groupRanges = newGroupRanges
        patternGroups = newPatternGroups
        self.triggerCount = triggerCount
        self.triggerStride = triggerStride
        keyTriggers = newKeyTriggers
        keylessTriggers = newKeylessTriggers
        secondKeyTriggers = newSecondKeyTriggers
        singleGroupTriggers = newSingleGroupTriggers
        keyFilter = newKeyFilter
        hasKeylessTrigger = newKeylessTriggers.contains { $0 != 0 }
        startsBoundary = newStartsBoundary
        programs = newPrograms
        elements = newElements
        alternatives = newAlternatives
        sequenceIDs = newSequenceIDs
        isAnchor = newIsAnchor
        self.boundaries = newBoundaries
    }

    /// Writes each token's pattern-word id (or -1) into `ids` and marks the ids found in `present`
    /// (`stride` words, zeroed by the caller) and, when given, the triggers their words are a key
    /// of in `candidates` (`triggerStride` words, zeroed by the caller); returns whether a word
    /// token starts some trigger (what `hasAnchor` tells from the ids), found on the way.
    @discardableResult
    func mark(
        _ folded: FoldedText, ids: UnsafeMutableBufferPointer<Int32>,
        present: UnsafeMutableBufferPointer<UInt64>, candidates: UnsafeMutableBufferPointer<UInt64>? = nil
    ) -> Bool {
        var anchored = false
        let triggerStride = triggerStride
        // Every buffer below is only read inside these closures and never escapes them.
        wordFilter.withUnsafeBufferPointer { filter in
            keyTriggers.withUnsafeBufferPointer { keyTriggers in
                isAnchor.withUnsafeBufferPointer { isAnchor in
                    withWords(of: folded) { index, tokens, bytes in
                        for position in tokens.indices {
                            ids[position] = -1
                            let token = tokens[position]
                            let range = token.utf8Range
                            if range.isEmpty { continue }
                            let id = index.id(of: range, in: bytes, filter: filter)
                            if id < 0 { continue }
                            ids[position] = id
                            present[Int(id) >> 6] |= 1 << UInt64(id & 63)
                            if isAnchor[Int(id)], token.kind == .word { anchored = true }
                            if let candidates {
                                let base = Int(id) * triggerStride
                                for word in 0..<triggerStride {
                                    candidates[word] |= keyTriggers[base + word]
                                }
                            }
                        }
                    }
                }
            }
        }
        return anchored
    }

    /// Whether the tokens of `folded` hold a word of both key groups of some trigger (or a
    /// trigger has none): false means `checkTriggers` would find no trigger possible (each key
    /// group is a required group), so the post is ruled out without marking every pattern word.
    /// One bit test per token (`keyFilter`); a probe only for the few tokens whose first eight
    /// bytes share a key word's bit. Stops at the first trigger with both.
    func hasKeyWord(_ folded: FoldedText) -> Bool {
        if hasKeylessTrigger { return true }
        let triggerStride = triggerStride
        // Every buffer below is only read inside these closures and never escapes them.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * triggerStride) { found in
            found.initialize(repeating: 0)
            return keyFilter.withUnsafeBufferPointer { filter in
                keyTriggers.withUnsafeBufferPointer { keyTriggers in
                    secondKeyTriggers.withUnsafeBufferPointer { secondKeyTriggers in
                        singleGroupTriggers.withUnsafeBufferPointer { single in
                            withWords(of: folded) { index, tokens, bytes in
                                for token in tokens {
                                    let range = token.utf8Range
                                    if range.isEmpty { continue }
                                    let id = index.id(of: range, in: bytes, filter: filter)
                                    if id < 0 { continue }
                                    let base = Int(id) * triggerStride
                                    for word in 0..<triggerStride {
                                        let first = found[word] | keyTriggers[base + word]
                                        let second = found[triggerStride + word] | secondKeyTriggers[base + word]
                                        found[word] = first
                                        found[triggerStride + word] = second
                                        if first & (second | single[word]) != 0 { return true }
                                    }
                                }
                                return false
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sets `possible[t]` (the first `triggerCount` entries) to `check(t)` for every trigger,
    /// running `check` only on the triggers `candidates` (as `mark` left it) or `keylessTriggers`
    /// name: any other trigger has a required group with no word present. Returns whether some
    /// trigger is possible.
    func checkTriggers(
        candidates: UnsafeMutableBufferPointer<UInt64>, present: UnsafeMutableBufferPointer<UInt64>,
        possible: UnsafeMutableBufferPointer<Bool>
    ) -> Bool {
        var any = false
        for trigger in 0..<triggerCount { possible[trigger] = false }
        for word in 0..<triggerStride {
            var bits = candidates[word] | keylessTriggers[word]
            while bits != 0 {
                let trigger = word << 6 + bits.trailingZeroBitCount
                bits &= bits &- 1
                if check(trigger, present: present) {
                    possible[trigger] = true
                    any = true
                }
            }
        }
        return any
    }

    /// Whether the bytes `a` of `first` equal the bytes `b` of `second`.
    @inline(__always)
    private static func equal(
        _ first: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ second: UnsafeBufferPointer<UInt8>, _ b: Range<Int>
    ) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound
        var j = b.lowerBound
        while i < a.upperBound {
            if first[i] != second[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// Each token's pattern-word id (or -1), and for each pattern whether `check` lets it through.
    func screen(_ normalized: NormalizedText) -> (ids: [Int32], possible: [Bool]) {
        var ids = [Int32](repeating: -1, count: normalized.tokens.count)
        let possible = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: stride) { present in
            present.initialize(repeating: 0)
            ids.withUnsafeMutableBufferPointer { ids in normalized.withFolded { mark($0, ids: ids, present: present) } }
            return patternGroups.indices.map { check($0, present: present) }
        }
        return (ids, possible)
    }

    /// `DemandPatterns.Set.mayTrigger` on ids: whether a word token starts some trigger. `ids` holds
    /// one id per token (it may be longer).
    func hasAnchor(_ ids: UnsafeBufferPointer<Int32>, tokens: [NormalizedText.Token]) -> Bool {
        for index in tokens.indices where tokens[index].kind == .word {
            let id = ids[index]
            if id >= 0 && isAnchor[Int(id)] { return true }
        }
        return false
    }

    /// False when pattern `index` certainly cannot match a post whose words are `present`.
    func check(_ index: Int, present: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        for group in patternGroups[index] {
            var hit = false
            for entry in groupRanges[group] {
                let bits = groupBits[entry]
                if bits.bits & present[bits.word] != 0 {
                    hit = true
                    break
                }
            }
            if !hit { return false }
        }
        return true
    }

    /// Where a trigger marked true in `possible` may match a clause part of an ASCII post, as the
    /// full reading cuts clauses and parts: the first such clause's byte start and first token, or
    /// nil, which means the full reading finds no demand.
    ///
    /// The post's units are matched whole first (`matchesAnywhere`): a match inside a part is a
    /// match inside the whole, so a post with none there (most posts that get here: "i would" and
    /// "like" both said, but not together) is ruled out without cutting it into clauses.
    func firstClauseMayMatch(
        _ text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<NormalizedText.Token>,
        ids: UnsafeBufferPointer<Int32>,
        possible: UnsafeBufferPointer<Bool>
    ) -> (clauseStart: Int, firstToken: Int)? {
        let all = UnsafeBufferPointer(rebasing: ids[..<tokens.count])
        guard possible.indices.contains(where: { possible[$0] && matchesAnywhere($0, all) }) else { return nil }
        var found: (clauseStart: Int, firstToken: Int)?
        var next = 0
        DemandClauses.splitASCII(text) { clause in
            // Tokens start at letters, never at clause punctuation or the whitespace trimmed off.
            while next < tokens.count, Int(tokens[next].source) < clause.lowerBound { next += 1 }
            let first = next
            while next < tokens.count, Int(tokens[next].source) < clause.upperBound { next += 1 }
            guard clause.count <= DemandDetector.maxClauseBytes, first < next else { return true }
            if partsMayMatch(UnsafeBufferPointer(rebasing: ids[first..<next]), possible: possible) {
                found = (clause.lowerBound, first)
                return false
            }
            return true
        }
        return found
    }

    /// Whether a trigger marked in `possible` matches some part of a clause's units.
    private func partsMayMatch(_ units: UnsafeBufferPointer<Int32>, possible: UnsafeBufferPointer<Bool>) -> Bool {
        var found = false
        forEachPart(of: units) { part in
            let slice = UnsafeBufferPointer(rebasing: units[part])
            for trigger in possible.indices where possible[trigger] && matches(trigger, slice) {
                found = true
                return false
            }
            return true
        }
        return found
    }

    /// `DemandUnits.split(at:)` on ids (an ASCII post has no emoji breaks): calls `body` with each
    /// part in order until it returns false.
    func forEachPart(of units: UnsafeBufferPointer<Int32>, _ body: (Range<Int>) -> Bool) {
        var start = 0
        var index = 0
        while index < units.count {
            if index - start >= DemandUnits.maximumClause, index > start {
                guard body(start..<index) else { return }
                start = index
            }
            let unit = units[index]
            if unit >= 0, startsBoundary[Int(unit)],
                let boundary = boundaries.first(where: { Self.equal(units, at: index, $0[...]) })
            {
                if index > start { guard body(start..<index) else { return } }
                index += boundary.count
                start = index
                continue
            }
            index += 1
        }
        if start < units.count { _ = body(start..<units.count) }
    }

    /// `DemandPattern.firstMatch(in:)` on ids: the same search in the same order, so the same match.
    func firstMatch(_ index: Int, _ units: UnsafeBufferPointer<Int32>) -> DemandPattern.Match? {
        let program = programs[index]
        guard !program.isEmpty else { return nil }
        let leading = elements[program.lowerBound].kind
        let lastStart = leading == .start || leading == .slot ? 0 : units.count - 1
        if lastStart < 0 { return nil }
        var best: DemandPattern.Match?
        for start in 0...lastStart where mayEnter(program.lowerBound, program.upperBound, at: start, units) {
            guard let found = match(program.lowerBound, program.upperBound, at: start, units, slot: nil, literal: 0)
            else { continue }
            if best == nil || found.literalUnits > best!.literalUnits {
                best = DemandPattern.Match(
                    start: start, end: found.end, slot: found.slot, literalUnits: found.literalUnits)
            }
        }
        return best
    }

    private func match(
        _ element: Int, _ end: Int, at unit: Int, _ units: UnsafeBufferPointer<Int32>, slot: Range<Int>?, literal: Int
    ) -> DemandPattern.Match? {
        if element == end { return DemandPattern.Match(start: 0, end: unit, slot: slot, literalUnits: literal) }
        let current = elements[element]
        switch current.kind {
        case .start:
            return unit == 0 ? match(element + 1, end, at: unit, units, slot: slot, literal: literal) : nil
        case .any:
            return unit < units.count ? match(element + 1, end, at: unit + 1, units, slot: slot, literal: literal) : nil
        case .literal, .optional:
            for alternative in current.alternatives {
                let sequence = alternatives[alternative]
                guard equal(units, at: unit, sequence) else { continue }
                if let found = match(
                    element + 1, end, at: unit + sequence.count, units, slot: slot, literal: literal + sequence.count)
                {
                    return found
                }
            }
            return current.kind == .optional ? match(element + 1, end, at: unit, units, slot: slot, literal: literal) : nil
        case .slot:
            guard unit < units.count else { return nil }
            if element == end - 1 {
                return DemandPattern.Match(start: 0, end: units.count, slot: unit..<units.count, literalUnits: literal)
            }
            for stop in (unit + 1)...units.count where mayEnter(element + 1, end, at: stop, units) {
                if let found = match(element + 1, end, at: stop, units, slot: unit..<stop, literal: literal) {
                    return found
                }
            }
            return nil
        }
    }

    /// False when element `element` (before `end`) certainly does not match at `unit`: a literal
    /// needs a unit whose id's bit is in `firstBits`. Any other step, or the end, may match.
    @inline(__always)
    private func mayEnter(_ element: Int, _ end: Int, at unit: Int, _ units: UnsafeBufferPointer<Int32>) -> Bool {
        guard element < end, elements[element].kind == .literal else { return true }
        guard unit < units.count else { return false }
        let id = units[unit]
        return id >= 0 && firstBits[element] & (1 << UInt64(id & 63)) != 0
    }

    /// Whether the ids `sequence` of `sequenceIDs` occur in `units` at `index`, read in place
    /// (an `ArraySlice` of `sequenceIDs` per alternative tried cost a retain and a release).
    @inline(__always)
    private func equal(_ units: UnsafeBufferPointer<Int32>, at index: Int, _ sequence: Range<Int>) -> Bool {
        guard index + sequence.count <= units.count else { return false }
        var offset = index
        for position in sequence {
            if units[offset] != sequenceIDs[position] { return false }
            offset += 1
        }
        return true
    }

    @inline(__always)
    private static func equal(_ units: UnsafeBufferPointer<Int32>, at index: Int, _ sequence: ArraySlice<Int32>) -> Bool {
        guard index + sequence.count <= units.count else { return false }
        var offset = index
        for id in sequence {
            if units[offset] != id { return false }
            offset += 1
        }
        return true
    }

    /// Whether trigger `index` matches somewhere in `units`: `DemandPattern.firstMatch(in:) != nil`.
    func matches(_ index: Int, _ units: UnsafeBufferPointer<Int32>) -> Bool {
        let program = programs[index]
        guard !program.isEmpty else { return false }
        let leading = elements[program.lowerBound].kind
        let lastStart = leading == .start || leading == .slot ? 0 : units.count - 1
        if lastStart < 0 { return false }
        for start in 0...lastStart
        where mayEnter(program.lowerBound, program.upperBound, at: start, units)
            && step(program.lowerBound, program.upperBound, at: start, units)
        {
            return true
        }
        return false
    }

    /// `matches(_:_:)` with `^` read as any unit, not only the first: true whenever trigger `index`
    /// matches some slice of `units`, since every other step matches in the whole wherever it
    /// matches in a slice (a slot or `*` only finds more units after it).
    func matchesAnywhere(_ index: Int, _ units: UnsafeBufferPointer<Int32>) -> Bool {
        var program = programs[index]
        guard !program.isEmpty else { return false }
        var leading = elements[program.lowerBound].kind
        var anchored = false
        if leading == .start {
            program = (program.lowerBound + 1)..<program.upperBound
            guard !program.isEmpty else { return true }
            leading = elements[program.lowerBound].kind
            anchored = true
        }
        let lastStart = !anchored && leading == .slot ? 0 : units.count - 1
        if lastStart < 0 { return false }
        for start in 0...lastStart
        where mayEnter(program.lowerBound, program.upperBound, at: start, units)
            && step(program.lowerBound, program.upperBound, at: start, units)
        {
            return true
        }
        return false
    }

    private func step(_ element: Int, _ end: Int, at unit: Int, _ units: UnsafeBufferPointer<Int32>) -> Bool {
        if element == end { return true }
        let current = elements[element]
        switch current.kind {
        case .start:
            return unit == 0 && step(element + 1, end, at: unit, units)
        case .any:
            return unit < units.count && step(element + 1, end, at: unit + 1, units)
        case .literal, .optional:
            for alternative in current.alternatives {
                let sequence = alternatives[alternative]
                if equal(units, at: unit, sequence), step(element + 1, end, at: unit + sequence.count, units) {
                    return true
                }
            }
            return current.kind == .optional && step(element + 1, end, at: unit, units)
        case .slot:
            guard unit < units.count else { return false }
            if element == end - 1 { return true }
            for stop in (unit + 1)...units.count
            where mayEnter(element + 1, end, at: stop, units) && step(element + 1, end, at: stop, units) {
                return true
            }
            return false
        }
    }
}

extension DemandClauses {
    /// `split(_:)` for an all-ASCII text, on its bytes, calling `body` with each clause's byte range
    /// until it returns false. In ASCII every character is one byte except `\r\n`, which both
    /// splitters treat as a cut (here two, with nothing between them).
    ///
    /// `from` (0, or the start of a clause an earlier split gave) skips the clauses before it: a
    /// cut depends only on a byte and the one after it, so the clauses from there on are the same.
    static func splitASCII(_ bytes: UnsafeBufferPointer<UInt8>, from: Int = 0, _ body: (Range<Int>) -> Bool) {
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 < 5 }
        var start = from
        var index = from
        let count = bytes.count
        func emit(_ lower: Int, _ upper: Int) -> Bool {
            var lower = lower
            var upper = upper
            while lower < upper, isSpace(bytes[lower]) { lower += 1 }
            while lower < upper, isSpace(bytes[upper - 1]) { upper -= 1 }
            return lower < upper ? body(lower..<upper) : true
        }
        while index < count {
            let byte = bytes[index]
            let cut: Bool
            switch byte {
            case 0x21, 0x3F, 0x3B, 0x2C, 0x0A, 0x0D: cut = true
            case 0x2E: cut = index + 1 == count || isSpace(bytes[index + 1]) || bytes[index + 1] == 0x2E
            default: cut = false
            }
            if cut {
                guard emit(start, index) else { return }
                start = index + 1
            }
            index += 1
        }
        _ = emit(start, count)
    }
}

extension DemandPattern {
    /// True when some required group has only alternatives that start with a unit that is not
    /// ASCII even after canonical decomposition (Swift compares characters canonically: `K` and
    /// the Kelvin sign are equal).
    var needsNonASCII: Bool {
        elements.contains { element in
            guard case .literal(let alternatives) = element else { return false }
            return alternatives.allSatisfy { alternative in
                guard let first = alternative.first else { return false }
                return first.decomposedStringWithCanonicalMapping.unicodeScalars.contains { $0.value >= 0x80 }
            }
        }
    }
}
