/// The lexicon and the context words compiled for matching: phrases as sequences of units, indexed
/// by their first unit, plus the byte table of the quick first pass.
///
/// A *unit* is what `NormalizedText` calls a position: a word of a spaced script, or one character
/// of a Chinese (or other unspaced) run. Phrases are unit sequences, so `fuck you`, `傻逼` and the
/// mixed `傻b` are matched by the same code, and `傻 逼` written with a space still matches.
struct AbusePhraseIndex: Sendable {
    /// What a phrase means to the detector.
    enum Role: Sendable, Hashable {
        case abuse(AbuseCategory, weight: Double)
        case allow, staff, group, place, second, possessive, third, firstPerson, negator
    }

    /// One unit of a phrase: a word, a word stem (`idiot*`), or one character of a run.
    struct Unit: Sendable, Hashable {
        var text: String
        var isPrefix: Bool
        var isRunCharacter: Bool

        func matches(_ word: String) -> Bool { isPrefix ? word.hasPrefix(text) : word == text }
    }

    struct Phrase: Sendable {
        var term: String
        var units: [Unit]
        var role: Role
    }

    let phrases: [Phrase]
    /// Phrase indices by exact first unit.
    let byFirst: [String: [Int]]
    /// Phrase indices by first-unit stem.
    let byStem: [String: [Int]]
    /// The lengths (in characters) of the stems in `byStem`, longest first.
    let stemLengths: [Int]
    /// The first three characters of every stem in `byStem`, to skip most words at once.
    let stemInitials: Set<String>
    /// Every exact unit text of every phrase, and every stem: what a disguised word may turn into.
    let vocabulary: Set<String>
    let stems: Set<String>
    /// The lengths (in characters) of `stems`, shortest first, for `AbuseDetector.isKnown`.
    let stemCharacterCounts: [Int]
    /// Abusive, allowed and second-person single words, for reading spaced-out letters (`i d i o t`).
    let spelledWords: Set<String>
    /// The quick first pass: could this text contain any abusive phrase at all?
    let triggers: TriggerTable
    let decoder: ObfuscationDecoder

