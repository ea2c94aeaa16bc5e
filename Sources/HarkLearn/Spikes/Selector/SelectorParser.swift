import HarkCore

/// Reads the selector syntax that spike rules share with labels:
///
/// ```text
/// selector := or
/// or       := and { "OR" and }
/// and      := unary { ["AND"] unary }        two terms side by side mean AND
/// unary    := "NOT" unary | "(" or ")" | term
/// term     := label ":" value                 topic:billing  theme:*  connector:"app store"
/// value    := word | "double-quoted text"     a word runs to a space or a parenthesis
/// ```
///
/// NOT binds tighter than AND, which binds tighter than OR (as in topic queries). Operators may be
/// written in any case: a bare word is never a term (terms always have a `:`), so `and` cannot be
/// mistaken for a value. Labels are those of `SelectorLabel`; closed labels (`sentiment`,
/// `abusive`, `demand`) reject values they can never have. `*` in a value is a wildcard.
///
/// Hand-written so that each mistake gets its own message at its own column, with a suggestion for
/// a misspelt label or value.
struct SelectorParser {
    private enum TokenKind: Equatable {
        case leftParen, rightParen, and, or, not
        /// `label:value`: the label text, the value, and the offset where the value starts.
        case term(label: String, value: String, valueOffset: Int)
        case end
    }

    private struct Token {
        var kind: TokenKind
        var offset: Int
    }

    private let scalars: [Unicode.Scalar]
    private let start: SourcePosition
    private var tokens: [Token] = []
    private var index = 0

    private init(_ text: String, at start: SourcePosition) {
        self.scalars = Array(text.unicodeScalars)
        self.start = start
    }

    /// Parses `text`, whose first character sits at `start` in its file.
    static func parse(_ text: String, at start: SourcePosition) throws(ConfigError) -> SelectorExpression {
        var parser = SelectorParser(text, at: start)
        try parser.tokenize()
        guard parser.peek.kind != .end else { throw parser.error("empty selector", at: 0) }
        let expression = try parser.parseOr()
        switch parser.peek.kind {
        case .end: return expression
        case .rightParen: throw parser.error("unexpected ')' without a matching '('", at: parser.peek.offset)
        default: throw parser.error("unexpected \(parser.describe(parser.peek))", at: parser.peek.offset)
        }
    }

    // MARK: Positions

    /// The file position of the scalar at `offset`.
    func position(at offset: Int) -> SourcePosition {
        var position = start
        for scalar in scalars.prefix(offset) {
            if scalar == "\n" {
                position.line += 1
                position.column = 1
            } else {
                position.column += 1
            }
        }
        return position
    }

    private func error(_ message: String, at offset: Int) -> ConfigError {
        ConfigError(message, at: position(at: offset))
    }

