public import HarkCore

extension TopicMatcher {
    /// The topics `mention` belongs to, each with the clauses that matched and the words that
    /// matched them: the answer to "why is this post labelled billing?" for `hark try`.
    public func explain(_ mention: Mention) -> [TopicMatch] {
        let scanned = scan(mention)
        var explained: [TopicMatch] = []
        for index in candidates(scanned.context) where matches(rule: index, scanned.context, mention: mention) {
            let rule = rules[index]
            let source = QuerySource(rule.query, at: rule.queryPosition)
            var clauses: [TopicMatch.Clause] = []
            collect(rule.expression, queries[index], MatchContext.everywhere, scanned, source, into: &clauses)
            explained.append(TopicMatch(topic: rule.name, query: rule.query, clauses: clauses))
        }
        return explained
    }

    private func collect(
        _ expression: QueryExpression, _ query: CompiledQuery, _ scope: Range<Int32>, _ scanned: Scanned,
        _ source: QuerySource, into clauses: inout [TopicMatch.Clause]
    ) {
        let context = scanned.context
        switch (expression.kind, query) {
        case (.and(let expressions), .and(let queries)):
            for (expression, query) in zip(expressions, queries) {
                if case .not = query { continue }
                collect(expression, query, scope, scanned, source, into: &clauses)
            }
        case (.or(let expressions), .or(let queries)):
            for (expression, query) in zip(expressions, queries) where context.matches(query, in: scope) {
                collect(expression, query, scope, scanned, source, into: &clauses)
            }
        case (.title(let expression), .title(let query)):
            collect(expression, query, context.titleScope(scope), scanned, source, into: &clauses)
        case (.not, _):
            return
        case (.field, _):
            clauses.append(clause(expression, source, words: []))
        default:
            let found = context.spans(query, in: scope).map { words(in: $0, scanned) }
            clauses.append(clause(expression, source, words: found))
        }
    }

    private func clause(
        _ expression: QueryExpression, _ source: QuerySource, words: [TopicMatch.MatchedWords]
    ) -> TopicMatch.Clause {
        TopicMatch.Clause(
            text: source.text(expression.range), range: expression.range,
            position: source.position(at: expression.range.lowerBound), words: words)
    }

    private func words(in span: PositionSpan, _ scanned: Scanned) -> TopicMatch.MatchedWords {
        let inTitle = span.end < scanned.context.titleEnd
        let text = inTitle ? scanned.title : scanned.text
        let base = inTitle ? 0 : Int(scanned.textOffset)
        let first = Int(span.start) - base
        let last = Int(span.end) - base
        let start = Self.byteOffset(ofPosition: first, in: text, end: false)
        let end = Self.byteOffset(ofPosition: last, in: text, end: true)
        return TopicMatch.MatchedWords(
            text: String(decoding: text.utf8[start..<end], as: UTF8.self), field: inTitle ? .title : .text,
            positions: first...last, utf8Range: start..<end)
    }

    /// Where the character at `position` starts (or, with `end`, ends) in the folded bytes.
    static func byteOffset(ofPosition position: Int, in text: NormalizedText, end: Bool) -> Int {
        var low = 0
        var high = text.tokens.count
        while low < high {
            let middle = (low + high) / 2
            if text.tokens[middle].positions.upperBound <= position { low = middle + 1 } else { high = middle }
        }
        guard low < text.tokens.count else { return text.utf8.count }
        let token = text.tokens[low]
        if token.kind != .run { return end ? token.utf8Range.upperBound : token.utf8Range.lowerBound }
        var character = position - token.position + (end ? 1 : 0)
        var offset = token.utf8Range.lowerBound
        while offset < token.utf8Range.upperBound {
            if text.utf8[offset] & 0xC0 != 0x80 {
                if character == 0 { return offset }
                character -= 1
            }
            offset += 1
        }
        return offset
    }
}