    init(lexicon: AbuseLexicon, extraAllowed: [String]) {
        var phrases: [Phrase] = []
        func add(_ term: String, _ role: Role) {
            let units = Self.units(of: term)
            guard !units.isEmpty else { return }
            phrases.append(Phrase(term: term, units: units, role: role))
        }
        for (term, role) in lexicon.terms.sorted(by: { $0.key < $1.key }) {
            switch role {
            case .abuse(let category, let weight): add(term, .abuse(category, weight: weight))
            case .allow: add(term, .allow)
            case .staff: add(term, .staff)
            case .group: add(term, .group)
            case .place: add(term, .place)
            }
        }
        for phrase in extraAllowed { if let term = AbuseLexicon.fold(phrase) { add(term, .allow) } }
        let context: [([String], Role)] = [
            (AbuseContextWords.secondPerson, .second), (AbuseContextWords.possessive, .possessive),
            (AbuseContextWords.thirdPerson, .third), (AbuseContextWords.firstPerson, .firstPerson),
            (AbuseContextWords.negators, .negator), (AbuseContextWords.anyoneResponsible, .staff),
        ]
        for (words, role) in context {
            for word in words { if let term = AbuseLexicon.fold(word) { add(term, role) } }
        }

        // Single abusive words and stems: `fuck*` makes `of shit`'s `shit` abusive.
        let abusiveWords = Set(
            phrases.compactMap { phrase -> String? in
                guard case .abuse = phrase.role, phrase.units.count == 1 else { return nil }
                return phrase.units[0].isPrefix ? phrase.units[0].text + "*" : phrase.units[0].text
            })
        var byFirst: [String: [Int]] = [:]
        var byStem: [String: [Int]] = [:]
        var vocabulary: Set<String> = []
        var stems: Set<String> = []
        var spelled: Set<String> = []
        var triggers = TriggerTable()
        var maskable: [(word: String, weight: Double, isStem: Bool)] = []
        for (index, phrase) in phrases.enumerated() {
            let first = phrase.units[0]
            if first.isPrefix {
                byStem[first.text, default: []].append(index)
            } else {
                byFirst[first.text, default: []].append(index)
            }
            for unit in phrase.units where !unit.isRunCharacter {
                if unit.isPrefix { stems.insert(unit.text) } else { vocabulary.insert(unit.text) }
            }
            let isAbuse: Bool
            if case .abuse(_, let weight) = phrase.role {
                isAbuse = true
                if phrase.units.count == 1, !first.isRunCharacter, Self.isWorthMasking(phrase.role) {
                    maskable.append((first.text, weight, first.isPrefix))
                }
            } else {
                isAbuse = false
            }
            let spellable = isAbuse || phrase.role == .allow || phrase.role == .second
            if phrase.units.count == 1, !first.isRunCharacter, !first.isPrefix, spellable {
                spelled.insert(first.text)
            }
            let key = Self.triggerKey(phrase.units, abusiveWords: abusiveWords)
            switch phrase.role {
            case .abuse(let category, let weight):
                let alone = AbuseDetector.standsAlone(phrase.units)
                let vocative = AbuseDetector.mayBeVocative(category, weight: weight, term: phrase.term)
                triggers.insert(
                    key.text, stem: key.isPrefix, run: phrase.units.contains(where: \.isRunCharacter),
                    bound: ScoreBound(category: category, weight: weight, standsAlone: alone, mayBeVocative: vocative))
            case .second, .possessive:
                triggers.insert(key.text, stem: key.isPrefix, bound: ScoreBound(aims: true, addresses: true))
            case .staff, .group:
                // A group word aims a term too when it is a copula's subject ("the people … are morons").
                triggers.insert(key.text, stem: key.isPrefix, bound: ScoreBound(aims: true))
            case .third:
                triggers.insert(key.text, stem: key.isPrefix, bound: ScoreBound(aimsThreat: true))
            default:
                break
            }
        }
        self.phrases = phrases
        self.byFirst = byFirst
        self.byStem = byStem
        self.stemLengths = Set(byStem.keys.map(\.count)).sorted(by: >)
        self.stemInitials = Set(byStem.keys.map { String($0.prefix(3)) })
        self.vocabulary = vocabulary
        self.stems = stems
        self.stemCharacterCounts = Set(stems.map(\.count)).sorted()
        self.spelledWords = spelled
        self.triggers = triggers
        let decodable = vocabulary.intersection(
            Set(
                phrases.flatMap { phrase -> [String] in
                    switch phrase.role {
                    case .abuse, .second, .possessive: phrase.units.map(\.text)
                    default: []
                    }
                }))
        self.decoder = ObfuscationDecoder(words: decodable, stems: stems, maskable: maskable)
    }

    /// People mask swear words, slurs and strong insults (`f***`, `c**t`), not `fool` or `jerk`;
    /// leaving mild words out keeps `f***` from reading as `fool`.
    static func isWorthMasking(_ role: Role) -> Bool {
        guard case .abuse(let category, let weight) = role else { return false }
        return category == .profanity || category == .slur || weight >= 2
    }

    /// What the quick pass looks for to decide a phrase may be present, as folded text.
    ///
    /// Its first run character, with the next one when that is a run character too (runs are
    /// probed one character and one pair at a time); for a phrase of words, the pair of neighbouring
    /// whole words least likely in an ordinary post (one holding an abusive word, else the one with
    /// the most letters outside `commonWords`), so that `get lost` is looked for as `get lost` and
    /// not as the `lost` of every lost bag, and `you will pay for this` as `will pay`, not
    /// `for this`; for a single word, the word or stem itself.
    static func triggerKey(_ units: [Unit], abusiveWords: Set<String> = []) -> (text: String, isPrefix: Bool) {
        if let i = units.firstIndex(where: \.isRunCharacter) {
            guard i + 1 < units.count, units[i + 1].isRunCharacter else { return (units[i].text, false) }
            return (units[i].text + units[i + 1].text, false)
        }
        func rarity(_ unit: Unit) -> Int {
            let isAbusive =
                abusiveWords.contains(unit.text)
                || (1...unit.text.count).contains { abusiveWords.contains(unit.text.prefix($0) + "*") }
            if isAbusive { return 100 }
            return commonWords.contains(unit.text) ? 0 : unit.text.count
        }
        let pairs = zip(units, units.dropFirst()).filter { !$0.isPrefix && !$1.isPrefix }
        if let (first, second) = pairs.max(by: { rarity($0.0) + rarity($0.1) < rarity($1.0) + rarity($1.1) }) {
            return (first.text + " " + second.text, false)
        }
        let rarest = units.max { rarity($0) < rarity($1) }!
        return (rarest.text, rarest.isPrefix)
    }

