/// What the analyzer knows about one lowercased term: its valence and the roles it plays.
///
/// One record per key keeps the hot loop to a single hash lookup per token, whatever mix of
/// lexicon word, modifier and phrase start the term is.
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

/// An open-addressing hash table from UTF-8 byte strings to `TermInfo`, so tokens are looked up
/// straight from the text's bytes without building a `String` per token.
///
/// Laid out for the cache: a slot holds 32 bits of the hash beside the entry index, so a word
/// that is not in the lexicon (most words) costs one memory access; only a tag match reads the
/// entry and its key bytes.
struct TermTable: Sendable {
    struct Slot: Sendable {
        /// Upper hash bits with the low bit set; 0 marks an empty slot.
        var tag: UInt32
        var index: Int32
    }

    struct Entry: Sendable {
        var keyStart: Int32
        var keyLength: Int32
        var info: TermInfo
    }

    private var keys: [UInt8] = []
    private(set) var entries: [Entry] = []
    private var slots: [Slot]
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(tag: 0, index: -1), count: size)
        mask = size - 1
    }

    /// The record of entry `index` (from `find`).
    @inline(__always)
    func info(_ index: Int32) -> TermInfo { entries[Int(index)].info }

    /// FNV-1a's starting state; the tokenizer hashes words as it lowercases them.
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step.
    @inline(__always)
    static func hashStep(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// FNV-1a state of `bytes`.
    @inline(__always)
    static func hashState(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = hashSeed
        for b in bytes { h = hashStep(h, b) }
        return h
    }

    /// FNV-1a with a final mix: simple, and good enough spread for short words.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { finish(hashState(bytes)) }

    @inline(__always)
    static func finish(_ state: UInt64) -> UInt64 {
        var h = state
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        return h ^ (h >> 32)
    }

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) | 1 }

    /// The index of `bytes` in `entries`, or -1.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        find(bytes, hashState: Self.hashState(bytes))
    }

    /// `find` for bytes whose FNV-1a state the caller already has.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hashState: UInt64) -> Int32 {
        if bytes.isEmpty { return -1 }
        let h = Self.finish(hashState)
        let tag = Self.tag(h)
        var slot = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { slotBuffer in
            while true {
                let candidate = slotBuffer[slot]
                if candidate.tag == 0 { return -1 }
                if candidate.tag == tag && matches(candidate.index, bytes) { return candidate.index }
                slot = (slot + 1) & mask
            }
        }
    }

    @inline(__always)
    private func matches(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[Int(index)]
        guard Int(entry.keyLength) == bytes.count else { return false }
        return keys.withUnsafeBufferPointer { keyBytes in
            let key = keyBytes.baseAddress! + Int(entry.keyStart)
            var i = 0
            while i < bytes.count {
                if key[i] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Looks `key` up, inserting a blank record when missing, and lets `update` change it.
    mutating func update(_ key: String, _ update: (inout TermInfo) -> Void) {
        var key = key
        let found = key.withUTF8 { find($0) }
        if found >= 0 {
            update(&entries[Int(found)].info)
            return
        }
        if entries.count * 2 >= slots.count { grow() }
        var info = TermInfo()
        update(&info)
        let h = key.withUTF8 { Self.hash($0) }
        let start = keys.count
        keys.append(contentsOf: key.utf8)
        entries.append(Entry(keyStart: Int32(start), keyLength: Int32(keys.count - start), info: info))
        place(Int32(entries.count - 1), hash: h)
    }

    private mutating func place(_ index: Int32, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].tag != 0 { slot = (slot + 1) & mask }
        slots[slot] = Slot(tag: Self.tag(hash), index: index)
    }

    private mutating func grow() {
        let old = entries
        slots = Array(repeating: Slot(tag: 0, index: -1), count: slots.count * 2)
        mask = slots.count - 1
        for (i, entry) in old.enumerated() {
            let start = Int(entry.keyStart)
            let h = keys.withUnsafeBufferPointer {
                Self.hash(UnsafeBufferPointer(rebasing: $0[start..<start + Int(entry.keyLength)]))
            }
            place(Int32(i), hash: h)
        }
    }
}

/// A non-owning view of a `TermTable` for the hot loop: plain pointers, so looking a token up
/// costs no reference counting. Valid only inside `TermTable.withLookup`.
struct TermLookup {
    let keys: UnsafeBufferPointer<UInt8>
    let entries: UnsafeBufferPointer<TermTable.Entry>
    let slots: UnsafeBufferPointer<TermTable.Slot>
    let mask: Int

    var count: Int { entries.count }

    /// The record of entry `index` (from `find`).
    @inline(__always)
    func info(_ index: Int32) -> TermInfo { entries[Int(index)].info }

    /// The index of `bytes`, or -1.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        find(bytes, hashState: TermTable.hashState(bytes))
    }

    /// `find` for bytes whose FNV-1a state the caller already has.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hashState: UInt64) -> Int32 {
        if bytes.isEmpty { return -1 }
        let h = TermTable.finish(hashState)
        let tag = UInt32(truncatingIfNeeded: h >> 32) | 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let candidate = slots[slot]
            if candidate.tag == 0 { return -1 }
            if candidate.tag == tag {
                let entry = entries[Int(candidate.index)]
                if Int(entry.keyLength) == bytes.count
                    && memcmpBytes(keys.baseAddress! + Int(entry.keyStart), bytes.baseAddress!, bytes.count)
                {
                    return candidate.index
                }
            }
            slot = (slot + 1) & mask
        }
    }
}

extension TermTable {
    /// Runs `body` with a pointer view of the table.
    func withLookup<R>(_ body: (TermLookup) -> R) -> R {
        keys.withUnsafeBufferPointer { keys in
            entries.withUnsafeBufferPointer { entries in
                slots.withUnsafeBufferPointer { slots in
                    body(TermLookup(keys: keys, entries: entries, slots: slots, mask: mask))
                }
            }
        }
    }
}

@inline(__always)
private func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
