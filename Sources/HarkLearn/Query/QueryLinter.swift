public import HarkCore

/// A query that parses but probably does not do what its author meant.
public struct QueryWarning: Sendable, Hashable, CustomStringConvertible {
    /// Where the questionable clause is written.
    public var position: SourcePosition
    /// What is wrong and what to write instead.
    public var message: String

    /// Makes a warning.
    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// `FILE:LINE:COL: warning: message`, like a compiler.
    public var description: String { "\(position): warning: \(message)" }
}

/// Warns about traps in topic queries: wildcards that match nearly everything, `NEAR` distances wider
/// than a post, rules that can never match, repeated terms, operators written in lower case.
///
/// These are warnings, not errors, because each can be intended; `hark check` prints them so the
/// marketer who wrote `charge* AND NOT charge*` finds out before the topic stays silent for a month.
public enum QueryLinter {
    /// `NEAR` distances beyond this are wider than most posts; `AND` says the same thing.
    public static let widestUsefulDistance = 50
    /// Prefixes shorter than this (`a*`, `ch*`) match a large part of the dictionary.
    public static let shortestUsefulPrefix = 3

    /// The warnings for one rule, in query order.
    public static func lint(_ rule: TopicRule) -> [QueryWarning] {
        var linter = Linter(source: QuerySource(rule.query, at: rule.queryPosition), root: rule.expression.range)
        linter.checkConjunction(rule.expression, filter: rule.filter)
        linter.visit(rule.expression)
        linter.checkPositive(rule.expression)
        return linter.warnings.sorted { $0.offset < $1.offset }.map(\.warning)
    }
}

private struct Linter {
    let source: QuerySource
    /// The whole query's range: its conjunction is checked together with the `where:` block.
    let root: Range<Int>
    var warnings: [(offset: Int, warning: QueryWarning)] = []

    init(source: QuerySource, root: Range<Int>) {
        self.source = source
        self.root = root
    }

    mutating func warn(_ message: String, at offset: Int) {
        warnings.append((offset, QueryWarning(message, at: source.position(at: offset))))
    }

    func text(_ expression: QueryExpression) -> String { source.text(expression.range) }

    mutating func visit(_ expression: QueryExpression) {
        switch expression.kind {
        case .term(let term):
            checkTerm(term, expression)
        case .phrase(let terms):
            for term in terms { checkTerm(term, expression) }
            checkLowercaseNear(expression)
        case .and(let operands):
            checkContradictions(operands)
            if expression.range != root { checkConjunction(expression, filter: nil) }
            operands.forEach { visit($0) }
        case .or(let operands):
            checkDuplicates(operands)
            operands.forEach { visit($0) }
        case .not(let operand), .title(let operand):
            visit(operand)
        case .near(let left, let right, let distance, let inOrder):
            if distance > QueryLinter.widestUsefulDistance {
                let op = "NEAR/\(distance)\(inOrder ? "f" : "")"
                warn(
                    "\(op) is wider than most posts (over \(QueryLinter.widestUsefulDistance) words); AND says the same more clearly",
                    at: left.range.upperBound + leadingSpace(after: left.range.upperBound))
            }
            visit(left)
            visit(right)
        case .field(let predicate):
            if case .rating(let range) = predicate, !range.overlaps(1...5) {
                warn("'\(text(expression))' can never match: ratings are 1 to 5 stars", at: expression.range.lowerBound)
            }
        }
    }

    func leadingSpace(after offset: Int) -> Int {
        var count = 0
        while offset + count < source.scalars.count, source.scalars[offset + count].properties.isWhitespace {
            count += 1
        }
        return count
    }

    mutating func checkTerm(_ term: QueryTerm, _ expression: QueryExpression) {
        let offset = expression.range.lowerBound
        switch term.kind {
        case .wildcard:
            let literal = term.text.filter { $0 != "*" && $0 != "?" }
            if literal.isEmpty, term.text.contains("*") {
                warn("'\(term)' matches every word", at: offset)
            } else if term.text.hasPrefix("*") || term.text.hasPrefix("?") {
                warn(
                    "'\(term)' starts with a wildcard, so it is tried on every word: slow, and it matches broadly",
                    at: offset)
            }
        case .prefix:
            if term.text.count < QueryLinter.shortestUsefulPrefix {
                warn(
                    "'\(term)' matches too many words; use a prefix of at least \(QueryLinter.shortestUsefulPrefix) letters",
                    at: offset)
            }
        case .word:
            let written = text(expression)
            if term.marker == .none, ["and", "or", "not"].contains(written.lowercased()),
                written != written.uppercased()
            {
                warn(
                    "'\(written)' is searched as a word; operators are upper case, write \(written.uppercased())",
                    at: offset)
            }
        case .substring:
            break
        }
    }

    mutating func checkLowercaseNear(_ expression: QueryExpression) {
        let written = text(expression)
        if written.lowercased().hasPrefix("near/"), !written.hasPrefix("NEAR/") {
            warn(
                "'\(written)' is searched as words; operators are upper case, write \(written.uppercased())",
                at: expression.range.lowerBound)
        }
    }

    /// `x AND NOT x`.
    mutating func checkContradictions(_ operands: [QueryExpression]) {
        let positive = Set(operands.filter { if case .not = $0.kind { false } else { true } }.map(\.description))
        for operand in operands {
            guard case .not(let negated) = operand.kind, positive.contains(negated.description) else { continue }
            warn(
                "this AND can never match: it requires '\(text(negated))' and also NOT '\(text(negated))'",
                at: operand.range.lowerBound)
        }
    }