    /// Words too common in ordinary posts to stand for a phrase in the quick pass.
    static let commonWords: Set<String> = [
        "a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "with", "from", "and", "or", "but", "so", "if",
        "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "have", "has", "had", "will", "would",
        "can", "could", "should", "shall", "may", "might", "must", "not", "no", "this", "that", "these", "those",
        "it", "its", "it's", "i", "i'm", "i'll", "i've", "me", "my", "we", "us", "our", "you", "you're", "your",
        "u", "ur", "he", "she", "they", "them", "him", "her", "his", "their", "what", "who", "where", "when",
        "how", "why", "all", "some", "any", "one", "out", "up", "down", "off", "over", "about", "back", "just",
        "now", "get", "got", "go", "going", "gonna", "know", "see", "think", "hope", "want", "like", "make",
        "take", "give", "come", "coming", "time", "day", "place", "people", "good", "great", "new", "here",
        "there", "then", "than", "too", "very", "really", "more", "much", "well", "way", "let", "put", "keep",
    ]

    /// The units of a folded term: words (a trailing `*` makes a stem) and run characters.
    static func units(of term: String) -> [Unit] {
        let folded = NormalizedText(term, keepingWildcards: true)
        var units: [Unit] = []
        for token in folded.tokens {
            let text = folded.text(of: token)
            if token.kind == .run {
                for scalar in text.unicodeScalars {
                    units.append(Unit(text: String(scalar), isPrefix: false, isRunCharacter: true))
                }
            } else if text.hasSuffix("*") {
                units.append(Unit(text: String(text.dropLast()), isPrefix: true, isRunCharacter: false))
            } else {
                units.append(Unit(text: text, isPrefix: false, isRunCharacter: false))
            }
        }
        return units
    }
}

/// The most that the phrases behind one key can add to a score, used by the quick pass to prove a
/// text harmless without reading it fully.
///
/// The bound follows whom each category can be aimed at (see `AbuseDetector.score`): insults and
/// harassment only at the reader, staff or a group (`aims`); threats also at a third person or a
/// place (`aimsThreat`); profanity only at an addressed person right after it, which takes a
/// second-person word or a possessive (`addresses`). A category's aimed value counts only when a
/// word that can aim it is in the text, so "he said this movie is stupid" or "the fucking bus left
/// without them" are proved harmless without the full reading.
struct ScoreBound: Sendable {
    /// Insults, harassment and slurs when someone they could be aimed at is in the text.
    var aimed: Double = 0
    /// When no one is: insults at × 0.75 (× 2 as a vocative), harassment and slurs at their weight.
    var unaimed: Double = 0
    /// Threats when someone they could be aimed at is in the text, and when no one is.
    var threatAimed: Double = 0
    var threatUnaimed: Double = 0
    /// Profanity aimed at an addressed person ("fuck you"), at × 2.
    var profanityAimed: Double = 0
    /// Profanity as an intensifier, counted apart because all of it together adds at most 1.0.
    var profanity: Double = 0
    /// True for second-person words, possessives, staff and group words: insults, harassment and
    /// threats may be aimed.
    var aims = false
    /// True for third persons: threats may be aimed ("I'll kill him"), insults not.
    var aimsThreat = false
    /// True for second-person words and possessives: someone may be addressed, so profanity may
    /// be aimed.
    var addresses = false
    /// True when an abusive phrase is behind the key (its weight may be 0).
    var isAbusive = false

