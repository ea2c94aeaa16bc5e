import Foundation

/// What the tokenizer should do with one Unicode scalar, and how it folds.
///
/// Looking these facts up through `Unicode.Scalar.Properties` and Foundation costs microseconds per
/// scalar; the normalizer runs on every mention, so the answers for the whole Basic Multilingual Plane
/// are computed once per process (about 40 ms) into two flat tables and read with one index after that.
///
/// `@unchecked Sendable` is safe: the tables are written only in `init`, before the single shared
/// instance is published, never written again, and never freed (they live as long as the process).
struct ScalarTable: @unchecked Sendable {
    /// The role of a scalar in tokenization.
    enum Role: UInt8 {
        /// Ends any token: spaces, punctuation, symbols, emoji.
        case separator = 0
        /// Part of a word in a spaced script: letters and digits.
        case word
        /// Part of an unspaced-script run (Chinese, Japanese, Korean, Thai, …), matched as substrings.
        case run
        /// Invisible: zero-width and bidirectional controls, variation selectors, combining accents.
        case ignored
        /// A combining mark that is not an accent (Devanagari vowel signs): continues a word or run.
        case mark
        /// `'` inside a word (`don't`).
        case apostrophe
        /// `#` before a hashtag.
        case hash
        /// `@` before a handle.
        case at
        /// `_`, part of hashtags and handles only.
        case underscore
        /// `.` and `-`, inside handles only (`@cine.club`, `@user@mastodon.social`).
        case handleJoiner
    }

    /// Flag bits stored above the role in `info`.
    static let foldsFlag: UInt8 = 0x10
    static let uppercaseFlag: UInt8 = 0x20
    static let lowercaseFlag: UInt8 = 0x40
    /// Combines with a neighbour under canonical composition (kana voicing marks, conjoining jamo,
    /// combining marks of non-Latin scripts): a text holding one is put in NFC before folding.
    static let composesFlag: UInt8 = 0x80
    static let roleMask: UInt8 = 0x0F

    /// Role and flags for every BMP scalar (65,536 entries).
    let info: UnsafePointer<UInt8>
    /// The folded replacement for BMP scalars with `foldsFlag`: a single scalar, or
    /// `multiTag | offset << 8 | count` pointing into `multi` (65,536 entries).
    let fold: UnsafePointer<UInt32>
    /// The scalars of multi-scalar foldings; a buffer rather than an array so that the tokenizer
    /// copying the table for every text does no reference counting.
    let multi: UnsafeBufferPointer<UInt32>
    static let multiTag: UInt32 = 0x8000_0000

    /// Built on first use; Swift runs global initializers exactly once, thread-safely.
    static let shared = ScalarTable()

