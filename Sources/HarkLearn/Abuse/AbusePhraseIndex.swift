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
            (AbuseContextWords.negators, .negator),
        ]
        for (words, role) in context {
            for word in words { if let term = AbuseLexicon.fold(word) { add(term, role) } }
        }

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
            guard isAbuse else { continue }
            let key = Self.triggerKey(phrase.units)
            triggers.insert(key.text, stem: key.isPrefix)
        }
        self.phrases = phrases
        self.byFirst = byFirst
        self.byStem = byStem
        self.stemLengths = Set(byStem.keys.map(\.count)).sorted(by: >)
        self.stemInitials = Set(byStem.keys.map { String($0.prefix(3)) })
        self.vocabulary = vocabulary
        self.stems = stems
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
    /// probed one character and one pair at a time); for a phrase of words, the longest pair of
    /// neighbouring whole words, so that `get lost` is looked for as `get lost` and not as the
    /// `lost` of every lost bag; for a single word, the word or stem itself.
    static func triggerKey(_ units: [Unit]) -> (text: String, isPrefix: Bool) {
        if let i = units.firstIndex(where: \.isRunCharacter) {
            guard i + 1 < units.count, units[i + 1].isRunCharacter else { return (units[i].text, false) }
            return (units[i].text + units[i + 1].text, false)
        }
        let pairs = zip(units, units.dropFirst()).filter { !$0.isPrefix && !$1.isPrefix }
        if let (first, second) = pairs.max(by: { $0.0.text.count + $0.1.text.count < $1.0.text.count + $1.1.text.count }) {
            return (first.text + " " + second.text, false)
        }
        let longest = units.max { $0.text.count < $1.text.count }!
        return (longest.text, longest.isPrefix)
    }

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

/// A byte-keyed set of the first units of abusive phrases, probed without building strings.
///
/// This is what keeps the common case cheap: a post with no abusive word is folded once and each of
/// its words costs a few hash probes. Open addressing with FNV-1a; stems are probed at each stem
/// length while a word is being hashed.
struct TriggerTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = -1
        var flags: UInt8 = 0
    }

    static let exact: UInt8 = 1
    static let stem: UInt8 = 2

    private var keys: [UInt8] = []
    private var slots = [Slot](repeating: Slot(), count: 64)
    private var used = 0
    /// Bit n set when some stem is n bytes long (stems longer than 63 bytes are not indexed).
    private(set) var stemLengths: UInt64 = 0

    mutating func insert(_ key: String, stem: Bool) {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty else { return }
        if stem {
            guard bytes.count < 64 else { return }
            stemLengths |= 1 << UInt64(bytes.count)
        }
        if (used + 1) * 2 > slots.count { grow() }
        let hash = bytes.withUnsafeBufferPointer { Self.hash($0) }
        var index = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[index].length >= 0 {
            if slots[index].hash == hash, equals(slots[index], bytes) {
                slots[index].flags |= stem ? Self.stem : Self.exact
                return
            }
            index = (index + 1) & (slots.count - 1)
        }
        slots[index] = Slot(
            hash: hash, start: Int32(keys.count), length: Int32(bytes.count), flags: stem ? Self.stem : Self.exact)
        keys.append(contentsOf: bytes)
        used += 1
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

    /// The flags of `bytes` (0 when absent), given its finished hash.
    @inline(__always)
    func flags(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt8 {
        var index = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let slot = slots[index]
            if slot.length < 0 { return 0 }
            if slot.hash == hash, Int(slot.length) == bytes.count,
                keys.withUnsafeBufferPointer({
                    memcmpEqual(UnsafeBufferPointer(rebasing: $0[Int(slot.start)..<Int(slot.start + slot.length)]), bytes)
                })
            {
                return slot.flags
            }
            index = (index + 1) & (slots.count - 1)
        }
    }

    /// True when `word` is, or starts with, the first unit of an abusive phrase.
    @inline(__always)
    func matchesWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var state = Self.seed
        let lengths = stemLengths
        for (offset, byte) in word.enumerated() {
            state = Self.step(state, byte)
            let length = offset + 1
            if length < 64, lengths & (1 << UInt64(length)) != 0,
                flags(UnsafeBufferPointer(rebasing: word[0..<length]), hash: Self.finish(state)) & Self.stem != 0
            {
                return true
            }
        }
        return flags(word, hash: Self.finish(state)) & Self.exact != 0
    }

    /// True when `bytes` is the whole first unit (or first two run characters) of an abusive phrase.
    @inline(__always)
    func matchesExact(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        flags(bytes, hash: Self.hash(bytes)) & Self.exact != 0
    }

    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    @inline(__always)
    static func finish(_ state: UInt64) -> UInt64 {
        var h = state
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        return h ^ (h >> 32)
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state = seed
        for byte in bytes { state = step(state, byte) }
        return finish(state)
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}
