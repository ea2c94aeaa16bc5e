import HarkCore

/// A query string and where its first character sits in the rule file.
///
/// Offsets inside a query are counted in Unicode scalars, as YAML columns are, so an offset turns into
/// the `LINE:COL` a marketer's editor shows.
struct QuerySource {
    let scalars: [Unicode.Scalar]
    let start: SourcePosition

    init(_ query: String, at start: SourcePosition) {
        scalars = Array(query.unicodeScalars)
        self.start = start
    }

    /// The file position of the scalar at `offset` (one past the end is allowed).
    func position(at offset: Int) -> SourcePosition {
        var line = start.line
        var column = start.column
        for scalar in scalars.prefix(offset) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourcePosition(file: start.file, line: line, column: column)
    }

    /// `LINE:COL` of an offset, for messages that mention a second place ("opened at 12:9").
    func lineColumn(at offset: Int) -> String {
        let position = position(at: offset)
        return "\(position.line):\(position.column)"
    }

    func error(_ message: String, at offset: Int) -> ConfigError {
        ConfigError(message, at: position(at: offset))
    }

    func text(_ range: Range<Int>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return text
    }
}

/// One lexical token of a query.
struct QueryToken: Equatable {
    enum Kind: Equatable {
        case leftParen
        case rightParen
        case and
        case or
        case not
        /// `-word`, shorthand for `NOT word`.
        case minus
        case near(distance: Int, inOrder: Bool)
        /// A bare word as written (may hold `*`, `?`, `#`, `@`, `-`, `.` …).
        case word(String)
        /// The text between quotes.
        case phrase(String)
        /// A field name followed by `:`.
        case field(String)
        case end
    }

    var kind: Kind
    var range: Range<Int>
}

/// Cuts a query into tokens.
///
/// Operators are recognised in upper case only (`AND`, `OR`, `NOT`, `NEAR/5`, `NEAR/5f`), as in
/// Brandwatch: a lower-case `and` is a word to search for. Phrases use straight or curly double quotes,
/// because queries are often pasted from documents that curl them.
enum QueryLexer {
    /// The largest `NEAR` distance accepted; anything wider is a mistake, not a query.
    static let maximumDistance = 10_000

    static func tokens(_ source: QuerySource) throws(ConfigError) -> [QueryToken] {
        let scalars = source.scalars
        var tokens: [QueryToken] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isQuerySpace {
                index += 1
                continue
            }
            switch scalar {
            case "(":
                tokens.append(QueryToken(kind: .leftParen, range: index..<index + 1))
                index += 1
            case ")":
                tokens.append(QueryToken(kind: .rightParen, range: index..<index + 1))
                index += 1
            case "\"", "\u{201C}", "\u{201D}":
                var end = index + 1
                while end < scalars.count, !isQuote(scalars[end]) { end += 1 }
                guard end < scalars.count else {
                    throw source.error(
                        "unterminated phrase starting at \(source.lineColumn(at: index))", at: scalars.count)
                }
                tokens.append(QueryToken(kind: .phrase(source.text(index + 1..<end)), range: index..<end + 1))
                index = end + 1
            case "-" where index + 1 < scalars.count && startsNegation(scalars[index + 1]):
                tokens.append(QueryToken(kind: .minus, range: index..<index + 1))
                index += 1
            default:
                let afterField =
                    if case .field = tokens.last?.kind, tokens.last?.range.upperBound == index { true } else { false }
                let token = try word(in: source, from: index, fieldNames: !afterField)
                tokens.append(token)
                index = token.range.upperBound
            }
        }
        tokens.append(QueryToken(kind: .end, range: scalars.count..<scalars.count))
        return tokens
    }

    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "\u{201C}" || scalar == "\u{201D}"
    }

    /// `-refund` and `-(a OR b)` negate; a `-` before a space, `)` or another `-` is just text.
    static func startsNegation(_ next: Unicode.Scalar) -> Bool {
        !next.isQuerySpace && next != ")" && next != "-"
    }

    static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isQuerySpace || scalar == "(" || scalar == ")" || isQuote(scalar)
    }

    /// A bare word, an operator, or a field name (letters followed by `:`); a field's value is read
    /// whole, so `site:https://example.com` keeps its colon.
    static func word(in source: QuerySource, from start: Int, fieldNames: Bool) throws(ConfigError) -> QueryToken {
        let scalars = source.scalars
        var end = start
        while end < scalars.count, !endsWord(scalars[end]) {
            if fieldNames, scalars[end] == ":", end > start,
                scalars[start..<end].allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
            {
                return QueryToken(kind: .field(source.text(start..<end)), range: start..<end + 1)
            }
            end += 1
        }
        let text = source.text(start..<end)
        let range = start..<end
        switch text {
        case "AND": return QueryToken(kind: .and, range: range)
        case "OR": return QueryToken(kind: .or, range: range)
        case "NOT": return QueryToken(kind: .not, range: range)
        case "NEAR": throw source.error("NEAR needs a distance, e.g. NEAR/5", at: start)
        default: break
        }
        guard text.hasPrefix("NEAR/") else { return QueryToken(kind: .word(text), range: range) }
        var digits = Substring(text.dropFirst(5))
        let inOrder = digits.hasSuffix("f")
        if inOrder { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw source.error("NEAR/ needs a distance, e.g. NEAR/5", at: start)
        }
        guard let distance = Int(digits), distance <= maximumDistance else {
            throw source.error("NEAR/\(digits) is too wide; the largest distance is \(maximumDistance)", at: start)
        }
        return QueryToken(kind: .near(distance: distance, inOrder: inOrder), range: range)
    }
}

extension Unicode.Scalar {
    /// Whitespace between query tokens, answered without a property lookup for ASCII.
    var isQuerySpace: Bool {
        isASCII ? (self == " " || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}
