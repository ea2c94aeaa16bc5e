public import HarkCore

/// All topic rules compiled once into a matcher that labels a mention in one pass over its text.
///
/// Every literal term of every rule goes into one `TermAutomaton`; a mention's title and text are
/// folded (`NormalizedText`) and scanned once, which finds every term occurrence with its position.
/// Each rule is indexed under its *anchors*, a few rare terms at least one of which must occur for it
/// to hold (`brand` for `brand AND (love OR great)`); only rules whose anchors were found are then
/// evaluated, plus the few that can hold with no term at all (`NOT spam`, `rating:<=2`). So the cost
/// grows with what a post mentions, not with the number of rules.
///
/// The searched text is the title followed by the text; `title:` restricts a clause to the title.
/// The two are kept further apart than any `NEAR` distance in the rules, so neither a phrase nor a
/// `NEAR` spans from the title into the text.
///
/// Immutable after `init` and `Sendable`: build it once when rules load, share it across tasks.
public struct TopicMatcher: Sendable {
    /// The rules, in the order their names are reported.
    public let rules: [TopicRule]
    let queries: [CompiledQuery]
    /// The rules' `where:` blocks, nil where a rule has none (most), so most rules skip the check.
    /// Each sits behind one reference: reading it out of the array then retains one object, where
    /// a `MentionFilter` value would retain its seven lists, for every candidate rule of every post.
    let filters: [FilterBox?]
    let automaton: TermAutomaton
    let terms: [QueryTerm]
    /// For each term, the rules that use it (CSR layout: `termRules[termRuleStart[t]..<termRuleStart[t+1]]`).
    let termRuleStart: [Int32]
    let termRules: [Int32]
    /// Rules whose query may hold with none of its terms present; evaluated on every mention.
    let unconditionalRules: [Int32]
    /// `unconditionalRules` as bits, when there are at most 64 rules (candidates are then one word).
    let unconditionalMask: UInt64?
    /// Per rule, whether its query cannot hold without a rating (`CompiledQuery.needsRating`): an
    /// unrated post skips such a rule (`rating:<=2`) before its `where:` block is read.
    let needsRating: [Bool]
    /// The words that can hold an anchor, when a post with none has the same topics however it is
    /// scanned: nil when a rule evaluated on every post reads terms (`NOT spam`), or some anchor
    /// is a wildcard the filter cannot test.
    let anchorFilter: AnchorFilter?
    let titleGap: Int32
    let needsHost: Bool
    let needsAuthor: Bool

    /// Compiles `rules`. Cost is linear in the total size of the queries.
    public init(rules: [TopicRule]) {
        var ids: [QueryTerm: Int32] = [:]
        var terms: [QueryTerm] = []
        var queries: [CompiledQuery] = []
        var widest: Int32 = 0
        var needsHost = false
        var needsAuthor = false
        queries.reserveCapacity(rules.count)
        for rule in rules {
            let query = CompiledQuery(rule.expression, ids: &ids, terms: &terms)
            queries.append(query)
            widest = max(widest, query.widestDistance)
            needsHost = needsHost || rule.expression.usesField(.site)
            needsAuthor = needsAuthor || rule.expression.usesField(.author)
        }
        var usage = [Int](repeating: 0, count: terms.count)
        for query in queries {
            for term in Set(query.termIDs) { usage[Int(term)] += 1 }
        }
        let cost = { (term: Int32) -> Int in Self.cost(of: terms[Int(term)], usedBy: usage[Int(term)]) }
        var rulesOfTerm = [[Int32]](repeating: [], count: terms.count)
        var unconditional: [Int32] = []
        for (index, query) in queries.enumerated() {
            if let anchors = query.anchors(cost: cost) {
                for term in Set(anchors) { rulesOfTerm[Int(term)].append(Int32(index)) }
            } else {
                unconditional.append(Int32(index))
            }
        }
        var start: [Int32] = [0]
        var flat: [Int32] = []
        for list in rulesOfTerm {
            flat.append(contentsOf: list)
            start.append(Int32(flat.count))
        }
        self.rules = rules
        self.queries = queries
        self.filters = rules.map { $0.filter.isEmpty ? nil : FilterBox($0.filter) }
        self.terms = terms
        self.automaton = TermAutomaton(terms: terms)
        self.termRuleStart = start
        self.termRules = flat
        self.unconditionalRules = unconditional
        let anchors = rulesOfTerm.indices.filter { !rulesOfTerm[$0].isEmpty }.map { Int32($0) }
        let unconditionalReadTerms = unconditional.contains { !queries[Int($0)].termIDs.isEmpty }
        self.anchorFilter = unconditionalReadTerms ? nil : AnchorFilter(terms: terms, anchors: anchors)
        self.unconditionalMask = rules.count <= 64 ? unconditional.reduce(0) { $0 | 1 << UInt64($1) } : nil
        self.needsRating = queries.map(\.needsRating)
        self.titleGap = widest + 2
        self.needsHost = needsHost
        self.needsAuthor = needsAuthor
    }

