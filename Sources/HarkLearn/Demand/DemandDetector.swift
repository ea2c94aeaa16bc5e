/// Finds requests and wishes in posts ("please add dark mode", "希望能增加IMAX场次"), separately from
/// sentiment.
///
/// A demand hides in praise as often as in complaints ("love it, but please add dark mode"), so the
/// detector looks at clauses, not at the post's mood. Most posts contain no trigger at all, so the
/// detector first checks the folded tokens once against the first word (or character) of every
/// trigger and only then cuts the post into clauses and runs the patterns.
public struct DemandDetector: Sendable {
    /// The compiled pattern files.
    public let patterns: DemandPatterns

    /// Creates a detector over compiled patterns.
    public init(patterns: DemandPatterns) {
        self.patterns = patterns
    }

    /// The demand in `text`, or nil. `language` (`en`, `zh-Hant`, …) limits the pattern files used
    /// when it names one of them; otherwise every file runs, as mixed-language posts are common.
    public func detect(_ text: String, language: String? = nil) -> DemandResult? {
        detect(text, normalized: NormalizedText(text), language: language)
    }

    /// Clauses longer than this are not read for demands: a request is a sentence, not a page, and
    /// pattern matching over an unpunctuated megabyte would let one hostile post stall a worker.
    public static let maxClauseBytes = 2_000

    /// Like `detect(_:language:)`, reusing a `NormalizedText` the caller already made of `text` for
    /// topics or abuse, so a post is folded once. An ASCII post (most) is read on pattern-word ids
    /// (`readASCII`); any other on strings.
    public func detect(_ text: String, normalized: NormalizedText, language: String? = nil) -> DemandResult? {
        let sets = applicableSets(language)
        if normalized.isSourceASCII,
            let decided = text.withBytes({ text in
                normalized.withFolded { Self.readASCII(text, folded: $0, sets: sets) }
            })
        {
            return decided
        }
        return readStrings(text, normalized: normalized, sets: sets)
    }

    /// `detect(_:normalized:language:)` for a text and its fold read in place (a batch's buffers),
    /// with the sets `applicableSets(language)` chose: no string and no fold is made for a post
    /// unless a trigger may match it or it is not ASCII.
    func detect(_ text: UnsafeBufferPointer<UInt8>, folded: FoldedText, sets: [DemandPatterns.Set]) -> DemandResult? {
        if folded.isSourceASCII, let decided = Self.readASCII(text, folded: folded, sets: sets) {
            return decided
        }
        return readStrings(
            String(decoding: text, as: UTF8.self), normalized: NormalizedText(copying: folded), sets: sets)
    }

    /// The reading on strings that every post once took; tests hold the ASCII reading to it.
    func detectReadingStrings(_ text: String, language: String? = nil) -> DemandResult? {
        readStrings(text, normalized: NormalizedText(text), sets: applicableSets(language))
    }

    private func readStrings(_ text: String, normalized: NormalizedText, sets: [DemandPatterns.Set]) -> DemandResult? {
        var candidates: [(index: Int, screen: DemandPatterns.Set.Screen)] = []
        for (index, set) in sets.enumerated()
        where normalized.withFolded({ (set.mode != .words || set.prefilter.hasKeyWord($0)) && set.mayTrigger($0) }) {
            let screen = set.screen(text, normalized: normalized)
            if screen.triggers.contains(true) { candidates.append((index, screen)) }
        }
        if candidates.isEmpty { return nil }
        for (index, set) in sets.enumerated() {
            let screen = candidates.first { $0.index == index }?.screen ?? set.screen(text, normalized: normalized)
            if set.isSarcastic(text, normalized: normalized, screen: screen) { return nil }
        }
        let clauses = DemandClauses.split(text)
        for clause in clauses where text.utf8.distance(from: clause.lowerBound, to: clause.upperBound) <= Self.maxClauseBytes {
            for (index, screen) in candidates {
                if let result = sets[index].detect(in: text, clause: clause, screen: screen) { return result }
            }
        }
        return nil
    }

