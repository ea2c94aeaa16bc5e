import Foundation
import HarkCore
import HarkLearn
@testable import HarkRespond

/// Builders for the alerts and times the tests use.
enum Fixtures {
    /// A fixed instant, so expected times read as offsets from it.
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func mention(
        _ id: String, connector: String = "appstore", source: SourceKind = .appstore, topics: [String] = [],
        sentiment: SentimentLabel = .neutral, abusive: Bool = false, demand: Bool = false, language: String? = "en",
        tags: [String] = [], text: String = "text"
    ) -> LabelledMention {
        LabelledMention(
            mention: Mention(
                id: id, connector: connector, source: source, url: "https://example.com/\(id)", author: "someone",
                text: text, publishedAt: t0, language: language, tags: tags),
            labels: Labels(
                topics: topics, sentiment: sentiment == .negative ? -0.6 : sentiment == .positive ? 0.6 : 0,
                sentimentLabel: sentiment, abusive: abusive, demand: demand))
    }

    static func alert(
        _ id: String, connector: String = "appstore", topics: [String] = [], sentiment: SentimentLabel = .neutral,
        abusive: Bool = false, at seconds: Double = 0
    ) -> Alert {
        Alert.mention(
            mention(id, connector: connector, topics: topics, sentiment: sentiment, abusive: abusive), firedAt: at(seconds))
    }

    static func spike(_ name: String, topic: String, at seconds: Double = 0, endsAfter: Double? = nil) -> Alert {
        var labels = AlertLabels()
        labels[.spike] = name
        labels[.topic] = topic
        return Alert(
            kind: .spike, key: "\(name)@\(seconds)", labels: labels, firedAt: at(seconds),
            endsAt: endsAfter.map { at(seconds + $0) },
            spike: ["selector": .string("topic:\(topic)"), "window": "15m", "count": 12])
    }

    static func tree(_ yaml: String) throws -> RouteTree {
        try RouteTree.parse(TestYAML.parse(yaml))
    }

    /// The error messages `yaml` gives, as `FILE:LINE:COL: message`.
    static func routeErrors(_ yaml: String) -> [String] {
        RouteTree.parseAll(TestYAML.parse(yaml)).errors.map(\.description)
    }
}