    /// A guess at how often a term occurs, to pick the rarest anchors. Term frequencies in posts are
    /// unknown when rules load, but the rules themselves tell: a word many rules share ("great",
    /// "broken") is a common word, a word one rule uses (a brand) is rare. Short words and wildcards
    /// match more.
    static func cost(of term: QueryTerm, usedBy rules: Int) -> Int {
        var cost = rules * 4
        if term.text.unicodeScalars.count < 4 { cost += 8 }
        switch term.kind {
        case .word, .substring: break
        case .prefix: cost += 8
        case .wildcard: cost += 32
        }
        return cost
    }

    /// The names of the topics `mention` belongs to, in rule order.
    public func topics(for mention: Mention) -> [String] {
        matchingRules(for: mention).map { rules[$0].name }
    }

    /// How many distinct terms the automaton holds, for benchmarks and `hark check` summaries.
    public var termCount: Int { terms.count }

    /// Indices of the matching rules, ascending (`matchingRules(of:text:hits:into:)` for one mention).
    func matchingRules(for mention: Mention) -> [Int] {
        var hits: [TermHit] = []
        var found: [Int32] = []
        withUnsafePointer(to: mention) { matchingRules(of: $0, text: nil, hits: &hits, into: &found) }
        return found.map { Int($0) }
    }

    /// Appends the indices of the rules `mention` matches to `found`, ascending: the labelling hot
    /// path, which a batch calls with its own buffers for the hits and the rules.
    ///
    /// Hits go into one array and candidates come straight from them; a candidate's `where:` block
    /// is checked before its query, and the sorted context queries read is built only for the first
    /// candidate that passes. Most posts hit a common word or two but wake no rule, or only
    /// unconditional ones their filters turn away, and then cost the scan alone.
    ///
    /// The mention is read where it is, through a pointer: passed by value out of a batch's
    /// buffer, it was copied (every string and collection retained, then released) for each post,
    /// and again into the match context. `found` is the batch's own array, so no array is made
    /// per post for its rules either. `text` is the caller's fold of the mention's text, read in
    /// place (a batch's buffers); with none, the text is folded here.
    func matchingRules(
        of mention: UnsafePointer<Mention>, text: FoldedText?, hits: inout [TermHit], into found: inout [Int32]
    ) {
        hits.removeAll(keepingCapacity: true)
        var titleEnd: Int32 = 0
        let title = mention.pointee.title.map { NormalizedText($0) }
        if let title { titleEnd = Int32(title.positionCount) }
        if let text {
            scanTerms(title: title, body: text, bodyOffset: titleEnd + titleGap, into: &hits)
        } else {
            NormalizedText(mention.pointee.text).withFolded {
                scanTerms(title: title, body: $0, bodyOffset: titleEnd + titleGap, into: &hits)
            }
        }
        var context: MatchContext?
        // Rules are evaluated after the candidates are known (from `hits`), so the hits can then
        // be sorted in place for the context rather than into a new array.
        let isRated = mention.pointee.rating != nil
        func evaluate(_ rule: Int, _ hits: inout [TermHit]) {
            if !isRated && needsRating[rule] { return }
            if let box = filters[rule], !box.accepts(mention) { return }
            if context == nil {
                hits.sort(by: MatchContext.hitOrder)
                context = MatchContext(
                    sortedHits: hits, titleEnd: titleEnd, mention: mention, needsHost: needsHost,
                    needsAuthor: needsAuthor)
            }
            if context!.matches(queries[rule], in: MatchContext.everywhere) { found.append(Int32(rule)) }
        }
        if let unconditionalMask {
            // Up to 64 rules: the candidates are the bits of one word, ascending by construction.
            var mask = unconditionalMask
            for hit in hits {
                for slot in Int(termRuleStart[Int(hit.term)])..<Int(termRuleStart[Int(hit.term) + 1]) {
                    mask |= 1 << UInt64(termRules[slot])
                }
            }
            while mask != 0 {
                evaluate(mask.trailingZeroBitCount, &hits)
                mask &= mask - 1
            }
        } else {
            var terms = hits.map(\.term)
            terms.sort()
            var distinct: [Int32] = []
            for term in terms where distinct.last != term { distinct.append(term) }
            for rule in candidates(hitTerms: distinct) { evaluate(rule, &hits) }
        }
    }

