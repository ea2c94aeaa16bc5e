import Foundation
public import HarkCore

/// The labels hark adds to a mention (SPEC "Mentions").
public struct Labels: Sendable, Hashable {
    /// Names of the topic rules that matched, in rule order.
    public var topics: [String]
    public var sentiment: Double
    public var sentimentLabel: SentimentLabel
    public var abusive: Bool
    public var demand: Bool
    /// The demand theme's id, for demand mentions.
    public var theme: String?

    public init(
        topics: [String] = [], sentiment: Double = 0, sentimentLabel: SentimentLabel = .neutral, abusive: Bool = false,
        demand: Bool = false, theme: String? = nil
    ) {
        self.topics = topics
        self.sentiment = sentiment
        self.sentimentLabel = sentimentLabel
        self.abusive = abusive
        self.demand = demand
        self.theme = theme
    }
}

/// Everything the learn side knows how to say about a mention, compiled once from the rules and
/// shared by every task: immutable, so classifying needs no locks.
public struct Classifier: Sendable {
    public let topics: TopicMatcher
    public let sentiment: SentimentAnalyzer
    /// Nil only where a caller builds a classifier without abuse rules (tests, tools).
    public let abuse: AbuseDetector?
    /// Nil when the rules turn demand detection off (`demand: { enabled: false }`).
    public let demand: DemandDetector?

    public init(
        topics: TopicMatcher, sentiment: SentimentAnalyzer, abuse: AbuseDetector? = nil, demand: DemandDetector? = nil
    ) {
        self.topics = topics
        self.sentiment = sentiment
        self.abuse = abuse
        self.demand = demand
    }

    /// The text sentiment reads: the title (a review's headline carries much of its feeling) and the body.
    public static func sentimentText(of mention: Mention) -> String {
        sentimentText(title: mention.title, text: mention.text)
    }

    /// `sentimentText(of:)` from the two fields it reads, so a batch reads them where the mention
    /// is rather than copying the whole mention for the call.
    static func sentimentText(title: String?, text: String) -> String {
        guard let title, !title.isEmpty else { return text }
        if text.isEmpty { return title }
        let last = title.unicodeScalars.last!
        let separator = CharacterSet.punctuationCharacters.contains(last) ? " " : ". "
        return title + separator + text
    }

    /// Labels one mention.
    public func labels(for mention: Mention) -> Labels {
        labelsAndDemand(for: mention).labels
    }

    /// Labels one mention and returns the demand found in it (what themes cluster), if any: a
    /// batch of one, so there is a single definition of how the labellers combine.
    public func labelsAndDemand(for mention: Mention) -> (labels: Labels, demand: DemandResult?) {
        labelsAndDemand(batch: [mention])[0]
    }

    /// Labels a batch of mentions, one labeller at a time over the whole batch (see `label(_:into:)`).
    public func labelsAndDemand(batch mentions: [Mention]) -> [(labels: Labels, demand: DemandResult?)] {
        var batch = BatchLabels()
        label(mentions, into: &batch)
        return mentions.indices.map { (batch.labels(at: $0, topics: topics), batch.demand(at: $0)) }
    }

    /// Labels a batch of mentions into `batch` (emptied first), one labeller at a time over the
    /// whole batch.
    ///
    /// Each labeller reads its own tables (the sentiment lexicon, the abuse triggers, the demand
    /// patterns, the topic automaton) at random for every word, and together they are larger than
    /// a core's cache: labelling mention by mention, each labeller found its tables evicted by the
    /// others. Over a batch, a labeller's tables stay in cache from one mention to the next, while
    /// the batch's texts are small enough to stay there too. The results are the same.
    ///
    /// The mentions are read in place (no copy of a mention), and results go into `batch`'s
    /// reused buffers as plain values.
    public func label(_ mentions: [Mention], into batch: inout BatchLabels) {
        batch.reset(capacity: mentions.count)
        mentions.withUnsafeBufferPointer { mentions in
            // Every text and its fold go into the batch's shared buffers (no allocation per text),
            // and the labellers read them in place, through views that hold no references: handed
            // strings and folds, each labeller's call retained and released them.
            for index in mentions.indices {
                if let title = mentions[index].title, !title.isEmpty {
                    batch.texts.append(Self.sentimentText(title: title, text: mentions[index].text))
                } else {
                    batch.texts.append(mentions[index].text)
                }
            }
            // Read from local constants while the loops write to `batch` (one retain per batch).
            let texts = batch.texts
            texts.withViews { texts in
                for index in mentions.indices { batch.folds.append(folding: texts[index]) }
            }
            let folds = batch.folds
            texts.withViews { texts in
                folds.withViews { folds in label(mentions, texts: texts, folds: folds, into: &batch) }
            }
        }
    }

