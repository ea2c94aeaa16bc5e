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
    /// The most Han characters in a Chinese term starting with this character (1 when none).
    var hanLength: UInt8 = 1

    enum Special: UInt8, Sendable {
        case none, never, soOrThis, without, doubt, least, atOrVery
    }

    /// True when the term scores or modifies; false for entries that only mark the start of a
    /// longer phrase or Chinese word.
    var isTerm: Bool { valence != nil || boost != 0 || isNegator || isContrast || special != .none }
}

/// An open-addressing hash table from UTF-8 byte strings to `TermInfo`, so tokens are looked up
/// straight from the text's bytes without building a `String` per token.
struct TermTable: Sendable {
    private var keys: [UInt8] = []
    private var keyStart: [Int] = []
    private var keyEnd: [Int] = []
    private var hashes: [UInt64] = []
    private(set) var infos: [TermInfo] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// FNV-1a with a final mix: simple, and good enough spread for short words.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        return h ^ (h >> 32)
    }

    /// The index of `bytes` in `infos`, or -1.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if bytes.isEmpty { return -1 }
        let h = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: h) & mask
        return keys.withUnsafeBufferPointer { keyBytes in
            slots.withUnsafeBufferPointer { slotBuffer in
                while true {
                    let index = slotBuffer[slot]
                    if index < 0 { return -1 }
                    let i = Int(index)
                    if hashes[i] == h && keyEnd[i] - keyStart[i] == bytes.count
                        && memoryEqual(keyBytes.baseAddress! + keyStart[i], bytes.baseAddress!, bytes.count)
                    {
                        return index
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Looks `key` up, inserting a blank record when missing, and lets `update` change it.
    mutating func update(_ key: String, _ update: (inout TermInfo) -> Void) {
        var key = key
        let found = key.withUTF8 { find($0) }
        if found >= 0 {
            update(&infos[Int(found)])
            return
        }
        if infos.count * 2 >= slots.count { grow() }
        var info = TermInfo()
        update(&info)
        let h = key.withUTF8 { Self.hash($0) }
        keyStart.append(keys.count)
        keys.append(contentsOf: key.utf8)
        keyEnd.append(keys.count)
        hashes.append(h)
        infos.append(info)
        place(Int32(infos.count - 1), hash: h)
    }

    private mutating func place(_ index: Int32, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for i in infos.indices { place(Int32(i), hash: hashes[i]) }
    }
}

@inline(__always)
private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
