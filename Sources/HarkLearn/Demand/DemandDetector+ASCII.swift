/// The full reading of an ASCII post on pattern-word ids: the same clauses, parts, exclusions,
/// sarcasm and trigger order as `DemandDetector.detect`, with strings made only for the request
/// of a trigger that matched. Most posts are ASCII; the others take the reading on strings.
extension DemandDetector {
    /// What the cheap screen of an ASCII post found in the one `words` set that let it through:
    /// each token's pattern-word id, which of the set's patterns `check` lets through, and the
    /// first clause (its byte start and first token) where a trigger may match. Every clause
    /// before it, and every set before this one, holds no trigger match, so the full reading
    /// starts there and does not mark the post's words again.
    struct ASCIIScreen {
        var set: Int
        var ids: [Int32]
        var possible: [Bool]
        var clauseStart: Int
        var firstToken: Int
    }

    /// The demand in an ASCII `text`, `.some(nil)` for none, or nil when a set needs the reading
    /// on strings (a `characters` set whose anchors or sarcasm could occur in ASCII).
    static func readASCII(
        _ text: UnsafeBufferPointer<UInt8>, folded: FoldedText, sets: [DemandPatterns.Set]
    ) -> DemandResult?? {
        switch mayMatchASCII(text, folded: folded, sets: sets) {
        case .noDemand: return .some(nil)
        case .needsStrings: return nil
        case .mayMatch(let screen):
            // The few posts a trigger may match are read on strings they own.
            return fullReadASCII(
                String(decoding: text, as: UTF8.self), normalized: NormalizedText(copying: folded), sets: sets,
                screen: screen)
        }
    }

    /// The outcome of `mayMatchASCII`.
    enum ASCIIVerdict {
        case noDemand
        case needsStrings
        case mayMatch(ASCIIScreen)
    }

