import Foundation
public import HarkCore

/// Reads the topic query language into a `QueryExpression`, with errors that point into the rule file.
///
/// Grammar, loosest first (so `NOT` binds tighter than `NEAR`, `NEAR` than `AND`, `AND` than `OR`):
///
///     query   := or
///     or      := and ("OR" and)*
///     and     := near (["AND"] near)*          terms side by side mean AND, as in Brandwatch
///     near    := unary ("NEAR/n" | "NEAR/nf" unary)*
///     unary   := ("NOT" | "-") unary | primary
///     primary := "(" query ")" | "phrase" | word | field ":" value
///
/// Operators are upper case only; `and`, `or`, `not` in lower case are words to search for (the linter
/// warns about them). Hand-written rather than generated so every error says what was expected and
/// where, e.g. `rules/topics.yaml:12:31: expected ')' to close '(' opened at 12:9`.
public enum QueryParser {
    /// How deeply parentheses and `NOT`s may nest: far beyond any real query, well before the stack ends.
    public static let maximumDepth = 64
    /// The longest single term, in bytes of folded text.
    public static let maximumTermLength = 200

    /// Parses `query`, whose first character sits at `position` in the rule file.
    public static func parse(_ query: String, at position: SourcePosition) throws(ConfigError) -> QueryExpression {
        let source = QuerySource(query, at: position)
        var parser = Parser(source: source, tokens: try QueryLexer.tokens(source))
        return try parser.parseQuery()
    }
}

private struct Parser {
    let source: QuerySource
    let tokens: [QueryToken]
    var index = 0
    var depth = 0
    /// Set while reading the values of a metadata field (`source:(appstore OR reddit)`).
    var valueField: QueryField?

    init(source: QuerySource, tokens: [QueryToken]) {
        self.source = source
        self.tokens = tokens
    }

    var peek: QueryToken { tokens[index] }

    mutating func advance() -> QueryToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func startsOperand(_ token: QueryToken) -> Bool {
        switch token.kind {
        case .leftParen, .not, .minus, .word, .phrase, .field: true
        case .rightParen, .and, .or, .near, .end: false
        }
    }

    func describe(_ token: QueryToken) -> String {
        switch token.kind {
        case .end: "the end of the query"
        default: "'\(source.text(token.range))'"
        }
    }

    func expectOperand(after token: QueryToken) throws(ConfigError) {
        guard startsOperand(peek) else {
            throw source.error(
                "expected a word, phrase or '(' after '\(source.text(token.range))', found \(describe(peek))",
                at: peek.range.lowerBound)
        }
    }

    mutating func parseQuery() throws(ConfigError) -> QueryExpression {
        if case .end = peek.kind { throw source.error("empty query", at: 0) }
        let expression = try parseOr()
        switch peek.kind {
        case .end: return expression
        case .rightParen: throw source.error("unexpected ')' without a matching '('", at: peek.range.lowerBound)
        default: throw source.error("unexpected \(describe(peek))", at: peek.range.lowerBound)
        }
    }

    mutating func parseOr() throws(ConfigError) -> QueryExpression {
        var operands = [try parseAnd()]
        while case .or = peek.kind {
            let op = advance()
            try expectOperand(after: op)
            operands.append(try parseAnd())
        }
        return combine(operands, QueryExpression.Kind.or)
    }

    mutating func parseAnd() throws(ConfigError) -> QueryExpression {
        var operands = [try parseNear()]
        while true {
            if case .and = peek.kind {
                let op = advance()
                try expectOperand(after: op)
            } else if !startsOperand(peek) {
                break
            }
            operands.append(try parseNear())
        }
        return combine(operands, QueryExpression.Kind.and)
    }

    func combine(_ operands: [QueryExpression], _ make: ([QueryExpression]) -> QueryExpression.Kind) -> QueryExpression
    {
        guard operands.count > 1, let first = operands.first, let last = operands.last else { return operands[0] }
        return QueryExpression(make(operands), range: first.range.lowerBound..<last.range.upperBound)
    }

