/// The labels of one batch of mentions, held as plain values that a caller reuses from batch to batch.
///
/// `hark replay` labels hundreds of thousands of mentions and writes most of them straight out.
/// Building a `Labels` per mention (an array of topic names, each retained) and passing tuples of
/// labels and demands through arrays cost reference counting and copies on every mention, for
/// labels that were only ever written once. Here each mention's results are a trivial value, its
/// topics are rule indexes in one shared array, and a `Labels` is made only for the mentions a
/// caller asks one for (`labels(at:topics:)`). The buffers keep their memory between batches.
public struct BatchLabels: Sendable {
    /// What one mention got, apart from its demand: no references, so storing and reading it costs nothing.
    struct Entry: Sendable {
        var score: Double
        var label: SentimentLabel
        var abusive: Bool
        /// Where the mention's topic rules end in `topicRules`; they start where the previous mention's end.
        var topicEnd: Int32
    }

    var entries: [Entry] = []
    /// The topic rule indexes of every mention of the batch, in mention order, each mention's ascending.
    var topicRules: [Int32] = []
    var demands: [DemandResult?] = []

    // Scratch the labellers share while the batch is labelled; emptied (keeping memory) by `reset`.
    /// The texts sentiment, abuse and demand read (`Classifier.sentimentText(of:)`).
    var texts = TextArena()
    /// `texts`, folded once for every labeller.
    var folds = FoldArena()
    var hits: [TermHit] = []

    /// An empty batch; `Classifier.label(_:into:)` fills it.
    public init() {}

    /// How many mentions the batch holds labels for.
    public var count: Int { entries.count }

    /// Forgets the last batch, keeping the memory for the next.
    mutating func reset(capacity: Int) {
        entries.removeAll(keepingCapacity: true)
        topicRules.removeAll(keepingCapacity: true)
        demands.removeAll(keepingCapacity: true)
        texts.removeAll()
        folds.removeAll()
        entries.reserveCapacity(capacity)
        demands.reserveCapacity(capacity)
    }

    /// Mention `index`'s sentiment score (unrounded) and label.
    public func sentiment(at index: Int) -> (score: Double, label: SentimentLabel) {
        (entries[index].score, entries[index].label)
    }

    /// Whether mention `index` is abusive.
    public func isAbusive(at index: Int) -> Bool { entries[index].abusive }

    /// Whether a demand was found in mention `index`, without copying it.
    public func hasDemand(at index: Int) -> Bool {
        if case .some = demands[index] { return true }
        return false
    }

    /// The demand found in mention `index`, if any.
    public func demand(at index: Int) -> DemandResult? { demands[index] }

    /// The indexes (into `TopicMatcher.rules`) of the topic rules mention `index` matched, ascending.
    public func topicRules(at index: Int) -> ArraySlice<Int32> {
        let start = index == 0 ? 0 : Int(entries[index - 1].topicEnd)
        return topicRules[start..<Int(entries[index].topicEnd)]
    }

    /// Mention `index`'s labels as one value, topics named by `topics` (the matcher that labelled it).
    public func labels(at index: Int, topics: TopicMatcher) -> Labels {
        let entry = entries[index]
        return Labels(
            topics: topicRules(at: index).map { topics.rules[Int($0)].name }, sentiment: entry.score,
            sentimentLabel: entry.label, abusive: entry.abusive, demand: hasDemand(at: index))
    }
}
