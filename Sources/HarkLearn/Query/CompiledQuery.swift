import HarkCore

/// A query with its terms replaced by automaton ids: the form evaluated on every candidate mention.
///
/// It mirrors `QueryExpression` node for node, so `explain` can walk both together and name the
/// clause that matched.
indirect enum CompiledQuery: Sendable {
    case term(Int32)
    case phrase([Int32])
    case and([CompiledQuery])
    case or([CompiledQuery])
    case not(CompiledQuery)
    case near(CompiledQuery, CompiledQuery, distance: Int32, inOrder: Bool)
    case title(CompiledQuery)
    case field(FieldPredicate)

    /// Compiles `expression`, assigning ids to new terms in `ids` (shared across all rules).
    init(_ expression: QueryExpression, ids: inout [QueryTerm: Int32], terms: inout [QueryTerm]) {
        func id(_ term: QueryTerm) -> Int32 {
            if let known = ids[term] { return known }
            let new = Int32(terms.count)
            ids[term] = new
            terms.append(term)
            return new
        }
        switch expression.kind {
        case .term(let term): self = .term(id(term))
        case .phrase(let phrase): self = .phrase(phrase.map(id))
        case .and(let operands): self = .and(operands.map { CompiledQuery($0, ids: &ids, terms: &terms) })
        case .or(let operands): self = .or(operands.map { CompiledQuery($0, ids: &ids, terms: &terms) })
        case .not(let operand): self = .not(CompiledQuery(operand, ids: &ids, terms: &terms))
        case .near(let left, let right, let distance, let inOrder):
            self = .near(
                CompiledQuery(left, ids: &ids, terms: &terms), CompiledQuery(right, ids: &ids, terms: &terms),
                distance: Int32(distance), inOrder: inOrder)
        case .title(let operand): self = .title(CompiledQuery(operand, ids: &ids, terms: &terms))
        case .field(let predicate): self = .field(predicate)
        }
    }

    /// Terms at least one of which must occur for the query to hold, chosen to be cheap (`cost`), or
    /// nil when the query can hold with no term at all (`NOT spam`, `rating:<=2`).
    ///
    /// An AND needs only one of its operands' anchors and a phrase or `NEAR` only one of its terms,
    /// so `brand AND (love OR great)` is anchored on `brand` alone: a post saying "great" does not
    /// wake the thousand rules that also list "great".
    func anchors(cost: (Int32) -> Int) -> [Int32]? {
        func cheapest(_ options: [[Int32]?]) -> [Int32]? {
            options.compactMap { $0 }.min { $0.reduce(0) { $0 + cost($1) } < $1.reduce(0) { $0 + cost($1) } }
        }
        switch self {
        case .term(let id): return [id]
        case .phrase(let ids): return cheapest(ids.map { [$0] })
        case .near(let left, let right, _, _): return cheapest([left.anchors(cost: cost), right.anchors(cost: cost)])
        case .and(let operands): return cheapest(operands.map { $0.anchors(cost: cost) })
        case .or(let operands):
            var union: [Int32] = []
            for operand in operands {
                guard let anchors = operand.anchors(cost: cost) else { return nil }
                union += anchors
            }
            return union
        case .title(let operand): return operand.anchors(cost: cost)
        case .not, .field: return nil
        }
    }

    /// The query's value when no term occurs at all: `false`, `true`, or nil when it depends on metadata.
    var valueWithoutTerms: Bool? {
        switch self {
        case .term, .phrase, .near: return false
        case .title(let operand): return operand.valueWithoutTerms
        case .field: return nil
        case .not(let operand): return operand.valueWithoutTerms.map { !$0 }
        case .and(let operands):
            let values = operands.map(\.valueWithoutTerms)
            if values.contains(false) { return false }
            return values.allSatisfy { $0 == true } ? true : nil
        case .or(let operands):
            let values = operands.map(\.valueWithoutTerms)
            if values.contains(true) { return true }
            return values.allSatisfy { $0 == false } ? false : nil
        }
    }

    /// True when the query cannot hold for a mention with no rating (`rating:<=2`,
    /// `rating:1 AND refund`): the matcher then skips it for unrated posts, most of them, without
    /// reading their `where:` block. False is the safe answer (`NOT rating:5` holds without one).
    var needsRating: Bool {
        switch self {
        case .field(.rating): true
        case .term, .phrase, .near, .not, .field: false
        case .title(let operand): operand.needsRating
        case .and(let operands): operands.contains(where: \.needsRating)
        case .or(let operands): !operands.isEmpty && operands.allSatisfy(\.needsRating)
        }
    }

    /// The widest `NEAR` distance, so the matcher can keep title and text further apart than any
    /// `NEAR` reaches.
    var widestDistance: Int32 {
        switch self {
        case .term, .phrase, .field: 0
        case .and(let operands), .or(let operands): operands.map(\.widestDistance).max() ?? 0
        case .not(let operand), .title(let operand): operand.widestDistance
        case .near(let left, let right, let distance, _): max(distance, left.widestDistance, right.widestDistance)
        }
    }

    /// Every term id used, negated ones included.
    var termIDs: [Int32] {
        switch self {
        case .term(let id): [id]
        case .phrase(let ids): ids
        case .and(let operands), .or(let operands): operands.flatMap(\.termIDs)
        case .not(let operand), .title(let operand): operand.termIDs
        case .near(let left, let right, _, _): left.termIDs + right.termIDs
        case .field: []
        }
    }
}