    /// The pattern sets read for a post in `language`: those of its language when some file is
    /// for it, all of them otherwise.
    func applicableSets(_ language: String?) -> [DemandPatterns.Set] {
        guard let language else { return patterns.sets }
        let base = language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        let matching = patterns.sets.filter { $0.language == base }
        return matching.isEmpty ? patterns.sets : matching
    }
}

/// Cutting posts into clauses at sentence punctuation.
enum DemandClauses {
    /// Ranges of `text` between clause punctuation: `.` only before a space or the end (so `$10.99`
    /// and `cineclub.com` stay whole), `!`, `?`, `;`, `,`, line breaks, and their CJK forms.
    static func split(_ text: String) -> [Range<String.Index>] {
        var clauses: [Range<String.Index>] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            var cut = false
            switch character {
            case "!", "?", ";", ",", "\n", "\r\n", "\r", "。", "！", "？", "；", "，", "、", "…", "～":
                cut = true
            case ".":
                cut = next == text.endIndex || text[next].isWhitespace || text[next] == "."
            default:
                cut = false
            }
            if cut {
                append(start..<index)
                start = next
            }
            index = next
        }
        append(start..<text.endIndex)
        return clauses

        func append(_ range: Range<String.Index>) {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper, text[lower].isWhitespace { lower = text.index(after: lower) }
            while lower < upper, text[text.index(before: upper)].isWhitespace { upper = text.index(before: upper) }
            if lower < upper { clauses.append(lower..<upper) }
        }
    }
}

extension DemandPatterns.Set {
    /// True when a token of `folded` starts some trigger: one pass, no strings made.
    func mayTrigger(_ folded: FoldedText) -> Bool {
        let bytes = folded.utf8
        switch mode {
        case .words:
            for token in folded.tokens where token.kind == .word {
                if anchorWords.contains(WordHash.of(bytes, token.utf8Range)) { return true }
            }
            return false
        case .characters:
            var index = 0
            while index < bytes.count {
                let lead = UInt32(bytes[index])
                var value = lead
                var length = 1
                if lead >= 0xF0 {
                    length = 4
                    value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                } else if lead >= 0xE0 {
                    length = 3
                    value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                } else if lead >= 0xC0 {
                    length = 2
                    value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                }
                if anchorScalars.contains(value) { return true }
                index += length
            }
            return false
        }
    }

    /// Which patterns of this set may match `text` at all (see `DemandPrefilter`); a pattern marked
    /// false certainly does not, so skipping it changes no result.
    struct Screen {
        var triggers: [Bool]
        var exclusions: [Bool]
        var sarcasm: [Bool]
    }

