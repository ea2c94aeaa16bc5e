/// What the analyzer knows about one lowercased term: its valence and the roles it plays.
///
/// One record per key keeps the hot loop to a single hash lookup per token, whatever mix of
/// lexicon word, modifier and phrase start the term is. The scorer reads it only for tokens that
/// were found; the tokenizer gets what it needs from the slot itself (`LexiconHit`).
struct TermInfo: Sendable {
    /// Valence from the lexicon; `nil` when the term only modifies or only starts longer keys.
    var valence: Double?
    /// Added to (or, negative, taken from) the magnitude of a sentiment word that follows.
    var boost: Double = 0
    var isNegator = false
    var isContrast = false
    /// Words that change how a nearby negation or `least` reads.
    var special: Special = .none
    /// The most words in a phrase starting with this word (1 when none).
    var phraseWords: UInt8 = 1
    /// The most Han characters in a Chinese term ending with this character (1 when none).
    var hanTailLength: UInt8 = 1

    enum Special: UInt8, Sendable {
        case none, never, soOrThis, without, doubt, least, atOrVery
    }

    /// True when the term scores or modifies; false for entries that only mark the start of a
    /// longer phrase or Chinese word.
    var isTerm: Bool { valence != nil || boost != 0 || isNegator || isContrast || special != .none }
}

/// The weights a term brings to the score: its valence (0 when it has none) and its booster
/// increment. Tables keep each distinct pair once, so a slot names its pair in one byte.
struct TermWeight: Sendable, Hashable {
    var valence: Double
    var boost: Double

    /// The pair of `info`.
    init(_ info: TermInfo) {
        valence = info.valence ?? 0
        boost = info.boost
    }

    static func == (a: TermWeight, b: TermWeight) -> Bool {
        a.valence.bitPattern == b.valence.bitPattern && a.boost.bitPattern == b.boost.bitPattern
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(valence.bitPattern)
        hasher.combine(boost.bitPattern)
    }
}

/// What a lookup returns: the entry and every fact tokenizing and scoring need, all read from the
/// slot, so the analyzer never touches the (larger, colder) `TermInfo` records for a text.
struct LexiconHit {
    /// Index of the entry (for `TermTable.info`), or -1 when the key is not in the table.
    let entry: Int32
    /// `TermTable.termFlag` and the other role bits, with the `special` word in the top three bits.
    let flags: UInt8
    /// The most words of a multi-word term starting with this key (1 when none).
    let phraseWords: UInt8
    /// Index of the term's `TermWeight` in its table's `weights`, or `TermTable.noWeight` when the
    /// table has too many distinct pairs (then `TermInfo` tells).
    let weight: UInt8

    static let miss = LexiconHit(entry: -1, flags: 0, phraseWords: 1, weight: 0)

    var found: Bool { entry >= 0 }
    var isTerm: Bool { flags & TermTable.termFlag != 0 }
    var isNegator: Bool { flags & TermTable.negatorFlag != 0 }
}

/// An open-addressing hash table from UTF-8 byte strings to `TermInfo`, so tokens are looked up
/// straight from the text's bytes without building a `String` per token.
///
/// Laid out for the cache, since most words of a text are not in the lexicon and every word costs
/// a probe: a 16-byte slot holds the key's first eight bytes and its length, so a word that is not
/// in the table, and a found word of up to eight bytes (most of them), costs one memory access.
/// Only longer keys compare their remaining bytes in `keys`. The slot also carries what scoring
/// needs: the term's roles as flag bits and the index of its (valence, boost) pair in `weights`,
/// a table of a few dozen distinct pairs, so a text is scored without reading the full records
/// in `infos` (kept for explanations and tables with too many distinct pairs). The hash reads eight bytes at a time, so the
/// tokenizer does no per-byte hashing. In front of the slots, a filter sixteen times smaller
/// (8 KB for the English lexicon, so it stays in the cache) answers most misses on its own: a
/// clear bit of the two a hash names means no key has that hash; both set (every key, and about
/// one other word in twenty) goes on to the slots.
struct TermTable: Sendable {
    struct Slot: Sendable {
        /// The key's first eight bytes, little-endian, zero-padded.
        var prefix: UInt64
        var entry: Int32
        /// The key's length, `UInt8.max` for that length or more (then `keyStarts` tell); 0 marks
        /// an empty slot (keys are never empty).
        var length: UInt8
        var flags: UInt8
        var phraseWords: UInt8
        /// Index in `weights` (`noWeight`: read the record).
        var weight: UInt8
    }

