public import HarkCore

/// One `label:value` test of a selector, with where it was written.
public struct SelectorTerm: Sendable, Hashable, CustomStringConvertible {
    /// The label tested.
    public let label: SelectorLabel
    /// The values accepted.
    public let pattern: SelectorPattern
    /// Where the term's label starts in its file.
    public let position: SourcePosition

    /// A term; `language` literals also match longer tags (`language:en` matches `en-GB`).
    public init(label: SelectorLabel, pattern: String, at position: SourcePosition) {
        self.label = label
        self.pattern = SelectorPattern(pattern, subtags: label == .language)
        self.position = position
    }

    /// `label:value`, quoting values that would not read back as one word.
    public var description: String {
        let text = pattern.text
        let plain = !text.isEmpty && !text.unicodeScalars.contains { $0 == " " || $0 == "(" || $0 == ")" || $0 == "\"" }
        return "\(label.rawValue):" + (plain ? text : "\"\(text)\"")
    }

    @inline(__always)
    func matches(_ mention: LabelledMention) -> Bool {
        if pattern.isAny { return label.anyValue(of: mention) { _ in true } }
        return label.anyValue(of: mention) { pattern.matches($0) }
    }
}

/// The parsed form of a selector: terms joined by AND, OR and NOT.
indirect enum SelectorExpression: Sendable, Hashable {
    case term(SelectorTerm)
    case and([SelectorExpression])
    case or([SelectorExpression])
    case not(SelectorExpression)

    func matches(_ mention: LabelledMention) -> Bool {
        switch self {
        case .term(let term): term.matches(mention)
        case .and(let parts): parts.allSatisfy { $0.matches(mention) }
        case .or(let parts): parts.contains { $0.matches(mention) }
        case .not(let inner): !inner.matches(mention)
        }
    }

    /// Every term, in the order written, with whether it sits under a NOT.
    func terms(negated: Bool = false, into result: inout [(term: SelectorTerm, negated: Bool)]) {
        switch self {
        case .term(let term): result.append((term, negated))
        case .and(let parts), .or(let parts): for part in parts { part.terms(negated: negated, into: &result) }
        case .not(let inner): inner.terms(negated: !negated, into: &result)
        }
    }

    /// Whether every mention the expression matches passes a term that `isKey` accepts: true for
    /// such a term, for an AND with one such part, for an OR whose parts all are; never under NOT.
    func requires(_ isKey: (SelectorTerm) -> Bool) -> Bool {
        switch self {
        case .term(let term): isKey(term)
        case .and(let parts): parts.contains { $0.requires(isKey) }
        case .or(let parts): parts.allSatisfy { $0.requires(isKey) }
        case .not: false
        }
    }

    /// The literal terms every match passes (`sentiment:negative` in `sentiment:negative AND
    /// (topic:a OR topic:b)`): what an alert can claim about all of its mentions.
    func requiredLiterals(into result: inout [SelectorTerm]) {
        switch self {
        case .term(let term) where !term.pattern.isWildcard: result.append(term)
        case .and(let parts): for part in parts { part.requiredLiterals(into: &result) }
        default: break
        }
    }

    /// The expression written back in selector syntax, fully parenthesised where it matters.
    var text: String {
        switch self {
        case .term(let term): term.description
        case .and(let parts): parts.map { $0.isOr ? "(\($0.text))" : $0.text }.joined(separator: " AND ")
        case .or(let parts): parts.map(\.text).joined(separator: " OR ")
        case .not(let inner):
            if case .term = inner { "NOT \(inner.text)" } else { "NOT (\(inner.text))" }
        }
    }

    private var isOr: Bool {
        if case .or = self { true } else { false }
    }
}