    // MARK: Tokens

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    private static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
        isSpace(scalar) || scalar == "(" || scalar == ")"
    }

    private mutating func tokenize() throws(ConfigError) {
        var offset = 0
        while offset < scalars.count {
            let scalar = scalars[offset]
            if Self.isSpace(scalar) {
                offset += 1
            } else if scalar == "(" {
                tokens.append(Token(kind: .leftParen, offset: offset))
                offset += 1
            } else if scalar == ")" {
                tokens.append(Token(kind: .rightParen, offset: offset))
                offset += 1
            } else {
                tokens.append(try word(at: &offset))
            }
        }
        tokens.append(Token(kind: .end, offset: scalars.count))
    }

    /// An operator or a `label:value` term starting at `offset`.
    private func word(at offset: inout Int) throws(ConfigError) -> Token {
        let begin = offset
        var label = ""
        while offset < scalars.count, !Self.endsWord(scalars[offset]), scalars[offset] != ":" {
            label.unicodeScalars.append(scalars[offset])
            offset += 1
        }
        guard offset < scalars.count, scalars[offset] == ":" else {
            switch label.uppercased() {
            case "AND": return Token(kind: .and, offset: begin)
            case "OR": return Token(kind: .or, offset: begin)
            case "NOT": return Token(kind: .not, offset: begin)
            default: break
            }
            if SelectorLabel(rawValue: label.lowercased()) != nil {
                throw error("'\(label)' needs a value, like \(label.lowercased()):NAME or \(label.lowercased()):*", at: begin)
            }
            throw error("expected label:value (like topic:billing), found '\(label)'", at: begin)
        }
        guard !label.isEmpty else { throw error("expected a label before ':'", at: begin) }
        offset += 1
        let valueOffset = offset
        var value = ""
        if offset < scalars.count, scalars[offset] == "\"" {
            offset += 1
            while offset < scalars.count, scalars[offset] != "\"" {
                value.unicodeScalars.append(scalars[offset])
                offset += 1
            }
            guard offset < scalars.count else {
                throw error("the quote opened here is never closed", at: valueOffset)
            }
            offset += 1
            guard !value.isEmpty else { throw error("empty value after '\(label):'", at: valueOffset) }
            return Token(kind: .term(label: label, value: value, valueOffset: valueOffset + 1), offset: begin)
        }
        while offset < scalars.count, !Self.endsWord(scalars[offset]) {
            value.unicodeScalars.append(scalars[offset])
            offset += 1
        }
        guard !value.isEmpty else {
            throw error("expected a value after '\(label):' (a name, or * for any)", at: valueOffset)
        }
        return Token(kind: .term(label: label, value: value, valueOffset: valueOffset), offset: begin)
    }

    private var peek: Token { tokens[index] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .term(let label, let value, _): "'\(label):\(value)'"
        case .end: "end of selector"
        }
    }

    // MARK: Grammar

    private mutating func parseOr() throws(ConfigError) -> SelectorExpression {
        var parts = [try parseAnd()]
        while peek.kind == .or {
            let op = advance()
            try expectOperand(after: op)
            parts.append(try parseAnd())
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    private mutating func parseAnd() throws(ConfigError) -> SelectorExpression {
        var parts = [try parseUnary()]
        while true {
            switch peek.kind {
            case .and:
                let op = advance()
                try expectOperand(after: op)
                parts.append(try parseUnary())
            case .not, .leftParen, .term:
                parts.append(try parseUnary())
            default:
                return parts.count == 1 ? parts[0] : .and(parts)
            }
        }
    }

    private mutating func parseUnary() throws(ConfigError) -> SelectorExpression {
        guard peek.kind == .not else { return try parsePrimary() }
        let op = advance()
        try expectOperand(after: op)
        return .not(try parseUnary())
    }

    private func expectOperand(after op: Token) throws(ConfigError) {
        switch peek.kind {
        case .term, .leftParen, .not: return
        case .end: throw error("expected a term after \(describe(op)), found the end of the selector", at: peek.offset)
        default: throw error("expected a term after \(describe(op)), found \(describe(peek))", at: peek.offset)
        }
    }

    private mutating func parsePrimary() throws(ConfigError) -> SelectorExpression {
        let token = advance()
        switch token.kind {
        case .leftParen:
            if peek.kind == .rightParen { throw error("empty parentheses", at: token.offset) }
            let inner = try parseOr()
            guard peek.kind == .rightParen else {
                let opened = position(at: token.offset)
                throw error(
                    "expected ')' to close the '(' at \(opened.line):\(opened.column), found \(describe(peek))",
                    at: peek.offset)
            }
            _ = advance()
            return inner
        case .term(let label, let value, let valueOffset):
            return .term(try term(label: label, value: value, at: token.offset, valueOffset: valueOffset))
        case .rightParen:
            throw error("unexpected ')' without a matching '('", at: token.offset)
        case .and, .or, .not, .end:
            throw error("expected a term, found \(describe(token))", at: token.offset)
        }
    }

    private func term(label text: String, value: String, at offset: Int, valueOffset: Int) throws(ConfigError)
        -> SelectorTerm
    {
        guard let label = SelectorLabel(rawValue: text.lowercased()) else {
            var message = "unknown label '\(text)'"
            if let suggestion = Spelling.closest(to: text, among: SelectorLabel.allCases.map(\.rawValue)) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += " (labels: \(SelectorLabel.allCases.map(\.rawValue).joined(separator: ", ")))"
            }
            throw error(message, at: offset)
        }
        if let allowed = label.allowedValues, !value.contains("*"), !allowed.contains(value.lowercased()) {
            var message = "'\(label.rawValue)' is \(allowed.joined(separator: " or ")), found '\(value)'"
            if let suggestion = Spelling.closest(to: value, among: allowed) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw error(message, at: valueOffset)
        }
        return SelectorTerm(label: label, pattern: value, at: position(at: offset))
    }
}