    /// The term scores or modifies (`TermInfo.isTerm`).
    static let termFlag: UInt8 = 1
    static let negatorFlag: UInt8 = 2
    static let contrastFlag: UInt8 = 4
    /// The term has a valence other than 0.
    static let valenceFlag: UInt8 = 8
    /// The term's booster increment is not 0.
    static let boostFlag: UInt8 = 16
    /// `TermInfo.Special` sits in the top three bits.
    static let specialShift: UInt8 = 5
    /// The slot's `weight` when the pair is not in `weights`.
    static let noWeight: UInt8 = 255

    /// The flags of a record: its roles and its special word.
    static func flags(of info: TermInfo) -> UInt8 {
        var flags: UInt8 = info.isTerm ? termFlag : 0
        if info.isNegator { flags |= negatorFlag }
        if info.isContrast { flags |= contrastFlag }
        if (info.valence ?? 0) != 0 { flags |= valenceFlag }
        if info.boost != 0 { flags |= boostFlag }
        return flags | info.special.rawValue << specialShift
    }

    /// All keys' bytes back to back; entry `i` is `keys[keyStarts[i]..<keyStarts[i + 1]]`.
    private var keys: [UInt8] = []
    private var keyStarts: [Int32] = [0]
    private(set) var infos: [TermInfo] = []
    /// The distinct (valence, boost) pairs of the records, at most 255; a few dozen in practice
    /// (VADER rates to one decimal), so scoring reads them from the cache.
    private var weights: [TermWeight] = []
    private var weightIndex: [TermWeight: UInt8] = [:]
    private var slots: [Slot]
    private var mask: Int
    /// A blocked Bloom filter, one 64-bit word per sixteen slots: every key sets two bits of one
    /// word (`TermHash.filterProbe`).
    private var filter: [UInt64]
    /// Which bytes begin a key (bits 0-255) and which end one (bits 256-511): a word that starts
    /// with `(` or ends with `,` when no key does is not looked up at all.
    private var edges = [UInt64](repeating: 0, count: 8)
    /// A 1024-bit filter of the second words of multi-word keys, with ASCII punctuation stripped
    /// from their ends (`TermHash.secondWordBit`). "the" and "to" start idioms, so nearly every
    /// English text has a word that may start a phrase, but the word after it is rarely a second
    /// word: a clear bit skips hashing and probing the phrase.
    private var secondWords = [UInt64](repeating: 0, count: 16)

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Self.emptySlot, count: size)
        mask = size - 1
        filter = Array(repeating: 0, count: size / 16)
    }

    private static let emptySlot = Slot(prefix: 0, entry: -1, length: 0, flags: 0, phraseWords: 1, weight: noWeight)

    var count: Int { infos.count }

    /// The record of entry `index` (from `find`).
    @inline(__always)
    func info(_ index: Int32) -> TermInfo { infos[Int(index)] }

    /// Looks `key` up, inserting a blank record when missing, and lets `update` change it.
    mutating func update(_ key: String, _ update: (inout TermInfo) -> Void) {
        var key = key
        // One probe: the slot holding the key, or the empty slot where it goes.
        let slot = key.withUTF8 { bytes in
            withLookup { $0.slotIndex(bytes.baseAddress!, bytes.count, readsPastEnd: false) }
        }
        if slots[slot].length != 0 {
            update(&infos[Int(slots[slot].entry)])
            refresh(slot)
            return
        }
        if infos.count * 2 >= slots.count {
            grow()
            self.update(key, update)
            return
        }
        var info = TermInfo()
        update(&info)
        keys.append(contentsOf: key.utf8)
        keyStarts.append(Int32(keys.count))
        if let first = key.utf8.first, let last = key.utf8.last {
            edges[Int(first) >> 6] |= 1 &<< UInt64(first & 63)
            edges[4 + Int(last) >> 6] |= 1 &<< UInt64(last & 63)
        }
        markSecondWord(of: key)
        infos.append(info)
        place(Int32(infos.count - 1), at: slot)
    }

    /// Sets the `secondWords` bit of the word after the key's first space, if it has one. The
    /// split is on the byte 0x20, as the tokenizer's scratch separates words.
    private mutating func markSecondWord(of key: String) {
        // Read in place: start-up inserts some 40,000 keys, and most have no space at all.
        var key = key
        guard
            let bit = key.withUTF8({ bytes -> Int? in
                guard let base = bytes.baseAddress, let space = bytes.firstIndex(of: 0x20) else { return nil }
                let start = space + 1
                let end = bytes[start...].firstIndex(of: 0x20) ?? bytes.count
                let (lo, hi) = TermHash.strippedRange(base, start, end)
                return TermHash.secondWordBit(base + lo, hi - lo, readsPastEnd: false)
            })
        else { return }
        secondWords[bit &>> 6] |= 1 &<< UInt64(bit & 63)
    }

    /// Writes entry `index` into the empty slot `slot`.
    private mutating func place(_ index: Int32, at slot: Int) {
        let start = Int(keyStarts[Int(index)])
        let length = Int(keyStarts[Int(index) + 1]) - start
        let (prefix, hash) = keys.withUnsafeBufferPointer { keys in
            let prefix = TermHash.prefix(keys.baseAddress! + start, length)
            return (prefix, TermHash.hash(keys.baseAddress! + start, length, prefix: prefix, readsPastEnd: false))
        }
        let probe = TermHash.filterProbe(hash, words: filter.count)
        filter[probe.index] |= probe.bits
        slots[slot] = Slot(
            prefix: prefix, entry: index, length: UInt8(min(length, Int(UInt8.max))), flags: 0, phraseWords: 1,
            weight: Self.noWeight)
        refresh(slot)
    }

    /// Copies the analyzer's facts of the slot's entry from its record.
    private mutating func refresh(_ slot: Int) {
        let info = infos[Int(slots[slot].entry)]
        slots[slot].flags = Self.flags(of: info)
        slots[slot].phraseWords = info.phraseWords
        let weight = weightSlot(TermWeight(info))
        slots[slot].weight = weight
    }

    /// The index of `weight` in `weights`, adding it while there is room.
    private mutating func weightSlot(_ weight: TermWeight) -> UInt8 {
        if let index = weightIndex[weight] { return index }
        guard weights.count < Int(Self.noWeight) else { return Self.noWeight }
        let index = UInt8(weights.count)
        weights.append(weight)
        weightIndex[weight] = index
        return index
    }

    private mutating func grow() {
        slots = Array(repeating: Self.emptySlot, count: slots.count * 2)
        mask = slots.count - 1
        filter = Array(repeating: 0, count: slots.count / 16)
        for index in infos.indices {
            let start = Int(keyStarts[index])
            let length = Int(keyStarts[index + 1]) - start
            let slot = keys.withUnsafeBufferPointer { keys in
                withLookup { $0.slotIndex(keys.baseAddress! + start, length, readsPastEnd: false) }
            }
            place(Int32(index), at: slot)
        }
    }

    /// Runs `body` with a pointer view of the table.
    func withLookup<R>(_ body: (TermLookup) -> R) -> R {
        keys.withUnsafeBufferPointer { keys in
            keyStarts.withUnsafeBufferPointer { keyStarts in
                infos.withUnsafeBufferPointer { infos in
                    slots.withUnsafeBufferPointer { slots in
                        filter.withUnsafeBufferPointer { filter in
                            weights.withUnsafeBufferPointer { weights in
                                edges.withUnsafeBufferPointer { edges in
                                    secondWords.withUnsafeBufferPointer { secondWords in
                                        body(
                                            TermLookup(
                                                keys: keys, keyStarts: keyStarts, infos: infos, slots: slots,
                                                mask: mask, filter: filter, weights: weights, edges: edges,
                                                secondWords: secondWords))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A non-owning view of a `TermTable` for the hot loop: plain pointers, so looking a token up
/// costs no reference counting. Valid only inside `TermTable.withLookup`.
struct TermLookup {
    let keys: UnsafeBufferPointer<UInt8>
    let keyStarts: UnsafeBufferPointer<Int32>
    let infos: UnsafeBufferPointer<TermInfo>
    let slots: UnsafeBufferPointer<TermTable.Slot>
    let mask: Int
    let filter: UnsafeBufferPointer<UInt64>
    let weights: UnsafeBufferPointer<TermWeight>
    let edges: UnsafeBufferPointer<UInt64>
    let secondWords: UnsafeBufferPointer<UInt64>

    var count: Int { infos.count }

    /// False when no multi-word key has the `count` bytes at `start` as its second word (once
    /// both are stripped of ASCII punctuation at the ends). The caller strips `start`, and
    /// promises eight readable bytes after it.
    @inline(__always)
    func mayBeSecondWord(_ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let bit = TermHash.secondWordBit(start, count, readsPastEnd: true)
        return secondWords[bit &>> 6] & (1 &<< UInt64(bit & 63)) != 0
    }

    /// False when no key begins with `first` or none ends with `last`, so a lookup would miss.
    @inline(__always)
    func mayHold(first: UInt8, last: UInt8) -> Bool {
        edges[Int(first &>> 6)] & (1 &<< UInt64(first & 63)) != 0
            && edges[4 &+ Int(last &>> 6)] & (1 &<< UInt64(last & 63)) != 0
    }

    /// The record of entry `index` (from `find`).
    @inline(__always)
    func info(_ index: Int32) -> TermInfo { infos[Int(index)] }

    /// The weights of a hit's entry: from the small shared table, or the record for the rare
    /// table with more distinct pairs than a byte can name.
    @inline(__always)
    func weight(entry: Int32, index: UInt8) -> TermWeight {
        index != TermTable.noWeight ? weights[Int(index)] : TermWeight(infos[Int(entry)])
    }

    /// Looks up bytes anywhere in memory (the source text): reads exactly `bytes`.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> LexiconHit {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .miss }
        return find(base, bytes.count, readsPastEnd: false)
    }

    /// Looks up `count` bytes at `start`. With `readsPastEnd`, the caller promises that the eight
    /// bytes after the key are readable too (the tokenizer's padded scratch), which lets the
    /// hash and the compare load whole words instead of assembling the last one byte by byte.
    @inline(__always)
    func find(_ start: UnsafePointer<UInt8>, _ count: Int, readsPastEnd: Bool) -> LexiconHit {
        if count == 0 { return .miss }
        let prefix = readsPastEnd ? TermHash.paddedPrefix(start, count) : TermHash.prefix(start, count)
        let hash = TermHash.hash(start, count, prefix: prefix, readsPastEnd: readsPastEnd)
        let probe = TermHash.filterProbe(hash, words: filter.count)
        if filter[probe.index] & probe.bits != probe.bits { return .miss }
        var slot = hash & mask
        let length = UInt8(truncatingIfNeeded: min(count, Int(UInt8.max)))
        while true {
            let candidate = slots[slot]
            if candidate.length == 0 { return .miss }
            if candidate.prefix == prefix && candidate.length == length
                && (count <= 8 || restMatches(candidate.entry, start, count))
            {
                return LexiconHit(
                    entry: candidate.entry, flags: candidate.flags, phraseWords: candidate.phraseWords,
                    weight: candidate.weight)
            }
            slot = (slot + 1) & mask
        }
    }

    /// The slot holding `count` bytes at `start`, or the empty slot where they would go.
    func slotIndex(_ start: UnsafePointer<UInt8>, _ count: Int, readsPastEnd: Bool) -> Int {
        let prefix = TermHash.prefix(start, count)
        var slot = TermHash.hash(start, count, prefix: prefix, readsPastEnd: readsPastEnd) & mask
        let length = UInt8(truncatingIfNeeded: min(count, Int(UInt8.max)))
        while true {
            let candidate = slots[slot]
            if candidate.length == 0 { return slot }
            if candidate.prefix == prefix && candidate.length == length
                && (count <= 8 || restMatches(candidate.entry, start, count))
            {
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    /// Compares the bytes after the first eight (and the exact length, for keys of 255 bytes or
    /// more).
    @inline(never)
    private func restMatches(_ entry: Int32, _ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let keyStart = Int(keyStarts[Int(entry)])
        guard Int(keyStarts[Int(entry) + 1]) - keyStart == count else { return false }
        let key = keys.baseAddress! + keyStart
        var i = 8
        while i < count {
            if key[i] != start[i] { return false }
            i += 1
        }
        return true
    }
}

/// The hash `TermTable` files keys under: a multiply-and-shift mix over eight-byte words of the
/// key, seeded with its length. Words of up to eight bytes (most) take one round.
enum TermHash {
    /// The first eight bytes of a key, little-endian, zero-padded; reads only the key's bytes.
    @inline(__always)
    static func prefix(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        if count >= 8 { return UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self)) }
        var value: UInt64 = 0
        var i = 0
        while i < count {
            value |= UInt64(start[i]) << (8 * UInt64(i))
            i += 1
        }
        return value
    }

    /// `prefix` for keys followed by at least eight readable bytes: one load and a mask.
    @inline(__always)
    static func paddedPrefix(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let word = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
        return count >= 8 ? word : word & ((1 &<< (8 * UInt64(count))) &- 1)
    }

    /// Where a hash sits in the filter: a word of it (bits 40 and up) and two bits in that word
    /// (bits 26-31 and 32-37), all above the bits a slot index uses. Two bits in one word keep a
    /// probe to one memory access while missing as rarely as one bit in a filter twice the size.
    @inline(__always)
    static func filterProbe(_ hash: Int, words: Int) -> (index: Int, bits: UInt64) {
        let h = UInt64(bitPattern: Int64(hash))
        let bits = (1 &<< ((h &>> 26) & 63)) | (1 &<< ((h &>> 32) & 63))
        return (Int(truncatingIfNeeded: h &>> 40) & (words &- 1), bits)
    }

    /// The bit of `TermTable`'s second-word filter for `count` bytes at `start`.
    @inline(__always)
    static func secondWordBit(_ start: UnsafePointer<UInt8>, _ count: Int, readsPastEnd: Bool) -> Int {
        let prefix = readsPastEnd ? paddedPrefix(start, count) : self.prefix(start, count)
        return (hash(start, count, prefix: prefix, readsPastEnd: readsPastEnd) &>> 20) & 1023
    }

    /// `lo..<hi` without the ASCII punctuation at its ends, or `lo..<hi` itself when that is all
    /// punctuation: the form of a word the tokenizer looks up when the whole word is not a term.
    @inline(__always)
    static func strippedRange(_ bytes: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int) -> (Int, Int) {
        var start = lo
        var end = hi
        while start < end && isASCIIPunctuation(bytes[start]) { start += 1 }
        while end > start && isASCIIPunctuation(bytes[end - 1]) { end -= 1 }
        return start == end ? (lo, hi) : (start, end)
    }

    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, _ count: Int, prefix: UInt64, readsPastEnd: Bool) -> Int {
        var h = (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15) ^ prefix
        h = (h ^ (h >> 32)) &* 0xBF58_476D_1CE4_E5B9
        var i = 8
        while i < count {
            let rest = count - i
            let word = readsPastEnd ? paddedPrefix(start + i, rest) : self.prefix(start + i, rest)
            h = ((h ^ (h >> 29)) ^ word) &* 0x94D0_49BB_1331_11EB
            i += 8
        }
        h ^= h >> 31
        return Int(truncatingIfNeeded: h)
    }
}
