import Foundation
import HarkCore
import HarkLearn

/// Builders for synthetic event-time streams: mentions at minute offsets from a fixed start.
enum SpikeFixture {
    /// A Monday, on the hour, so bucket edges fall on round minutes.
    static let start = Date(timeIntervalSince1970: 1_767_571_200)  // 2026-01-05T00:00:00Z

    static func at(minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    static func mention(
        minutes: Double, text: String = "the app works", author: String? = "someone", connector: String = "reviews",
        sentiment: SentimentLabel = .neutral, topics: [String] = [], theme: String? = nil, id: String? = nil
    ) -> LabelledMention {
        LabelledMention(
            mention: Mention(
                id: id ?? "m-\(connector)-\(minutes)-\(author ?? "anon")",
                connector: connector, source: .appstore, author: author,
                text: text, publishedAt: at(minutes: minutes), language: "en"),
            labels: Labels(
                topics: topics, sentiment: sentiment == .negative ? -0.6 : 0, sentimentLabel: sentiment,
                demand: theme != nil, theme: theme))
    }

    static func selector(_ text: String) -> MentionSelector {
        try! MentionSelector(text)
    }

    /// Feeds every mention, returning every event.
    static func run(_ detector: inout SpikeDetector, _ mentions: [LabelledMention]) -> [SpikeEvent] {
        mentions.flatMap { detector.observe($0).events }
    }
}