    func screen(_ text: String, normalized: NormalizedText) -> Screen {
        let total = triggers.count + exclusions.count + sarcasm.count
        var possible = [Bool](repeating: true, count: total)
        switch mode {
        case .words:
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, normalized.tokens.count)) { ids in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: prefilter.stride) { present in
                    present.initialize(repeating: 0)
                    normalized.withFolded { prefilter.mark($0, ids: ids, present: present) }
                    for index in 0..<total { possible[index] = prefilter.check(index, present: present) }
                }
            }
        case .characters:
            // An ASCII post cannot hold a unit that is not ASCII even canonically.
            var isASCII = text.utf8.allSatisfy { $0 < 0x80 }
            if isASCII {
                isASCII = normalized.utf8.allSatisfy { $0 < 0x80 }
            }
            if isASCII {
                for index in 0..<total where needsNonASCII[index] { possible[index] = false }
            }
        }
        let exclusionsEnd = triggers.count + exclusions.count
        return Screen(
            triggers: Array(possible[..<triggers.count]), exclusions: Array(possible[triggers.count..<exclusionsEnd]),
            sarcasm: Array(possible[exclusionsEnd...]))
    }

    /// True when the post carries a sarcasm marker or pattern anywhere.
    func isSarcastic(_ text: String, normalized: NormalizedText, screen: Screen) -> Bool {
        if !markers.isEmpty {
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                for marker in markers where Self.containsStandaloneASCII(Array(marker.utf8), in: text) { return true }
            } else {
                let lowered = Array(text.lowercased().unicodeScalars)
                for marker in markers where Self.containsStandalone(Array(marker.unicodeScalars), in: lowered) {
                    return true
                }
            }
        }
        if !screen.sarcasm.contains(true) { return false }
        let units: [String]
        switch mode {
        case .words: units = normalized.words
        case .characters: units = normalized.string.filter { !$0.isWhitespace }.map { String($0) }
        }
        return sarcasm.indices.contains { screen.sarcasm[$0] && sarcasm[$0].firstMatch(in: units) != nil }
    }

    /// `containsStandalone` for an all-ASCII text, on its bytes: lowercasing ASCII is per byte, and
    /// an ASCII scalar joins a marker when it is a letter, a digit or `/`. A marker with a scalar
    /// outside ASCII cannot occur in such a text.
    static func containsStandaloneASCII(_ marker: [UInt8], in text: String) -> Bool {
        var text = text
        return text.withUTF8 { containsStandaloneASCII(marker, in: $0) }
    }

    /// `containsStandaloneASCII(_:in:)` on the bytes of the text.
    static func containsStandaloneASCII(_ marker: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !marker.isEmpty, marker.allSatisfy({ $0 < 0x80 }) else { return false }
        func joins(_ byte: UInt8) -> Bool {
            (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x2F
        }
        func lower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
        let spaced = joins(marker[0])
        guard marker.count <= bytes.count else { return false }
        for start in 0...(bytes.count - marker.count) where lower(bytes[start]) == marker[0] {
            var equal = true
            for offset in 1..<marker.count where lower(bytes[start + offset]) != marker[offset] {
                equal = false
                break
            }
            guard equal else { continue }
            let end = start + marker.count
            if end < bytes.count, joins(bytes[end]) { continue }
            if spaced, start > 0, joins(bytes[start - 1]) { continue }
            return true
        }
        return false
    }

    /// `marker` in `text` with no letter, digit or `/` touching it (so `/s` is not part of a URL).
    static func containsStandalone(_ marker: [Unicode.Scalar], in text: [Unicode.Scalar]) -> Bool {
        guard !marker.isEmpty, marker.count <= text.count else { return false }
        func joins(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "/"
        }
        let spaced = marker.first.map(joins) ?? false
        for start in 0...(text.count - marker.count) where text[start] == marker[0] {
            guard Array(text[start..<(start + marker.count)]) == marker else { continue }
            let end = start + marker.count
            if end < text.count, joins(text[end]) { continue }
            if spaced, start > 0, joins(text[start - 1]) { continue }
            return true
        }
        return false
    }

    /// The demand in one clause of `text`, if a trigger matches outside every exclusion.
    func detect(in text: String, clause: Range<String.Index>, screen: Screen) -> DemandResult? {
        let units = DemandUnits(text, clause: clause, mode: mode)
        for part in units.split(at: boundaries) {
            let words = units.texts(part)
            if exclusions.indices.contains(where: { screen.exclusions[$0] && exclusions[$0].firstMatch(in: words) != nil }) {
                continue
            }
            var matches: [(DemandPattern, DemandPattern.Match)] = []
            for (index, trigger) in triggers.enumerated() where screen.triggers[index] {
                if let match = trigger.firstMatch(in: words) { matches.append((trigger, match)) }
            }
            matches.sort {
                ($0.1.literalUnits, -$0.1.start) > ($1.1.literalUnits, -$1.1.start)
            }
            for (trigger, match) in matches {
                guard let slot = match.slot else {
                    return DemandResult(
                        pattern: trigger.source, language: language, request: "", requestTerms: [], range: clause)
                }
                let request = units.request(
                    (part.lowerBound + slot.lowerBound)..<(part.lowerBound + slot.upperBound), cleaning: self)
                if request.text.isEmpty { continue }
                return DemandResult(
                    pattern: trigger.source, language: language, request: request.text, requestTerms: request.terms,
                    range: clause)
            }
        }
        return nil
    }
}