    /// The labellers, one at a time over the batch, on texts and folds read in place.
    private func label(
        _ mentions: UnsafeBufferPointer<Mention>, texts: TextArena.Views, folds: FoldArena.Views,
        into batch: inout BatchLabels
    ) {
        for index in mentions.indices {
            let han = SentimentAnalyzer.hanReading(mentions[index].language)
            let feeling = sentiment.classify(texts[index], han: han, isASCII: folds[index].isSourceASCII)
            batch.entries.append(
                BatchLabels.Entry(score: feeling.score, label: feeling.label, abusive: false, topicEnd: 0))
        }
        if let abuse {
            for index in mentions.indices
            where abuse.isAbusive(
                texts[index], folded: folds[index], readsHan: AbuseDetector.readsHan(mentions[index].language))
            {
                batch.entries[index].abusive = true
            }
        }
        if let demand {
            let allSets = demand.patterns.sets
            for index in mentions.indices {
                let language = mentions[index].language
                let sets = language == nil ? allSets : demand.applicableSets(language)
                batch.demands.append(demand.detect(texts[index], folded: folds[index], sets: sets))
            }
        } else {
            for _ in mentions.indices { batch.demands.append(nil) }
        }
        guard let first = mentions.baseAddress else { return }
        for index in mentions.indices {
            // Sentiment, abuse and demand read the title and text together, topics the text apart;
            // without a title they are the same text, folded once for all four.
            let bodyFolded = mentions[index].title?.isEmpty ?? true ? folds[index] : nil
            // The matcher reads the mention through a pointer: passed by value, it was copied.
            topics.matchingRules(of: first + index, text: bodyFolded, hits: &batch.hits, into: &batch.topicRules)
            batch.entries[index].topicEnd = Int32(batch.topicRules.count)
        }
    }
}

/// A mention with its labels, in the JSON shape `hark replay` prints and alerts carry.
public struct LabelledMention: Sendable {
    public var mention: Mention
    public var labels: Labels

    public init(mention: Mention, labels: Labels) {
        self.mention = mention
        self.labels = labels
    }

    /// The mention's fields followed by `topics`, `sentiment`, `abusive`, `demand` and, for demand
    /// mentions, `theme`.
    public var json: JSONValue {
        guard case .object(var object) = mention.json else { return mention.json }
        object["topics"] = .array(labels.topics.map { .string($0) })
        object["sentiment"] = .object(
            JSONObject([
                (key: "score", value: .number((labels.sentiment * 10_000).rounded() / 10_000)),
                (key: "label", value: .string(labels.sentimentLabel.rawValue)),
            ]))
        object["abusive"] = .bool(labels.abusive)
        object["demand"] = .bool(labels.demand)
        if let theme = labels.theme { object["theme"] = .string(theme) }
        return .object(object)
    }

    /// Writes `json` without building it, byte for byte the same as `JSONWriter.string(json)`.
    public func writeJSON(to writer: inout JSONStreamWriter) {
        Self.writeJSON(mention: mention, labels: labels, to: &writer)
    }

    /// `writeJSON(to:)` for a mention and labels the caller holds apart, so writing a line needs no
    /// labelled mention (whose making copies the mention).
    public static func writeJSON(mention: borrowing Mention, labels: borrowing Labels, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        mention.writeJSONMembers(to: &writer)
        // The labels' keys and punctuation go in as fragments: one copy each, not a call per token.
        writer.fragment(#","topics":["#)
        for topic in labels.topics { writer.string(topic) }
        writeLabels(
            score: labels.sentiment, label: labels.sentimentLabel, abusive: labels.abusive, demand: labels.demand,
            theme: labels.theme, to: &writer)
    }

    /// `writeJSON(to:)` for mention `index` of a batch labelled by `Classifier.label(_:into:)`,
    /// whose topic matcher is `topics`: the same bytes as writing `batch.labels(at:topics:)`, with
    /// no `Labels` made. (A batch's labels have no theme: themes come later, from the ordered half.)
    public static func writeJSON(
        mention: Mention, batch: borrowing BatchLabels, at index: Int, topics: TopicMatcher,
        to writer: inout JSONStreamWriter
    ) {
        withUnsafePointer(to: mention) { writeJSON(mention: $0, batch: batch, at: index, topics: topics, to: &writer) }
    }

    /// `writeJSON(mention:batch:at:topics:to:)` reading the mention through a pointer into the
    /// caller's batch: passed by value from there, it was copied for every line.
    public static func writeJSON(
        mention: UnsafePointer<Mention>, batch: borrowing BatchLabels, at index: Int, topics: TopicMatcher,
        to writer: inout JSONStreamWriter
    ) {
        writer.beginObject()
        Mention.writeJSONMembers(of: mention, to: &writer)
        writer.fragment(#","topics":["#)
        for rule in batch.topicRules(at: index) { writer.string(topics.rules[Int(rule)].name) }
        let entry = batch.entries[index]
        writeLabels(
            score: entry.score, label: entry.label, abusive: entry.abusive, demand: batch.hasDemand(at: index),
            theme: nil, to: &writer)
    }

    /// Everything after the topics' names: the end of `topics`, the other labels, the end of the object.
    @inline(__always)
    private static func writeLabels(
        score: Double, label: SentimentLabel, abusive: Bool, demand: Bool, theme: String?,
        to writer: inout JSONStreamWriter
    ) {
        writer.fragment(#"],"sentiment":{"score":"#)
        writer.number((score * 10_000).rounded() / 10_000)
        switch label {
        case .positive: writer.fragment(#","label":"positive"}"#)
        case .neutral: writer.fragment(#","label":"neutral"}"#)
        case .negative: writer.fragment(#","label":"negative"}"#)
        }
        writer.fragment(abusive ? #","abusive":true"# : #","abusive":false"#)
        writer.fragment(demand ? #","demand":true"# : #","demand":false"#)
        if let theme {
            writer.fragment(#","theme":"#)
            writer.string(theme)
        }
        writer.endObject()
    }
}