    mutating func add(_ other: ScoreBound) {
        aimed += other.aimed
        unaimed += other.unaimed
        threatAimed += other.threatAimed
        threatUnaimed += other.threatUnaimed
        profanityAimed += other.profanityAimed
        profanity += other.profanity
        aims = aims || other.aims
        aimsThreat = aimsThreat || other.aimsThreat
        addresses = addresses || other.addresses
        isAbusive = isAbusive || other.isAbusive
    }

    /// The bound of one abusive phrase, from the multipliers `AbuseDetector` documents. An insult
    /// that may be read as a vocative ("…, idiot!") is aimed with no person word in the text.
    init(category: AbuseCategory, weight: Double, standsAlone: Bool, mayBeVocative: Bool = false) {
        isAbusive = true
        switch category {
        case .insult: (aimed, unaimed) = (weight * 2, mayBeVocative ? weight * 2 : weight * 0.75)
        case .threat: (threatAimed, threatUnaimed) = (weight * 1.5, standsAlone ? weight : 0)
        case .harassment: (aimed, unaimed) = (weight * 1.5, weight)
        case .slur: (aimed, unaimed) = (weight, weight)
        case .profanity: (profanityAimed, profanity) = (weight * 2, weight * 0.5)
        }
    }

    init(aims: Bool = false, aimsThreat: Bool = false, addresses: Bool = false) {
        self.aims = aims
        self.aimsThreat = aimsThreat
        self.addresses = addresses
    }

    /// The largest score the text could reach: each category at its aimed value when a word that
    /// can aim it is present, else at its unaimed one (each aimed value is at least as large).
    var limit: Double {
        (aims ? aimed : unaimed) + (aims || aimsThreat ? threatAimed : threatUnaimed)
            + (addresses ? profanityAimed : min(profanity, AbuseDetector.intensifierCap))
    }
}

/// A byte-keyed table of the keys the quick pass looks for (see `AbusePhraseIndex.triggerKey`),
/// probed without building strings, each with the `ScoreBound` of the phrases behind it.
///
/// This is what keeps the common case cheap: a post with no abusive word is folded once and each of
/// its words costs one hash, read eight bytes at a time, and a bit test or two. Open addressing;
/// stems are probed at each stem length only for words whose first three bytes start some stem.
struct TriggerTable: Sendable {
    fileprivate struct Slot: Sendable {
        var hash: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = -1
        /// Index in `bounds` of the key as a whole word, pair or run characters, or -1.
        var exact: Int32 = -1
        /// Index in `bounds` of the key as a stem, or -1.
        var stem: Int32 = -1
    }

    private var keys: [UInt8] = []
    private var slots = [Slot](repeating: Slot(), count: 64)
    private var bounds: [ScoreBound] = []
    /// A bit per hash of a stem's first three bytes: most words start like no stem and skip the
    /// stem probes.
    private var stemStarts = [UInt64](repeating: 0, count: 64)
    /// A bit per hash of the first word of a pair key: most words start no pair and skip the pair
    /// probe with the next word.
    private var pairStarts = [UInt64](repeating: 0, count: 128)
    /// A bit per hash of every whole key (8 KB, so it stays in the first-level cache): most words
    /// are no key and never touch the slots.
    private var keyBits = [UInt64](repeating: 0, count: 1024)
    /// A bit per first three bytes (fewer for a shorter word) of every stem and of the first word
    /// of every whole key (4 KB): a word that starts like none of them is no key, holds no stem and
    /// starts no pair, so it is never hashed. Most words of a post start like no key.
    private var wordStarts = [UInt64](repeating: 0, count: 512)
    /// The words that may hold an abusive key, without the person words: what
    /// `AbuseDetector.mayHoldAbuse` tests before anything else.
    private(set) var abuseKeys = AbuseKeyFilter()
    private var used = 0
    /// Bit n set when some stem is n bytes long (stems longer than 63 bytes are not indexed).
    private(set) var stemLengths: UInt64 = 0

