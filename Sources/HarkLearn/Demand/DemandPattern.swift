import HarkCore

/// One compiled trigger or exclusion from a demand pattern file.
///
/// Patterns are tiny on purpose so a marketer can write them: literal words, alternatives `(a|b c)`,
/// optional parts `[really|just]`, `*` for any one word, `^` for the start of a clause and one
/// `{request}` slot that captures the thing asked for. In a `words` file the units are folded words
/// (the same folding as topic queries); in a `characters` file (Chinese) every character is a unit,
/// so `希望{request}` matches inside a run of unspaced text.
public struct DemandPattern: Sendable, Hashable {
    /// One step of a pattern.
    enum Element: Sendable, Hashable {
        /// One of several unit sequences, required.
        case literal([[String]])
        /// One of several unit sequences, or nothing.
        case optional([[String]])
        /// Exactly one unit of any kind.
        case any
        /// The clause start.
        case start
        /// The `{request}` capture: at least one unit.
        case slot
    }

    /// How units are cut from text.
    public enum Mode: String, Sendable, Hashable {
        /// Folded words of a spaced script.
        case words
        /// Single characters of an unspaced script (Chinese).
        case characters
    }

    /// The pattern as written, reported in results so a team sees which trigger fired.
    public let source: String
    let elements: [Element]
    /// True when the pattern captures a request.
    public var hasSlot: Bool { elements.contains(.slot) }

    /// Where a match sits in a clause's units and what it captured.
    struct Match {
        var start: Int
        var end: Int
        var slot: Range<Int>?
        /// Units matched by literals: the more, the more specific the trigger.
        var literalUnits: Int
    }

    /// The first units a match must contain, for the one-pass check before real matching.
    var anchors: [String] {
        for element in elements {
            if case .literal(let alternatives) = element { return alternatives.map { $0[0] } }
        }
        return []
    }

    /// The best match in `units` (the most literal units, then the earliest), or nil.
    func firstMatch(in units: [String]) -> Match? {
        var best: Match?
        let leadingSlotOrStart = elements.first == .start || elements.first == .slot
        let lastStart = leadingSlotOrStart ? 0 : units.count - 1
        if lastStart < 0 { return nil }
        for start in 0...lastStart {
            guard let match = match(element: 0, at: start, units, slot: nil, literal: 0) else { continue }
            let found = Match(start: start, end: match.end, slot: match.slot, literalUnits: match.literalUnits)
            if best == nil || found.literalUnits > best!.literalUnits { best = found }
        }
        return best
    }

    private func match(element: Int, at unit: Int, _ units: [String], slot: Range<Int>?, literal: Int) -> Match? {
        if element == elements.count { return Match(start: 0, end: unit, slot: slot, literalUnits: literal) }
        switch elements[element] {
        case .start:
            return unit == 0 ? match(element: element + 1, at: unit, units, slot: slot, literal: literal) : nil
        case .any:
            return unit < units.count ? match(element: element + 1, at: unit + 1, units, slot: slot, literal: literal) : nil
        case .literal(let alternatives), .optional(let alternatives):
            for alternative in alternatives where Self.units(units, at: unit, equal: alternative) {
                if let found = match(
                    element: element + 1, at: unit + alternative.count, units, slot: slot,
                    literal: literal + alternative.count)
                {
                    return found
                }
            }
            if case .optional = elements[element] {
                return match(element: element + 1, at: unit, units, slot: slot, literal: literal)
            }
            return nil
        case .slot:
            guard unit < units.count else { return nil }
            if element == elements.count - 1 {
                return Match(start: 0, end: units.count, slot: unit..<units.count, literalUnits: literal)
            }
            for end in (unit + 1)...units.count {
                if let found = match(element: element + 1, at: end, units, slot: unit..<end, literal: literal) {
                    return found
                }
            }
            return nil
        }
    }

    private static func units(_ units: [String], at index: Int, equal sequence: [String]) -> Bool {
        guard index + sequence.count <= units.count else { return false }
        for offset in 0..<sequence.count where units[index + offset] != sequence[offset] { return false }
        return true
    }
}