    /// Whether a trigger of some set may match an ASCII post (see `DemandPrefilter`), and where;
    /// `.needsStrings` when a `characters` set needs the reading on strings. Scratch lives on the
    /// stack: this runs on every post and allocates nothing unless a trigger may match.
    private static func mayMatchASCII(
        _ bytes: UnsafeBufferPointer<UInt8>, folded: FoldedText, sets: [DemandPatterns.Set]
    ) -> ASCIIVerdict {
        let tokens = folded.tokens
        var stride = 1
        var triggerStride = 1
        var triggerCount = 1
        for index in sets.indices {
            let prefilter = sets[index].prefilter
            stride = max(stride, prefilter.stride)
            triggerStride = max(triggerStride, prefilter.triggerStride)
            triggerCount = max(triggerCount, prefilter.triggerCount)
        }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, tokens.count)) { ids in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: stride + triggerStride) { scratch in
                let present = UnsafeMutableBufferPointer(rebasing: scratch[..<stride])
                let candidates = UnsafeMutableBufferPointer(rebasing: scratch[stride...])
                return withUnsafeTemporaryAllocation(of: Bool.self, capacity: triggerCount) { possible -> ASCIIVerdict in
                    for index in sets.indices {
                        let prefilter = sets[index].prefilter
                        guard sets[index].mode == .words else {
                            // Chinese anchors are not ASCII: such a set rarely needs a look at an ASCII post.
                            if sets[index].hasASCIIAnchor, sets[index].mayTrigger(folded) { return .needsStrings }
                            continue
                        }
                        guard prefilter.hasKeyWord(folded) else { continue }
                        scratch.initialize(repeating: 0)
                        guard prefilter.mark(folded, ids: ids, present: present, candidates: candidates) else {
                            continue
                        }
                        guard prefilter.checkTriggers(candidates: candidates, present: present, possible: possible)
                        else { continue }
                        let count = prefilter.triggerCount
                        let screenIDs = UnsafeBufferPointer(rebasing: ids[..<tokens.count])
                        guard
                            let (clauseStart, firstToken) = prefilter.firstClauseMayMatch(
                                bytes, tokens: tokens, ids: screenIDs,
                                possible: UnsafeBufferPointer(rebasing: possible[..<count]))
                        else { continue }
                        // `screen` for this set: `checkTriggers` ran `check` on every trigger that can pass it.
                        var all = [Bool](repeating: false, count: prefilter.patternCount)
                        for pattern in all.indices {
                            all[pattern] = pattern < count ? possible[pattern] : prefilter.check(pattern, present: present)
                        }
                        return .mayMatch(
                            ASCIIScreen(
                                set: index, ids: Array(screenIDs), possible: all, clauseStart: clauseStart,
                                firstToken: firstToken))
                    }
                    return .noDemand
                }
            }
        }
    }

    /// The full reading, for the few ASCII posts where a trigger may match, from the set and
    /// clause `screen` names (no set before it and no clause before that can hold a demand).
    private static func fullReadASCII(
        _ text: String, normalized: NormalizedText, sets: [DemandPatterns.Set], screen known: ASCIIScreen
    ) -> DemandResult?? {
        var candidates: [(set: Int, ids: [Int32], possible: [Bool])] = [(known.set, known.ids, known.possible)]
        for index in sets.indices where index > known.set {
            guard sets[index].mode == .words else {
                // Chinese anchors are not ASCII: such a set rarely needs a look at an ASCII post.
                if sets[index].hasASCIIAnchor, normalized.withFolded(sets[index].mayTrigger) { return nil }
                continue
            }
            let prefilter = sets[index].prefilter
            let (ids, possible) = prefilter.screen(normalized)
            let hasAnchor = ids.withUnsafeBufferPointer { prefilter.hasAnchor($0, tokens: normalized.tokens) }
            guard hasAnchor else { continue }
            if possible[..<sets[index].triggers.count].contains(true) { candidates.append((index, ids, possible)) }
        }
        // With one candidate, the clauses before the one the screen found hold no match of it.
        let skip = candidates.count == 1
        var bytesOfText = text
        return bytesOfText.withUTF8 { bytes -> DemandResult?? in
            for index in sets.indices {
                for marker in sets[index].markers
                where DemandPatterns.Set.containsStandaloneASCII(Array(marker.utf8), in: bytes) {
                    return .some(nil)
                }
                let prefilter = sets[index].prefilter
                let sarcasm = sets[index].sarcasm.count
                if sarcasm == 0 { continue }
                let first = sets[index].triggers.count + sets[index].exclusions.count
                switch sets[index].mode {
                case .words:
                    let screen = candidates.first { $0.set == index }.map { ($0.ids, $0.possible) }
                        ?? prefilter.screen(normalized)
                    let sarcastic = screen.0.withUnsafeBufferPointer { ids in
                        (0..<sarcasm).contains { screen.1[first + $0] && prefilter.matches(first + $0, ids) }
                    }
                    if sarcastic { return .some(nil) }
                case .characters:
                    let needsNonASCII = sets[index].needsNonASCII
                    if (0..<sarcasm).contains(where: { !needsNonASCII[first + $0] }) { return nil }
                }
            }
            var result: DemandResult? = nil
            var next = skip ? known.firstToken : 0
            let tokens = normalized.tokens
            DemandClauses.splitASCII(bytes, from: skip ? known.clauseStart : 0) { clause in
                while next < tokens.count, Int(tokens[next].source) < clause.lowerBound { next += 1 }
                let first = next
                while next < tokens.count, Int(tokens[next].source) < clause.upperBound { next += 1 }
                guard clause.count <= maxClauseBytes, first < next else { return true }
                let utf8 = text.utf8
                let range =
                    utf8.index(utf8.startIndex, offsetBy: clause.lowerBound)..<utf8.index(
                        utf8.startIndex, offsetBy: clause.upperBound)
                for candidate in candidates {
                    let found = candidate.ids.withUnsafeBufferPointer { ids in
                        sets[candidate.set].readClauseASCII(
                            text, clause: range, units: UnsafeBufferPointer(rebasing: ids[first..<next]),
                            possible: candidate.possible
                        ) {
                            DemandUnits(ascii: text, clause: clause, normalized: normalized, tokens: first..<next)
                        }
                    }
                    if let found {
                        result = found
                        return false
                    }
                }
                return true
            }
            return .some(result)
        }
    }
}

extension DemandPatterns.Set {
    /// `detect(in:clause:screen:)` with the clause's units given as ids.
    func readClauseASCII(
        _ text: String, clause: Range<String.Index>, units: UnsafeBufferPointer<Int32>, possible: [Bool],
        strings makeStrings: () -> DemandUnits
    ) -> DemandResult? {
        var found: DemandResult?
        var strings: DemandUnits?
        let exclusionBase = triggers.count
        prefilter.forEachPart(of: units) { part in
            let slice = UnsafeBufferPointer(rebasing: units[part])
            for exclusion in exclusions.indices
            where possible[exclusionBase + exclusion] && prefilter.matches(exclusionBase + exclusion, slice) {
                return true
            }
            var matches: [(Int, DemandPattern.Match)] = []
            for trigger in triggers.indices where possible[trigger] {
                if let match = prefilter.firstMatch(trigger, slice) { matches.append((trigger, match)) }
            }
            matches.sort {
                ($0.1.literalUnits, -$0.1.start) > ($1.1.literalUnits, -$1.1.start)
            }
            for (trigger, match) in matches {
                guard let slot = match.slot else {
                    found = DemandResult(
                        pattern: triggers[trigger].source, language: language, request: "", requestTerms: [],
                        range: clause)
                    return false
                }
                if strings == nil { strings = makeStrings() }
                let request = strings!.request(
                    (part.lowerBound + slot.lowerBound)..<(part.lowerBound + slot.upperBound), cleaning: self)
                if request.text.isEmpty { continue }
                found = DemandResult(
                    pattern: triggers[trigger].source, language: language, request: request.text,
                    requestTerms: request.terms, range: clause)
                return false
            }
            return true
        }
        return found
    }
}