    private init() {
        let infoTable = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x10000)
        infoTable.initialize(repeating: 0, count: 0x10000)
        let foldTable = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x10000)
        foldTable.initialize(repeating: 0, count: 0x10000)
        // The Unicode property and Foundation lookups behind each entry dominate start-up, and each
        // scalar's entry depends on nothing else: the plane is filled in parts, one per core, each
        // writing only its own range of the tables and collecting its own multi-scalar foldings.
        let parts = Self.parts
        var multiParts = [[UInt32]](repeating: [], count: parts.count)
        multiParts.withUnsafeMutableBufferPointer { multiParts in
            let tables = PartWriter(info: infoTable, fold: foldTable, multiParts: multiParts)
            DispatchQueue.concurrentPerform(iterations: parts.count) { part in
                tables.multiParts[part] = Self.fill(parts[part], info: tables.info, fold: tables.fold)
            }
        }
        // Multi-scalar foldings were numbered from 0 in each part; shift each part's references
        // past the parts before it, which gives the same tables as one pass in scalar order.
        var multi: [UInt32] = []
        for (index, part) in parts.enumerated() {
            let base = UInt32(multi.count)
            if base > 0 {
                for value in part where foldTable[Int(value)] & Self.multiTag != 0 {
                    foldTable[Int(value)] += base << 8
                }
            }
            multi.append(contentsOf: multiParts[index])
        }
        self.info = UnsafePointer(infoTable)
        self.fold = UnsafePointer(foldTable)
        let multiTable = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: multi.count)
        _ = multiTable.initialize(from: multi)
        self.multi = UnsafeBufferPointer(multiTable)
    }

    /// The tables being filled, handed to the parallel parts.
    ///
    /// `@unchecked Sendable` is safe: part `i` writes only the `info` and `fold` entries of the
    /// scalars in `parts[i]` and only `multiParts[i]`, so no two parts touch the same memory, and
    /// `concurrentPerform` returns only after every part has finished, before anything reads them.
    private struct PartWriter: @unchecked Sendable {
        let info: UnsafeMutablePointer<UInt8>
        let fold: UnsafeMutablePointer<UInt32>
        let multiParts: UnsafeMutableBufferPointer<[UInt32]>
    }

    /// The BMP in two halves of about equal cost (the second holds the cheap CJK and Hangul ranges).
    private static let parts: [Range<UInt32>] = [0..<0x2400, 0x2400..<0x10000]

    /// Fills the entries of the scalars in `range` and returns their multi-scalar foldings, which
    /// `fold` entries reference from offset 0.
    private static func fill(
        _ range: Range<UInt32>, info: UnsafeMutablePointer<UInt8>, fold: UnsafeMutablePointer<UInt32>
    ) -> [UInt32] {
        var multi: [UInt32] = []
        for value in range {
            if plainRunRanges.contains(where: { $0.contains(value) }) {
                info[Int(value)] = Role.run.rawValue
                continue
            }
            guard let (byte, folded) = entry(for: value) else { continue }
            if let folded {
                if folded.count == 1 {
                    fold[Int(value)] = folded[0]
                } else {
                    fold[Int(value)] = multiTag | UInt32(multi.count) << 8 | UInt32(folded.count)
                    multi.append(contentsOf: folded)
                }
            }
            info[Int(value)] = byte
        }
        return multi
    }

    /// CJK unified ideographs and Hangul syllables: half the BMP, every one a `.run` scalar with no
    /// case, composition or folding (a test checks each against `entry(for:)`), so start-up fills
    /// them in without asking for their Unicode properties.
    static let plainRunRanges: [ClosedRange<UInt32>] = [0x4E00...0x9FFF, 0xAC00...0xD7A3]

    /// The `info` byte of a BMP scalar and its folding (nil when it folds to itself); nil for
    /// surrogate code points.
    static func entry(for value: UInt32) -> (info: UInt8, folded: [UInt32]?)? {
        guard let scalar = Unicode.Scalar(value) else { return nil }
        var byte = role(of: scalar).rawValue
        let properties = scalar.properties
        if properties.isUppercase { byte |= uppercaseFlag }
        if properties.isLowercase { byte |= lowercaseFlag }
        if composes(scalar) { byte |= composesFlag }
        if value >= 0x80, let folded = folded(scalar), folded != [value] {
            return (byte | foldsFlag, folded)
        }
        return (byte, nil)
    }

    /// Accent marks removed by accent folding (`é` → `e`); marks of other scripts are kept.
    static func isAccent(_ value: UInt32) -> Bool {
        (0x0300...0x036F).contains(value) || (0x1AB0...0x1AFF).contains(value) || (0x1DC0...0x1DFF).contains(value)
            || (0x20D0...0x20FF).contains(value) || (0xFE20...0xFE2F).contains(value)
    }

    /// Scripts written without spaces between words, matched as substrings.
    static func isUnspacedScript(_ value: UInt32) -> Bool {
        switch value {
        case 0x0E00...0x0EFF,  // Thai, Lao
            0x1000...0x109F,  // Myanmar
            0x1100...0x11FF,  // Hangul jamo
            0x1780...0x17FF,  // Khmer
            0x3005...0x3007,  // 々 〆 〇
            0x3041...0x30FF,  // Hiragana, Katakana
            0x3130...0x318F,  // Hangul compatibility jamo
            0x31F0...0x31FF,  // Katakana phonetic extensions
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA960...0xA97F,  // Hangul jamo extended A
            0xAC00...0xD7FF,  // Hangul syllables, jamo extended B
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFF66...0xFF9F,  // Halfwidth katakana
            0x20000...0x3FFFF:  // CJK extensions B and later
            return true
        default:
            return false
        }
    }

    static func role(of scalar: Unicode.Scalar) -> Role {
        let value = scalar.value
        switch value {
        case 0x27, 0x2019: return .apostrophe
        case 0x23: return .hash
        case 0x40: return .at
        case 0x5F: return .underscore
        case 0x2E, 0x2D: return .handleJoiner
        case 0x2A, 0x3F: return .separator
        case 0x2120, 0x2122: return .separator  // ℠ ™ would otherwise fold into the brand name ("brandtm")
        default: break
        }
        if isAccent(value) || (0xFE00...0xFE0F).contains(value) || (0xE0000...0xE01EF).contains(value) {
            return .ignored
        }
        let properties = scalar.properties
        let category = properties.generalCategory
        if category == .format { return .ignored }
        let isLetterOrDigit = properties.isAlphabetic || category == .decimalNumber
        let isMark = category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
        if isUnspacedScript(value) { return isLetterOrDigit || isMark ? .run : .separator }
        if isLetterOrDigit { return .word }
        if isMark { return .mark }
        return .separator
    }

    static func composes(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if isAccent(value) { return false }
        if (0x1160...0x11FF).contains(value) { return true }  // medial and final jamo
        return scalar.properties.canonicalCombiningClass != .notReordered
    }

    /// Compatibility mapping, case folding and accent stripping of one scalar, or nil when unchanged.
    static func folded(_ scalar: Unicode.Scalar) -> [UInt32]? {
        let value = scalar.value
        switch value {
        case 0xDF, 0x1E9E: return [0x73, 0x73]  // ß ẞ → ss
        case 0x3C2: return [0x3C3]  // final sigma
        case 0xF8, 0xD8: return [0x6F]  // ø
        case 0x142, 0x141: return [0x6C]  // ł
        case 0x111, 0x110: return [0x64]  // đ
        case 0xE6, 0xC6: return [0x61, 0x65]  // æ
        case 0x153, 0x152: return [0x6F, 0x65]  // œ
        case 0x2019: return [0x27]
        case 0x419, 0x439: return [0x439]  // й is its own letter in Russian, not и with an accent
        case 0x2120, 0x2122: return nil  // ℠ ™ stay separators
        default: break
        }
        let properties = scalar.properties
        let hasAccentedForm = (0xC0..<0x2000).contains(value) && properties.isAlphabetic
        guard properties.changesWhenNFKCCaseFolded || hasAccentedForm || properties.changesWhenLowercased else {
            return nil
        }
        let text = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
            .decomposedStringWithCanonicalMapping
        let result = text.unicodeScalars.map(\.value).filter { !isAccent($0) }
        if result.count == 1, result[0] == value { return nil }
        return result
    }

    /// Role and fold for a scalar outside the BMP: emoji, historic scripts, CJK extension B,
    /// mathematical alphanumerics (`𝐛𝐨𝐥𝐝` posts). Rare, so computed on the spot.
    static func supplementary(_ scalar: Unicode.Scalar) -> (role: Role, folded: [UInt32]?) {
        let value = scalar.value
        if (0x1F000...0x1FAFF).contains(value) { return (.separator, nil) }  // emoji and symbols
        let role = role(of: scalar)
        if role == .word || role == .separator, scalar.properties.changesWhenNFKCCaseFolded {
            return (role, folded(scalar))
        }
        return (role, nil)
    }
}