/// A stretch of positions a clause covers in one mention (inclusive).
struct PositionSpan: Sendable, Hashable {
    var start: Int32
    var end: Int32
}

/// Everything known about one mention while rules are evaluated on it: the sorted term hits and the
/// metadata field filters read.
///
/// It keeps only the few fields field filters read, not the mention: a copy of a mention retains
/// and releases every one of its strings and collections, once per post that wakes a rule.
struct MatchContext {
    /// Hits sorted by term, then by start.
    let hits: [TermHit]
    /// The distinct terms in `hits` and where each one's hits begin.
    let hitTerms: [Int32]
    let hitStarts: [Int]
    /// Positions below this belong to the title.
    let titleEnd: Int32
    /// The mention's `source`, `language` and `rating`, which `source:`, `lang:` and `rating:` read.
    let source: SourceKind
    let language: String?
    let rating: Int?
    let host: String?
    let author: String?

    static let everywhere: Range<Int32> = 0..<Int32.max

    init(hits unsorted: [TermHit], titleEnd: Int32, mention: Mention, needsHost: Bool, needsAuthor: Bool) {
        self = withUnsafePointer(to: mention) { mention in
            MatchContext(
                sortedHits: unsorted.sorted(by: Self.hitOrder), titleEnd: titleEnd, mention: mention,
                needsHost: needsHost, needsAuthor: needsAuthor)
        }
    }

    /// The order of `hits`: by term, then by start.
    static func hitOrder(_ left: TermHit, _ right: TermHit) -> Bool {
        (left.term, left.start) < (right.term, right.start)
    }

    /// A context from hits already in `hitOrder` and a mention read where it is (no copy of it).
    init(
        sortedHits hits: [TermHit], titleEnd: Int32, mention: UnsafePointer<Mention>, needsHost: Bool,
        needsAuthor: Bool
    ) {
        var terms: [Int32] = []
        var starts: [Int] = []
        for (index, hit) in hits.enumerated() where terms.last != hit.term {
            terms.append(hit.term)
            starts.append(index)
        }
        starts.append(hits.count)
        self.hits = hits
        self.hitTerms = terms
        self.hitStarts = starts
        self.titleEnd = titleEnd
        self.source = mention.pointee.source
        self.language = mention.pointee.language
        self.rating = mention.pointee.rating
        self.host = needsHost ? mention.pointee.url.flatMap(FieldValues.host(ofURL:)) : nil
        self.author =
            needsAuthor ? mention.pointee.author.map { MentionFilter.foldAuthor($0, keepingWildcards: false) } : nil
    }

    /// The hits of one term, sorted by start.
    func hits(of term: Int32) -> ArraySlice<TermHit> {
        var low = 0
        var high = hitTerms.count
        while low < high {
            let middle = (low + high) / 2
            if hitTerms[middle] < term { low = middle + 1 } else { high = middle }
        }
        guard low < hitTerms.count, hitTerms[low] == term else { return [] }
        return hits[hitStarts[low]..<hitStarts[low + 1]]
    }

    func matches(_ query: CompiledQuery, in scope: Range<Int32>) -> Bool {
        switch query {
        case .term(let term):
            return hits(of: term).contains { scope.contains($0.start) && scope.contains($0.end) }
        case .phrase(let terms):
            return !phraseSpans(terms, in: scope, firstOnly: true).isEmpty
        case .and(let operands):
            return operands.allSatisfy { matches($0, in: scope) }
        case .or(let operands):
            return operands.contains { matches($0, in: scope) }
        case .not(let operand):
            return !matches(operand, in: scope)
        case .near(let left, let right, let distance, let inOrder):
            return !nearSpans(left, right, distance: distance, inOrder: inOrder, in: scope, firstOnly: true).isEmpty
        case .title(let operand):
            return matches(operand, in: titleScope(scope))
        case .field(let predicate):
            return matches(predicate)
        }
    }