    /// Files `key` (see `AbusePhraseIndex.triggerKey`) with the bound of a phrase behind it; `run`
    /// says the key is one or two Chinese characters, probed only inside runs.
    mutating func insert(_ key: String, stem: Bool, run: Bool = false, bound: ScoreBound) {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty else { return }
        if stem {
            guard bytes.count < 64, bytes.count >= 3 else { return }
            stemLengths |= 1 << UInt64(bytes.count)
            Self.set(&stemStarts, Self.startBits(bytes[0], bytes[1], bytes[2]))
        }
        let firstWord = bytes.firstIndex(of: 0x20).map { Array(bytes[..<$0]) } ?? bytes
        if !firstWord.isEmpty {
            firstWord.withUnsafeBufferPointer {
                Self.set(&wordStarts, WordHash.prefixBits($0, 0..<$0.count))
            }
        }
        if bound.isAbusive, !run {
            // A pair key is found only where its two words stand side by side (`addExact` on the
            // pair's slice of the folded text), so the filter holds the pair, not either word.
            if !stem, let space = bytes.firstIndex(of: 0x20) {
                abuseKeys.insertPair(firstWord, Array(bytes[(space + 1)...]))
            } else {
                abuseKeys.insert(firstWord, stem: stem)
            }
        }
        if !stem, let space = bytes.firstIndex(of: 0x20) {
            Array(bytes[..<space]).withUnsafeBufferPointer {
                Self.set(&pairStarts, Int(truncatingIfNeeded: Self.hash($0)))
            }
        }
        if (used + 1) * 2 > slots.count { grow() }
        let hash = bytes.withUnsafeBufferPointer { Self.hash($0) }
        if !stem { Self.set(&keyBits, Int(truncatingIfNeeded: hash >> 20)) }
        var index = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[index].length >= 0 {
            if slots[index].hash == hash, equals(slots[index], bytes) { break }
            index = (index + 1) & (slots.count - 1)
        }
        if slots[index].length < 0 {
            slots[index] = Slot(hash: hash, start: Int32(keys.count), length: Int32(bytes.count))
            keys.append(contentsOf: bytes)
            used += 1
        }
        let existing = stem ? slots[index].stem : slots[index].exact
        if existing >= 0 {
            bounds[Int(existing)].add(bound)
        } else {
            bounds.append(bound)
            if stem {
                slots[index].stem = Int32(bounds.count - 1)
            } else {
                slots[index].exact = Int32(bounds.count - 1)
            }
        }
    }

