import CFoldTables
import Foundation

/// What the tokenizer should do with one Unicode scalar, and how it folds.
///
/// Looking these facts up through `Unicode.Scalar.Properties` and Foundation costs microseconds per
/// scalar, and the normalizer runs on every mention, so the answers for the whole Basic Multilingual
/// Plane live in two flat tables read with one index. Computing them costs about 80 ms of CPU, which
/// every start (every `hark try`) would pay before any rule could be folded, so they are computed
/// when the Unicode data changes and compiled into the `CFoldTables` target: `computed()` is the
/// definition, and a test checks that the compiled tables are exactly what it gives (and rewrites
/// them on request).
///
/// `@unchecked Sendable` is safe: the tables are constant C arrays, never written.
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

    /// The compiled tables.
    static let shared = ScalarTable()

    private init() {
        info = hark_fold_info()
        fold = hark_fold_scalars()
        multi = UnsafeBufferPointer(start: hark_fold_multi(), count: hark_fold_multi_count())
    }

    /// The three tables as the Unicode data of this toolchain gives them, in scalar order: what the
    /// compiled tables must hold. About 80 ms of CPU; only tests and the table generator call it.
    static func computed() -> (info: [UInt8], fold: [UInt32], multi: [UInt32]) {
        var info = [UInt8](repeating: 0, count: 0x10000)
        var fold = [UInt32](repeating: 0, count: 0x10000)
        var multi: [UInt32] = []
        for value in UInt32(0)..<0x10000 {
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
        return (info, fold, multi)
    }

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
