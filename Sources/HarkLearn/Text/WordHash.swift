/// The hash of a word's UTF-8 bytes, computed in place in a post's folded bytes, by which the
/// demand prefilter and the abuse trigger table key their words: one definition, so both read a
/// post's words the same way and make no strings.
///
/// It reads eight bytes at a time (most words are one load and one multiply) instead of one byte
/// at a time: every word of every post is hashed, and a per-byte chain of multiplies was a large
/// part of both prefilters. Equal bytes always give equal hashes, wherever they lie, and a match is
/// confirmed byte for byte, so the hash only has to spread words, never to tell them apart. The
/// final mix spreads the high bits too, which the abuse table's bit filter reads.
enum WordHash {
    /// The hash of `bytes` (pattern words, at compile time).
    static func of(_ bytes: some Collection<UInt8>) -> UInt64 {
        Array(bytes).withUnsafeBufferPointer { of($0, 0..<$0.count) }
    }

    /// The hash of `bytes`: the same as `of(_:_:)` of them inside any larger buffer.
    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        of(bytes, 0..<bytes.count)
    }

    /// The hash of the bytes `range` of `all`, reading only inside `all`.
    @inline(__always)
    static func of(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var state = 0xcbf2_9ce4_8422_2325 ^ (UInt64(truncatingIfNeeded: range.count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = range.lowerBound
        var left = range.count
        while left > 8 {
            state = step(state, load(all, offset, 8))
            offset += 8
            left -= 8
        }
        state = step(state, load(all, offset, left))
        state ^= state >> 29
        state = state &* 0xbf58_476d_1ce4_e5b9
        return state ^ (state >> 32)
    }

    @inline(__always)
    private static func step(_ state: UInt64, _ chunk: UInt64) -> UInt64 {
        let mixed = (state ^ chunk) &* 0x9E37_79B9_7F4A_7C15
        return mixed ^ (mixed >> 31)
    }

    /// A 15-bit digest of the first three bytes of the word `range` of `all` (not empty), or of
    /// all of them when it is shorter: equal words, and a word and any stem of three bytes or more
    /// it starts with, always share it. Both prefilters keep a bit per key word's digest, so a word
    /// whose bit is clear costs one load instead of a hash and a probe.
    @inline(__always)
    static func prefixBits(_ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        let start = range.lowerBound
        var value = UInt64(all[start])
        if range.count > 1 { value |= UInt64(all[start + 1]) << 8 }
        if range.count > 2 { value |= UInt64(all[start + 2]) << 16 }
        return Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> 49)
    }

    /// The `count` (0…8) bytes at `offset` of `all` as a little-endian integer, zero above them.
    /// Reads eight bytes at once whenever `all` holds eight bytes around them, never outside it.
    @inline(__always)
    static func load(_ all: UnsafeBufferPointer<UInt8>, _ offset: Int, _ count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        let raw = UnsafeRawPointer(all.baseAddress!)
        let value: UInt64
        if offset + 8 <= all.count {
            value = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        } else if all.count >= 8 {
            let shift = UInt64(8 * (offset + 8 - all.count))
            value = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: all.count - 8, as: UInt64.self)) >> shift
        } else {
            var assembled: UInt64 = 0
            for index in 0..<count { assembled |= UInt64(all[offset + index]) << UInt64(8 * index) }
            return assembled
        }
        return firstBytes(value, count)
    }

    /// A bit (of 65,536) for the start of a word whose first eight bytes are `value`: from its
    /// first three bytes, or all of a shorter word (whose other bytes are zero). Equal words, and
    /// a word and every prefix of three bytes or more it starts with, share it. The word filters
    /// (`AbuseKeyFilter`, `AnchorFilter`) keep one such bit per key, so most words are turned
    /// away with one multiply and one test.
    @inline(__always)
    static func startBit(_ value: UInt64) -> Int {
        Int(truncatingIfNeeded: ((value & 0xFF_FFFF) &* 0x9E37_79B9) >> 16) & 0xFFFF
    }

    /// `value` (a word's first bytes) mixed with `tag` (its length, or what kind of entry it is),
    /// for the word filters' entries: the high bits spread, which is where they take bits from.
    @inline(__always)
    static func mix(_ value: UInt64, tag: Int) -> UInt64 {
        (value ^ (UInt64(truncatingIfNeeded: tag) &* 0x9E37_79B9_7F4A_7C15)) &* 0xD6E8_FEB8_6659_FD93
    }

    /// The first `count` (0…8) bytes of `value`, a word's first eight bytes as `load` reads
    /// them, with the bytes above them zero: what a stem or prefix of `count` bytes is compared on.
    @inline(__always)
    static func firstBytes(_ value: UInt64, _ count: Int) -> UInt64 {
        count >= 8 ? value : value & ((1 << UInt64(8 * count)) &- 1)
    }

    /// Whether `test` holds for some prefix of a word of `count` bytes whose first eight are
    /// `value`: one per length in `lengths` (bit n for a prefix of n bytes) no longer than the
    /// word, shortest first, each passed as `firstBytes` of it with its length. The stem and
    /// prefix filters (abuse keys, topic anchors) both test a word this way.
    @inline(__always)
    static func anyPrefix(
        of value: UInt64, count: Int, lengths: UInt64, _ test: (_ prefix: UInt64, _ length: Int) -> Bool
    ) -> Bool {
        var lengths = lengths
        while lengths != 0 {
            let length = lengths.trailingZeroBitCount
            if length > count { return false }
            lengths &= lengths &- 1
            if test(firstBytes(value, length), length) { return true }
        }
        return false
    }
}