extension DemandPattern {
    /// Compiles `source`; `columns[i]` is the file column of the i-th scalar of `source`, so errors point
    /// into the file. Exclusions pass `allowSlot: false`.
    init(
        compiling source: String, mode: Mode, allowSlot: Bool, file: String, line: Int, columns: [Int]
    ) throws(ConfigError) {
        self.source = source
        let scalars = Array(source.unicodeScalars)
        func position(_ index: Int) -> SourcePosition {
            let column = index < columns.count ? columns[index] : (columns.last.map { $0 + 1 } ?? 1)
            return SourcePosition(file: file, line: line, column: column)
        }
        func fold(_ text: String, at index: Int) throws(ConfigError) -> [String] {
            switch mode {
            case .words:
                let words = NormalizedText(text).words
                if words.isEmpty {
                    throw ConfigError("'\(text)' has no letters or digits to match", at: position(index))
                }
                return words
            case .characters:
                return text.filter { !$0.isWhitespace }.map { String($0).lowercased() }
            }
        }
        var elements: [Element] = []
        var index = 0
        var literal = ""
        var literalStart = 0
        func flushLiteral() throws(ConfigError) {
            guard !literal.isEmpty else { return }
            defer { literal = "" }
            if mode == .characters, literal.allSatisfy(\.isWhitespace) { return }
            let units = try fold(literal, at: literalStart)
            switch mode {
            case .words:
                for word in units { elements.append(.literal([[word]])) }
            case .characters:
                elements.append(.literal([units]))
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "(", "[":
                try flushLiteral()
                let close: Unicode.Scalar = scalar == "(" ? ")" : "]"
                guard let end = scalars[(index + 1)...].firstIndex(where: { $0 == close }) else {
                    throw ConfigError("'\(scalar)' is never closed with '\(close)'", at: position(index))
                }
                if let nested = scalars[(index + 1)..<end].firstIndex(where: { "([{)]}".unicodeScalars.contains($0) }) {
                    throw ConfigError(
                        "unexpected '\(scalars[nested])' inside '\(scalar)…\(close)' (groups do not nest)",
                        at: position(nested))
                }
                var alternatives: [[String]] = []
                var partStart = index + 1
                for cursor in (index + 1)...end where cursor == end || scalars[cursor] == "|" {
                    let part = String(String.UnicodeScalarView(scalars[partStart..<cursor]))
                    if part.allSatisfy(\.isWhitespace) {
                        throw ConfigError("empty alternative in '\(scalar)…\(close)'", at: position(cursor))
                    }
                    alternatives.append(try fold(part, at: partStart))
                    partStart = cursor + 1
                }
                elements.append(scalar == "(" ? .literal(alternatives) : .optional(alternatives))
                index = end + 1
                continue
            case ")", "]", "}":
                throw ConfigError("unexpected '\(scalar)' without its opening bracket", at: position(index))
            case "{":
                try flushLiteral()
                guard let end = scalars[(index + 1)...].firstIndex(of: "}") else {
                    throw ConfigError("'{' is never closed with '}'", at: position(index))
                }
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                guard name == "request" else {
                    throw ConfigError("unknown slot '{\(name)}': the only slot is {request}", at: position(index))
                }
                guard allowSlot else {
                    throw ConfigError("{request} is only allowed in triggers", at: position(index))
                }
                if elements.contains(.slot) {
                    throw ConfigError("a pattern has at most one {request}", at: position(index))
                }
                if elements.last == .slot || elements.last == .any {
                    throw ConfigError("{request} needs a word before it to end the previous part", at: position(index))
                }
                elements.append(.slot)
                index = end + 1
                continue
            case "*", "^":
                try flushLiteral()
                if scalar == "^", !elements.isEmpty {
                    throw ConfigError("'^' (clause start) must begin the pattern", at: position(index))
                }
                elements.append(scalar == "*" ? .any : .start)
            case " " where mode == .words:
                try flushLiteral()
            default:
                if literal.isEmpty { literalStart = index }
                literal.unicodeScalars.append(scalar)
            }
            index += 1
        }
        try flushLiteral()
        guard elements.contains(where: { if case .literal = $0 { true } else { false } }) else {
            throw ConfigError("a pattern needs at least one required word", at: position(0))
        }
        if elements.last == .slot, elements.dropLast().last == .any {
            throw ConfigError("'*' right before {request} is ambiguous", at: position(0))
        }
        self.elements = elements
    }
}
