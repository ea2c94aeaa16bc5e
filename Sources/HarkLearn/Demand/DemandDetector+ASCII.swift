/// The full reading of an ASCII post on pattern-word ids: the same clauses, parts, exclusions,
/// sarcasm and trigger order as `DemandDetector.detect`, with strings made only for the request
/// of a trigger that matched. Most posts are ASCII; the others take the reading on strings.
extension DemandDetector {
    /// The demand in an ASCII `text`, `.some(nil)` for none, or nil when a set needs the reading
    /// on strings (a `characters` set whose anchors or sarcasm could occur in ASCII).
    static func readASCII(_ text: String, normalized: NormalizedText, sets: [DemandPatterns.Set]) -> DemandResult?? {
        switch mayMatchASCII(text, normalized: normalized, sets: sets) {
        case false?: return .some(nil)
        case nil: return nil
        case true?: return fullReadASCII(text, normalized: normalized, sets: sets)
        }
    }

    /// Whether a trigger of some set may match an ASCII post (see `DemandPrefilter`), or nil when
    /// a `characters` set needs the reading on strings. Scratch lives on the stack: this runs on
    /// every post and allocates nothing.
    private static func mayMatchASCII(_ text: String, normalized: NormalizedText, sets: [DemandPatterns.Set]) -> Bool? {
        let tokens = normalized.tokens
        var stride = 1
        var triggerStride = 1
        var triggerCount = 1
        for index in sets.indices {
            let prefilter = sets[index].prefilter
            stride = max(stride, prefilter.stride)
            triggerStride = max(triggerStride, prefilter.triggerStride)
            triggerCount = max(triggerCount, prefilter.triggerCount)
        }
        var copy = text
        return copy.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, tokens.count)) { ids in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: stride + triggerStride) { scratch in
                    let present = UnsafeMutableBufferPointer(rebasing: scratch[..<stride])
                    let candidates = UnsafeMutableBufferPointer(rebasing: scratch[stride...])
                    return withUnsafeTemporaryAllocation(of: Bool.self, capacity: triggerCount) { possible -> Bool? in
                        for index in sets.indices {
                            let prefilter = sets[index].prefilter
                            guard sets[index].mode == .words else {
                                // Chinese anchors are not ASCII: such a set rarely needs a look at an ASCII post.
                                if sets[index].hasASCIIAnchor, sets[index].mayTrigger(normalized) { return nil }
                                continue
                            }
                            guard prefilter.hasKeyWord(normalized) else { continue }
                            scratch.initialize(repeating: 0)
                            guard prefilter.mark(normalized, ids: ids, present: present, candidates: candidates) else {
                                continue
                            }
                            guard prefilter.checkTriggers(candidates: candidates, present: present, possible: possible)
                            else { continue }
                            let count = prefilter.triggerCount
                            if prefilter.mayMatch(
                                bytes, tokens: tokens, ids: UnsafeBufferPointer(ids),
                                possible: UnsafeBufferPointer(rebasing: possible[..<count]))
                            {
                                return true
                            }
                        }
                        return false
                    }
                }
            }
        }
    }

    /// The full reading, for the few ASCII posts where a trigger may match.
    private static func fullReadASCII(_ text: String, normalized: NormalizedText, sets: [DemandPatterns.Set]) -> DemandResult?? {
        var candidates: [(set: Int, ids: [Int32], possible: [Bool])] = []
        for (index, set) in sets.enumerated() {
            guard set.mode == .words else {
                // Chinese anchors are not ASCII: such a set rarely needs a look at an ASCII post.
                if set.hasASCIIAnchor, set.mayTrigger(normalized) { return nil }
                continue
            }
            let (ids, possible) = set.prefilter.screen(normalized)
            let hasAnchor = ids.withUnsafeBufferPointer { set.prefilter.hasAnchor($0, tokens: normalized.tokens) }
            guard hasAnchor else { continue }
            if possible[..<set.triggers.count].contains(true) { candidates.append((index, ids, possible)) }
        }
        if candidates.isEmpty { return .some(nil) }
        var bytesOfText = text
        return bytesOfText.withUTF8 { bytes -> DemandResult?? in
            for (index, set) in sets.enumerated() {
                for marker in set.markers where DemandPatterns.Set.containsStandaloneASCII(Array(marker.utf8), in: text) {
                    return .some(nil)
                }
                if set.sarcasm.isEmpty { continue }
                switch set.mode {
                case .words:
                    let screen = candidates.first { $0.set == index }.map { ($0.ids, $0.possible) }
                        ?? set.prefilter.screen(normalized)
                    let first = set.triggers.count + set.exclusions.count
                    let sarcastic = screen.0.withUnsafeBufferPointer { ids in
                        set.sarcasm.indices.contains {
                            screen.1[first + $0] && set.prefilter.matches(first + $0, ids)
                        }
                    }
                    if sarcastic { return .some(nil) }
                case .characters:
                    let first = set.triggers.count + set.exclusions.count
                    if set.sarcasm.indices.contains(where: { !set.needsNonASCII[first + $0] }) { return nil }
                }
            }
            var result: DemandResult? = nil
            var next = 0
            let tokens = normalized.tokens
            DemandClauses.splitASCII(bytes) { clause in
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