    /// The same term twice in an `OR`, or a word already covered by a prefix in it.
    mutating func checkDuplicates(_ operands: [QueryExpression]) {
        var seen: [String: QueryExpression] = [:]
        for operand in operands {
            let key = operand.description
            if let first = seen[key] {
                warn(
                    "'\(text(operand))' is already in this OR (at \(source.lineColumn(at: first.range.lowerBound)))",
                    at: operand.range.lowerBound)
            } else {
                seen[key] = operand
            }
        }
        let prefixes = operands.compactMap { operand -> (QueryTerm, QueryExpression)? in
            if case .term(let term) = operand.kind, term.kind == .prefix { return (term, operand) }
            return nil
        }
        for operand in operands {
            guard case .term(let term) = operand.kind, term.kind == .word else { continue }
            if let (prefix, covering) = prefixes.first(where: {
                $0.0.marker == term.marker && term.text.hasPrefix($0.0.text)
            }) {
                warn(
                    "'\(text(operand))' is already matched by '\(prefix)' (at \(source.lineColumn(at: covering.range.lowerBound)))",
                    at: operand.range.lowerBound)
            }
        }
    }

    /// A query without any positive term or field matches nearly everything.
    mutating func checkPositive(_ expression: QueryExpression) {
        var ids: [QueryTerm: Int32] = [:]
        var terms: [QueryTerm] = []
        if CompiledQuery(expression, ids: &ids, terms: &terms).valueWithoutTerms == true {
            warn(
                "this query matches every mention that lacks its words; add a positive term",
                at: expression.range.lowerBound)
        }
    }

    /// Field filters that contradict each other or the `where:` block in one conjunction.
    mutating func checkConjunction(_ expression: QueryExpression, filter: MentionFilter?) {
        var allowed = Allowed()
        if let filter {
            allowed.add(filter)
        } else if case .field = expression.kind {
            return
        }
        let conjuncts: [QueryExpression]
        if case .and(let operands) = expression.kind { conjuncts = operands } else { conjuncts = [expression] }
        for conjunct in conjuncts {
            guard let (field, values) = Allowed.values(of: conjunct) else { continue }
            if let problem = allowed.restrict(field, to: values, by: text(conjunct)) {
                warn(problem, at: conjunct.range.lowerBound)
                return
            }
        }
    }
}

/// What one conjunction still allows for each single-valued field (a mention has one source, one
/// language, one rating, one URL host, one author).
private struct Allowed {
    var values: [QueryField: [FieldPredicate]] = [:]
    var origin: [QueryField: String] = [:]

    mutating func add(_ filter: MentionFilter) {
        let lists: [(QueryField, [FieldPredicate])] = [
            (.source, filter.sources.map(FieldPredicate.source)),
            (.lang, filter.languages.map(FieldPredicate.language)),
            (.rating, filter.ratings.map(FieldPredicate.rating)),
            (.site, filter.sites.map(FieldPredicate.site)),
        ]
        for (field, list) in lists where !list.isEmpty {
            values[field] = list
            origin[field] = "the where: block"
        }
    }

    /// The field and the values a conjunct allows, when it is a field filter or an OR of filters on one field.
    static func values(of expression: QueryExpression) -> (QueryField, [FieldPredicate])? {
        switch expression.kind {
        case .field(let predicate):
            if case .author(let name) = predicate, FieldValues.hasWildcard(name) { return nil }
            return (predicate.field, [predicate])
        case .or(let operands):
            var field: QueryField?
            var list: [FieldPredicate] = []
            for operand in operands {
                guard let (inner, values) = values(of: operand), field == nil || field == inner else { return nil }
                field = inner
                list += values
            }
            return field.map { ($0, list) }
        default:
            return nil
        }
    }

    /// Narrows `field` to `newValues`; a message when nothing is left.
    mutating func restrict(_ field: QueryField, to newValues: [FieldPredicate], by clause: String) -> String? {
        guard let current = values[field] else {
            values[field] = newValues
            origin[field] = "'\(clause)'"
            return nil
        }
        let narrowed = current.flatMap { old in newValues.compactMap { Self.intersection(old, $0) } }
        guard narrowed.isEmpty else {
            values[field] = narrowed
            return nil
        }
        return "can never match: '\(clause)' contradicts \(origin[field] ?? "an earlier condition")"
    }

    static func intersection(_ a: FieldPredicate, _ b: FieldPredicate) -> FieldPredicate? {
        switch (a, b) {
        case (.source(let x), .source(let y)):
            return x == y ? a : nil
        case (.author(let x), .author(let y)):
            return x == y ? a : nil
        case (.language(let x), .language(let y)):
            if FieldValues.language(y, matches: x) { return b }
            if FieldValues.language(x, matches: y) { return a }
            return nil
        case (.site(let x), .site(let y)):
            if FieldValues.host(y, isWithin: x) { return b }
            if FieldValues.host(x, isWithin: y) { return a }
            return nil
        case (.rating(let x), .rating(let y)):
            guard x.overlaps(y) else { return nil }
            return .rating(max(x.lowerBound, y.lowerBound)...min(x.upperBound, y.upperBound))
        default:
            return nil
        }
    }
}
