import Foundation

/// The cheap test that rules a pattern out before any clause is cut or unit made.
///
/// A `words` pattern can only match a clause that holds, for every required `(a|b c)` group, the
/// first word of one of its alternatives; and every clause unit is a token of the whole folded post
/// (clauses are cut at whitespace and punctuation, where the folding cuts tokens too). So one pass
/// over the post's tokens, marking which pattern words occur, rules out every pattern with a
/// group none of whose words occur. Most posts say "i", "would" or "it" somewhere (the old anchor
/// check let ~90% of posts through); few also say "wish", "please … add" or "would … pay".
///
/// Hash collisions only let a pattern through that then fails to match, so results never change.
struct DemandPrefilter: Sendable {
    /// Open-addressed table from a word's `DemandHash` to its bit; 0 marks an empty slot.
    private var keys: [UInt64] = []
    private var bits: [Int32] = []
    /// `UInt64` words per bit set.
    private(set) var stride = 1
    /// Each pattern's required groups as bit sets, one after the other (`stride` words each).
    private var groups: [UInt64] = []
    /// Per pattern, its range of groups in `groups` (in units of `stride`).
    private var patternGroups: [Range<Int>] = []

    /// Builds the vocabulary and groups of `patterns` (triggers, exclusions and sarcasm of one set,
    /// in that order; `check(_:present:)` takes the same index).
    init(patterns: [DemandPattern]) {
        var vocabulary: [UInt64: Int32] = [:]
        var patternWords: [[[UInt64]]] = []
        for pattern in patterns {
            var required: [[UInt64]] = []
            for element in pattern.elements {
                guard case .literal(let alternatives) = element else { continue }
                var group: [UInt64] = []
                for alternative in alternatives {
                    let hash = Self.key(Array(alternative[0].utf8))
                    if vocabulary[hash] == nil { vocabulary[hash] = Int32(vocabulary.count) }
                    group.append(hash)
                }
                required.append(group)
            }
            // Small groups ("wish", "pay") are the most telling; test them first.
            required.sort { $0.count < $1.count }
            patternWords.append(required)
        }
        stride = max(1, (vocabulary.count + 63) / 64)
        var capacity = 16
        while capacity < vocabulary.count * 4 { capacity *= 2 }
        keys = [UInt64](repeating: 0, count: capacity)
        bits = [Int32](repeating: 0, count: capacity)
        for (hash, bit) in vocabulary {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while keys[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = hash
            bits[slot] = bit
        }
        for required in patternWords {
            let first = groups.count / stride
            for group in required {
                var mask = [UInt64](repeating: 0, count: stride)
                for hash in group {
                    let bit = Int(vocabulary[hash]!)
                    mask[bit >> 6] |= 1 << UInt64(bit & 63)
                }
                groups.append(contentsOf: mask)
            }
            patternGroups.append(first..<(groups.count / stride))
        }
    }

    init() {}

    /// FNV-1a never yields 0 for real words, but the table uses 0 for "empty", so map it away.
    @inline(__always)
    private static func key(_ bytes: some Collection<UInt8>) -> UInt64 {
        let hash = DemandHash.of(bytes)
        return hash == 0 ? 1 : hash
    }

    /// Marks in `present` (`stride` words, zeroed by the caller) the pattern words among the tokens.
    func mark(_ normalized: NormalizedText, into present: UnsafeMutableBufferPointer<UInt64>) {
        if keys.isEmpty { return }
        let mask = keys.count - 1
        // The buffers are only read inside these closures and never escape them.
        keys.withUnsafeBufferPointer { keys in
            normalized.utf8.withUnsafeBufferPointer { bytes in
                for token in normalized.tokens {
                    let hash = Self.key(UnsafeBufferPointer(rebasing: bytes[token.utf8Range]))
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let key = keys[slot]
                        if key == hash {
                            let bit = Int(bits[slot])
                            present[bit >> 6] |= 1 << UInt64(bit & 63)
                            break
                        }
                        if key == 0 { break }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// False when pattern `index` certainly cannot match a post whose words are `present`.
    func check(_ index: Int, present: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        let range = patternGroups[index]
        for group in range {
            let base = group * stride
            var hit = false
            for word in 0..<stride where groups[base + word] & present[word] != 0 {
                hit = true
                break
            }
            if !hit { return false }
        }
        return true
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