    private static func set(_ bits: inout [UInt64], _ value: Int) {
        let bit = value & (bits.count * 64 - 1)
        bits[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    @inline(__always)
    fileprivate static func startBits(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        Int(a) &* 961 &+ Int(b) &* 31 &+ Int(c)
    }

    private mutating func grow() {
        let old = slots.filter { $0.length >= 0 }
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        for slot in old {
            var index = Int(truncatingIfNeeded: slot.hash) & (slots.count - 1)
            while slots[index].length >= 0 { index = (index + 1) & (slots.count - 1) }
            slots[index] = slot
        }
    }

    private func equals(_ slot: Slot, _ bytes: [UInt8]) -> Bool {
        Int(slot.length) == bytes.count && keys[Int(slot.start)..<Int(slot.start + slot.length)].elementsEqual(bytes)
    }

    /// Runs `body` with a view of the table that probes without bounds checks or reference counting,
    /// for the duration of one text.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in
                bounds.withUnsafeBufferPointer { bounds in
                    stemStarts.withUnsafeBufferPointer { stemStarts in
                        pairStarts.withUnsafeBufferPointer { pairStarts in
                            keyBits.withUnsafeBufferPointer { keyBits in
                                wordStarts.withUnsafeBufferPointer { wordStarts in
                                    body(
                                        Lookup(
                                            slots: slots, keys: keys, bounds: bounds, stemStarts: stemStarts,
                                            pairStarts: pairStarts, keyBits: keyBits, wordStarts: wordStarts,
                                            stemLengths: stemLengths))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The probing side of the table, valid inside `withLookup`.
    struct Lookup {
        fileprivate let slots: UnsafeBufferPointer<Slot>
        let keys: UnsafeBufferPointer<UInt8>
        let bounds: UnsafeBufferPointer<ScoreBound>
        let stemStarts: UnsafeBufferPointer<UInt64>
        let pairStarts: UnsafeBufferPointer<UInt64>
        let keyBits: UnsafeBufferPointer<UInt64>
        let wordStarts: UnsafeBufferPointer<UInt64>
        let stemLengths: UInt64

        @inline(__always)
        private func test(_ bits: UnsafeBufferPointer<UInt64>, _ value: Int) -> Bool {
            let bit = value & (bits.count * 64 - 1)
            return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        /// The slot of `bytes`, given its finished hash, or -1.
        @inline(__always)
        private func slot(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = slots[index]
                if slot.length < 0 { return -1 }
                if slot.hash == hash, Int(slot.length) == bytes.count,
                    memcmpEqual(
                        UnsafeBufferPointer(rebasing: keys[Int(slot.start)..<Int(slot.start + slot.length)]), bytes)
                {
                    return index
                }
                index = (index + 1) & mask
            }
        }

        /// Whether the word `range` of `all` starts like some key or stem (`wordStarts`): the one
        /// bit test that most words stop at, inlined into the caller's loop so that they cost no
        /// call.
        @inline(__always)
        func mayStartKey(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            !range.isEmpty && test(wordStarts, WordHash.prefixBits(all, range))
        }

        /// Adds the bounds of the keys the word `range` of `all` is or starts with (a stem), shorter
        /// stems first, for a word that passed `mayStartKey`; returns whether the word may start a
        /// pair key, so the caller probes the pair only then.
        @inline(never)
        func addStartingWord(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to bound: inout ScoreBound) -> Bool {
            let start = range.lowerBound
            if range.count >= 3, test(stemStarts, TriggerTable.startBits(all[start], all[start + 1], all[start + 2])) {
                var lengths = stemLengths
                while lengths != 0 {
                    let length = lengths.trailingZeroBitCount
                    if length > range.count { break }
                    lengths &= lengths &- 1
                    let prefix = start..<(start + length)
                    let index = slot(UnsafeBufferPointer(rebasing: all[prefix]), hash: TriggerTable.hash(all, prefix))
                    if index >= 0, slots[index].stem >= 0 { bound.add(bounds[Int(slots[index].stem)]) }
                }
            }
            let hash = TriggerTable.hash(all, range)
            addExact(UnsafeBufferPointer(rebasing: all[range]), hash: hash, to: &bound)
            return test(pairStarts, Int(truncatingIfNeeded: hash))
        }

        /// Adds the bound of the whole key `bytes` (a pair of words, one or two run characters).
        @inline(__always)
        func addExact(_ bytes: UnsafeBufferPointer<UInt8>, to bound: inout ScoreBound) {
            addExact(bytes, hash: TriggerTable.hash(bytes), to: &bound)
        }

        /// Adds the bound of the whole key `range` of `all` (a pair of words).
        @inline(__always)
        func addExact(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to bound: inout ScoreBound) {
            addExact(UnsafeBufferPointer(rebasing: all[range]), hash: TriggerTable.hash(all, range), to: &bound)
        }

        @inline(__always)
        private func addExact(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, to bound: inout ScoreBound) {
            guard test(keyBits, Int(truncatingIfNeeded: hash >> 20)) else { return }
            let index = slot(bytes, hash: hash)
            if index >= 0, slots[index].exact >= 0 { bound.add(bounds[Int(slots[index].exact)]) }
        }
    }

    /// The hash the table files words and pairs under (`WordHash`, shared with the demand prefilter).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { WordHash.of(bytes) }

    /// The hash of the bytes `range` of `all`, the same as of those bytes alone.
    @inline(__always)
    static func hash(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 { WordHash.of(all, range) }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}