    func titleScope(_ scope: Range<Int32>) -> Range<Int32> {
        scope.clamped(to: 0..<titleEnd)
    }

    func matches(_ predicate: FieldPredicate) -> Bool {
        switch predicate {
        case .author(let value):
            guard let author else { return false }
            return MentionFilter.author(author, matches: value)
        case .site(let domain):
            guard let host else { return false }
            return FieldValues.host(host, isWithin: domain)
        case .source(let kind):
            return FieldValues.equalsIgnoringCase(source.rawValue, kind)
        case .language(let tag):
            guard let language else { return false }
            return FieldValues.language(language, matches: tag)
        case .rating(let range):
            guard let rating else { return false }
            return range.contains(rating)
        }
    }

    /// Where a positional clause occurs, sorted by start.
    func spans(_ query: CompiledQuery, in scope: Range<Int32>) -> [PositionSpan] {
        switch query {
        case .term(let term):
            return hits(of: term).compactMap { hit in
                scope.contains(hit.start) && scope.contains(hit.end)
                    ? PositionSpan(start: hit.start, end: hit.end) : nil
            }
        case .phrase(let terms):
            return phraseSpans(terms, in: scope, firstOnly: false)
        case .or(let operands):
            return operands.flatMap { spans($0, in: scope) }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        case .near(let left, let right, let distance, let inOrder):
            return nearSpans(left, right, distance: distance, inOrder: inOrder, in: scope, firstOnly: false)
        case .title(let operand):
            return spans(operand, in: titleScope(scope))
        case .and, .not, .field:
            return []
        }
    }

    /// Occurrences of the terms on consecutive positions.
    func phraseSpans(_ terms: [Int32], in scope: Range<Int32>, firstOnly: Bool) -> [PositionSpan] {
        guard let first = terms.first else { return [] }
        let rest = terms.dropFirst().map { hits(of: $0) }
        if rest.contains(where: \.isEmpty) { return [] }
        var found: [PositionSpan] = []
        for hit in hits(of: first) where scope.contains(hit.start) {
            var end = hit.end
            var complete = true
            for following in rest {
                guard let next = Self.firstHit(in: following, startingAt: end + 1) else {
                    complete = false
                    break
                }
                end = next.end
            }
            guard complete, scope.contains(end) else { continue }
            found.append(PositionSpan(start: hit.start, end: end))
            if firstOnly { break }
        }
        return found
    }

    static func firstHit(in hits: ArraySlice<TermHit>, startingAt start: Int32) -> TermHit? {
        var low = hits.startIndex
        var high = hits.endIndex
        while low < high {
            let middle = (low + high) / 2
            if hits[middle].start < start { low = middle + 1 } else { high = middle }
        }
        return low < hits.endIndex && hits[low].start == start ? hits[low] : nil
    }

    /// Pairs of left and right occurrences with at most `distance` positions between them, the right
    /// one after the left one when `inOrder`; each reported as the span covering both.
    func nearSpans(
        _ left: CompiledQuery, _ right: CompiledQuery, distance: Int32, inOrder: Bool, in scope: Range<Int32>,
        firstOnly: Bool
    ) -> [PositionSpan] {
        let lefts = spans(left, in: scope)
        guard !lefts.isEmpty else { return [] }
        let byStart = spans(right, in: scope)
        guard !byStart.isEmpty else { return [] }
        let byEnd = inOrder ? [] : byStart.sorted { $0.end < $1.end }
        var found: [PositionSpan] = []
        for span in lefts {
            let after = Self.lowerBound(byStart, span.end + 1, by: \.start)
            if after < byStart.count, byStart[after].start <= span.end + 1 + distance {
                found.append(PositionSpan(start: span.start, end: byStart[after].end))
            } else if !inOrder {
                let before = Self.lowerBound(byEnd, span.start - 1 - distance, by: \.end)
                if before < byEnd.count, byEnd[before].end <= span.start - 1 {
                    found.append(PositionSpan(start: byEnd[before].start, end: span.end))
                } else {
                    continue
                }
            } else {
                continue
            }
            if firstOnly { break }
        }
        return found.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    static func lowerBound(_ spans: [PositionSpan], _ value: Int32, by key: KeyPath<PositionSpan, Int32>) -> Int {
        var low = 0
        var high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle][keyPath: key] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