    /// The term hits of the title and the body, unless no anchor word is in either: with none, no
    /// rule but those evaluated on every post can hold, and those read no term, so the scan's hits
    /// would change nothing (see `AnchorFilter`).
    private func scanTerms(title: NormalizedText?, body: FoldedText, bodyOffset: Int32, into hits: inout [TermHit]) {
        if let anchorFilter, !anchorFilter.mayHold(body), title?.withFolded(anchorFilter.mayHold) != true { return }
        if let title { automaton.scan(title, offset: 0, into: &hits) }
        automaton.scan(body, offset: bodyOffset, into: &hits)
    }

    struct Scanned {
        let title: NormalizedText
        let text: NormalizedText
        let context: MatchContext
        let textOffset: Int32
    }

    /// Folds and scans the mention; `text`, when given, is the caller's fold of `mention.text`.
    func scan(_ mention: Mention, text: NormalizedText? = nil) -> Scanned {
        let title = mention.title.map { NormalizedText($0) } ?? NormalizedText.empty
        let text = text ?? NormalizedText(mention.text)
        var hits: [TermHit] = []
        automaton.scan(title, offset: 0, into: &hits)
        let titleEnd = Int32(title.positionCount)
        let textOffset = titleEnd + titleGap
        automaton.scan(text, offset: textOffset, into: &hits)
        let context = MatchContext(
            hits: hits, titleEnd: titleEnd, mention: mention, needsHost: needsHost, needsAuthor: needsAuthor)
        return Scanned(title: title, text: text, context: context, textOffset: textOffset)
    }

    /// Rules with a term in the mention, plus the unconditional ones, ascending and distinct.
    func candidates(_ context: MatchContext) -> [Int] {
        candidates(hitTerms: context.hitTerms)
    }

    /// Rules with one of `hitTerms` (distinct) among their anchors, plus the unconditional ones,
    /// ascending and distinct.
    func candidates(hitTerms: [Int32]) -> [Int] {
        var found: [Int32] = unconditionalRules
        for term in hitTerms {
            found.append(contentsOf: termRules[Int(termRuleStart[Int(term)])..<Int(termRuleStart[Int(term) + 1])])
        }
        found.sort()
        var result: [Int] = []
        result.reserveCapacity(found.count)
        for rule in found where result.last != Int(rule) { result.append(Int(rule)) }
        return result
    }

    func matches(rule index: Int, _ context: MatchContext, mention: Mention) -> Bool {
        if let box = filters[index], !withUnsafePointer(to: mention, box.accepts) { return false }
        return context.matches(queries[index], in: MatchContext.everywhere)
    }
}

/// A rule's `where:` block held by reference (see `TopicMatcher.filters`), in memory of its own
/// so it is checked where it is (`MentionFilter.accepts(_:_:)`), never copied out.
///
/// `@unchecked Sendable` is safe: the filter is written once, in `init`, before the box can be
/// shared, and only read afterwards; `deinit` frees it when no reference (so no reader) is left.
final class FilterBox: @unchecked Sendable {
    let filter: UnsafeMutablePointer<MentionFilter>

    init(_ filter: MentionFilter) {
        self.filter = .allocate(capacity: 1)
        self.filter.initialize(to: filter)
    }

    deinit {
        filter.deinitialize(count: 1)
        filter.deallocate()
    }

    func accepts(_ mention: UnsafePointer<Mention>) -> Bool {
        MentionFilter.accepts(filter, mention)
    }
}

extension QueryExpression {
    /// True when a field filter on `field` appears anywhere in the query.
    func usesField(_ field: QueryField) -> Bool {
        switch kind {
        case .term, .phrase: false
        case .and(let operands), .or(let operands): operands.contains { $0.usesField(field) }
        case .not(let operand): operand.usesField(field)
        case .title(let operand): field == .title || operand.usesField(field)
        case .near(let left, let right, _, _): left.usesField(field) || right.usesField(field)
        case .field(let predicate): predicate.field == field
        }
    }
}