    mutating func parseNear() throws(ConfigError) -> QueryExpression {
        var left = try parseUnary()
        while case .near(let distance, let inOrder) = peek.kind {
            let op = advance()
            if let field = valueField {
                throw source.error("NEAR can't be used inside '\(field.rawValue):(…)'", at: op.range.lowerBound)
            }
            try expectOperand(after: op)
            let right = try parseUnary()
            for operand in [left, right] where !operand.isPositional {
                throw source.error(
                    "NEAR needs words, phrases or OR-groups of them on both sides, not '\(source.text(operand.range))'"
                        + "; put NOT, AND and field filters outside the NEAR",
                    at: operand.range.lowerBound)
            }
            left = QueryExpression(
                .near(left, right, distance: distance, inOrder: inOrder),
                range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    mutating func parseUnary() throws(ConfigError) -> QueryExpression {
        switch peek.kind {
        case .not, .minus:
            let op = advance()
            try expectOperand(after: op)
            try enter(at: op)
            defer { depth -= 1 }
            let operand = try parseUnary()
            return QueryExpression(.not(operand), range: op.range.lowerBound..<operand.range.upperBound)
        default:
            return try parsePrimary()
        }
    }

    mutating func enter(at token: QueryToken) throws(ConfigError) {
        depth += 1
        if depth > QueryParser.maximumDepth {
            throw source.error(
                "query nests too deeply (more than \(QueryParser.maximumDepth) levels)", at: token.range.lowerBound)
        }
    }

    mutating func parsePrimary() throws(ConfigError) -> QueryExpression {
        let token = advance()
        switch token.kind {
        case .leftParen:
            try enter(at: token)
            defer { depth -= 1 }
            if case .rightParen = peek.kind { throw source.error("empty parentheses", at: token.range.lowerBound) }
            var inner = try parseOr()
            guard case .rightParen = peek.kind else {
                throw source.error(
                    "expected ')' to close '(' opened at \(source.lineColumn(at: token.range.lowerBound))",
                    at: peek.range.lowerBound)
            }
            let close = advance()
            inner.range = token.range.lowerBound..<close.range.upperBound
            return inner
        case .word(let text):
            return try valueOrTerms(text, range: token.range, quoted: false)
        case .phrase(let text):
            return try valueOrTerms(text, range: token.range, quoted: true)
        case .field(let name):
            return try parseField(name, token: token)
        case .rightParen:
            throw source.error("unexpected ')' without a matching '('", at: token.range.lowerBound)
        case .end:
            throw source.error("expected a word, phrase or '(' at the end of the query", at: token.range.lowerBound)
        case .and, .or, .near:
            throw source.error(
                "'\(source.text(token.range))' needs a word, phrase or '(' on its left", at: token.range.lowerBound)
        case .not, .minus:
            throw source.error("unexpected '\(source.text(token.range))'", at: token.range.lowerBound)
        }
    }

    mutating func parseField(_ name: String, token: QueryToken) throws(ConfigError) -> QueryExpression {
        guard let field = QueryField(rawValue: name.lowercased()) else {
            var message = "unknown field '\(name)'"
            if let suggestion = Self.suggestion(for: name) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; fields are " + QueryField.allCases.map { "\($0.rawValue):" }.joined(separator: ", ")
            }
            throw source.error(message, at: token.range.lowerBound)
        }
        if let outer = valueField {
            throw source.error(
                "'\(name):' can't be used inside '\(outer.rawValue):(…)'", at: token.range.lowerBound)
        }
        guard peek.range.lowerBound == token.range.upperBound, startsOperand(peek) else {
            throw source.error("expected a value right after '\(name):'", at: token.range.upperBound)
        }
        if field == .title {
            try enter(at: token)
            defer { depth -= 1 }
            let operand = try parsePrimary()
            return QueryExpression(.title(operand), range: token.range.lowerBound..<operand.range.upperBound)
        }
        if case .leftParen = peek.kind {
            valueField = field
            defer { valueField = nil }
            var group = try parsePrimary()
            group.range = token.range.lowerBound..<group.range.upperBound
            return group
        }
        let value = advance()
        let text: String
        switch value.kind {
        case .word(let word): text = word
        case .phrase(let phrase): text = phrase
        default: throw source.error("expected a value right after '\(name):'", at: value.range.lowerBound)
        }
        let predicate = try predicate(field, text, at: value.range.lowerBound)
        return QueryExpression(.field(predicate), range: token.range.lowerBound..<value.range.upperBound)
    }

    /// The field a misspelled name meant: a small edit, or two neighbouring letters swapped (`titel`).
    static func suggestion(for name: String) -> String? {
        let names = QueryField.allCases.map(\.rawValue)
        if let close = Spelling.closest(to: name, among: names) { return close }
        let written = Array(name.lowercased())
        return names.first { candidate in
            let target = Array(candidate)
            guard target.count == written.count else { return false }
            let differences = written.indices.filter { written[$0] != target[$0] }
            return differences.count == 2 && differences[1] == differences[0] + 1
                && written[differences[0]] == target[differences[1]]
                && written[differences[1]] == target[differences[0]]
        }
    }

    func valueOrTerms(_ text: String, range: Range<Int>, quoted: Bool) throws(ConfigError) -> QueryExpression {
        if let field = valueField {
            return QueryExpression(.field(try predicate(field, text, at: range.lowerBound)), range: range)
        }
        return try terms(text, range: range, quoted: quoted)
    }

    /// Folds a word or phrase like the texts it will meet; several tokens make a phrase (`check-in`).
    func terms(_ text: String, range: Range<Int>, quoted: Bool) throws(ConfigError) -> QueryExpression {
        let folded = NormalizedText(text, keepingWildcards: true)
        guard !folded.tokens.isEmpty else {
            if quoted, text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
                throw source.error("empty phrase", at: range.lowerBound)
            }
            throw source.error("'\(text)' has nothing to match: terms need letters or digits", at: range.lowerBound)
        }
        let hasWildcard = FieldValues.hasWildcard(text)
        if hasWildcard, folded.tokens.contains(where: { $0.kind == .run }) {
            throw source.error(
                "wildcards don't apply to Chinese or Japanese text, which already matches anywhere in a sentence",
                at: range.lowerBound)
        }
        var terms: [QueryTerm] = []
        for token in folded.tokens {
            let word = folded.text(of: token)
            guard word.utf8.count <= QueryParser.maximumTermLength else {
                throw source.error(
                    "term is too long (more than \(QueryParser.maximumTermLength) bytes)", at: range.lowerBound)
            }
            let marker: QueryTerm.Marker =
                switch token.kind {
                case .hashtag: .hashtag
                case .handle: .handle
                case .word, .run: .none
                }
            if token.kind == .run {
                terms.append(QueryTerm(.substring, word))
            } else if !FieldValues.hasWildcard(word) {
                terms.append(QueryTerm(.word, word, marker: marker))
            } else if word.hasSuffix("*"), word.dropLast().allSatisfy({ $0 != "*" && $0 != "?" }), word.count > 1 {
                terms.append(QueryTerm(.prefix, String(word.dropLast()), marker: marker))
            } else {
                terms.append(QueryTerm(.wildcard, collapsingStars(word), marker: marker))
            }
        }
        if terms.count == 1 { return QueryExpression(.term(terms[0]), range: range) }
        return QueryExpression(.phrase(terms), range: range)
    }

    func collapsingStars(_ pattern: String) -> String {
        var result = ""
        for character in pattern where !(character == "*" && result.last == "*") { result.append(character) }
        return result
    }

    func predicate(_ field: QueryField, _ text: String, at offset: Int) throws(ConfigError) -> FieldPredicate {
        let value = text.trimmingCharacters(in: .whitespaces)
        switch field {
        case .title:
            throw source.error("'title:' takes a word, a phrase or a group", at: offset)
        case .author:
            let name = MentionFilter.foldAuthor(value)
            guard !name.isEmpty else { throw source.error("'author:' needs a name or handle", at: offset) }
            return .author(name)
        case .site:
            guard let domain = FieldValues.domain(value) else {
                throw source.error("'site:' needs a domain like reddit.com, found '\(value)'", at: offset)
            }
            return .site(domain)
        case .source:
            let kind = value.lowercased()
            guard !kind.isEmpty,
                kind.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else {
                throw source.error(
                    "'source:' needs a source kind like appstore or reddit, found '\(value)'", at: offset)
            }
            return .source(kind)
        case .lang:
            guard let tag = FieldValues.languageTag(value) else {
                throw source.error("'lang:' needs a language tag like en or zh-Hant, found '\(value)'", at: offset)
            }
            return .language(tag)
        case .rating:
            guard let range = FieldValues.ratingRange(value) else {
                throw source.error(
                    "'rating:' needs stars or a comparison, e.g. rating:<=2, rating:4..5 or rating:3, found '\(value)'",
                    at: offset)
            }
            return .rating(range)
        }
    }
}
