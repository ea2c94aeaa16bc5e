import Foundation
import HarkCore

/// A labelled mention kept as evidence for an alert, in a form that can be saved with the detector.
///
/// `Mention` and `Labels` are not `Codable` (their JSON form is hand-written for the wire), so the
/// detector keeps its few samples per group in this plain mirror; it round-trips every field, except
/// that a text longer than `textLimit` characters is cut there (with `…`): a sample is evidence, and
/// a 1 MB post kept five times in ten thousand groups would not be a bounded detector.
struct SpikeSample: Codable, Hashable, Sendable {
    static let textLimit = 2000

    /// The event time the detector used for it, in milliseconds.
    var time: Int64
    var id: String
    var connector: String
    var source: String
    var url: String?
    var author: String?
    var title: String?
    var text: String
    var publishedAt: Date
    var language: String?
    var rating: Int?
    var tags: [String]
    var meta: [String: String]
    var topics: [String]
    var sentiment: Double
    var sentimentLabel: String
    var abusive: Bool
    var demand: Bool
    var theme: String?

    init(_ labelled: LabelledMention, time: Int64) {
        let mention = labelled.mention
        let labels = labelled.labels
        self.time = time
        id = mention.id
        connector = mention.connector
        source = mention.source.rawValue
        url = mention.url
        author = mention.author
        title = mention.title
        text = mention.text.utf8.count > Self.textLimit && mention.text.count > Self.textLimit
            ? String(mention.text.prefix(Self.textLimit)) + "…" : mention.text
        publishedAt = mention.publishedAt
        language = mention.language
        rating = mention.rating
        tags = mention.tags
        meta = mention.meta
        topics = labels.topics
        sentiment = labels.sentiment
        sentimentLabel = labels.sentimentLabel.rawValue
        abusive = labels.abusive
        demand = labels.demand
        theme = labels.theme
    }

    var labelled: LabelledMention {
        LabelledMention(
            mention: Mention(
                id: id, connector: connector, source: SourceKind(source), url: url, author: author, title: title,
                text: text, publishedAt: publishedAt, language: language, rating: rating, tags: tags, meta: meta),
            labels: Labels(
                topics: topics, sentiment: sentiment, sentimentLabel: SentimentLabel(rawValue: sentimentLabel) ?? .neutral,
                abusive: abusive, demand: demand, theme: theme))
    }
}
