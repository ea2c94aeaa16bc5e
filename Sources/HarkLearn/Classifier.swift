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
        guard let title = mention.title, !title.isEmpty else { return mention.text }
        if mention.text.isEmpty { return title }
        let last = title.unicodeScalars.last!
        let separator = CharacterSet.punctuationCharacters.contains(last) ? " " : ". "
        return title + separator + mention.text
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

    /// Labels a batch of mentions, one labeller at a time over the whole batch.
    ///
    /// Each labeller reads its own tables (the sentiment lexicon, the abuse triggers, the demand
    /// patterns, the topic automaton) at random for every word, and together they are larger than
    /// a core's cache: labelling mention by mention, each labeller found its tables evicted by the
    /// others. Over a batch, a labeller's tables stay in cache from one mention to the next, while
    /// the batch's texts are small enough to stay there too. The results are the same.
    public func labelsAndDemand(batch mentions: [Mention]) -> [(labels: Labels, demand: DemandResult?)] {
        let texts = mentions.map(Self.sentimentText(of:))
        let folded = texts.map(NormalizedText.init)
        let feelings = mentions.indices.map { sentiment.classify(texts[$0], language: mentions[$0].language) }
        let abusive = mentions.indices.map {
            abuse?.isAbusive(texts[$0], normalized: folded[$0], language: mentions[$0].language) ?? false
        }
        let found = mentions.indices.map {
            demand?.detect(texts[$0], normalized: folded[$0], language: mentions[$0].language)
        }
        var hits: [TermHit] = []
        hits.reserveCapacity(64)
        return mentions.indices.map { index in
            let mention = mentions[index]
            // Sentiment, abuse and demand read the title and text together, topics the text apart;
            // without a title they are the same text, folded once for all four.
            let bodyFolded = mention.title?.isEmpty ?? true ? folded[index] : nil
            let topicNames = topics.matchingRules(for: mention, text: bodyFolded, hits: &hits).map {
                topics.rules[$0].name
            }
            let labels = Labels(
                topics: topicNames, sentiment: feelings[index].score, sentimentLabel: feelings[index].label,
                abusive: abusive[index], demand: found[index] != nil)
            return (labels, found[index])
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
        writer.fragment(#"],"sentiment":{"score":"#)
        writer.number((labels.sentiment * 10_000).rounded() / 10_000)
        writer.fragment(#","label":"#)
        writer.string(labels.sentimentLabel.rawValue)
        writer.fragment(labels.abusive ? #"},"abusive":true"# : #"},"abusive":false"#)
        writer.fragment(labels.demand ? #","demand":true"# : #","demand":false"#)
        if let theme = labels.theme {
            writer.fragment(#","theme":"#)
            writer.string(theme)
        }
        writer.endObject()
    }
}
