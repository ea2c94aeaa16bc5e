import ArgumentParser
import Foundation
import HarkCore
import HarkLearn
import HarkPipeline
import HarkRespond
import HarkRules

/// `hark try TEXT`: classify one text with the current rules and say why.
struct TryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Classify one text with the current rules and explain why.",
        discussion: """
            Shows the topics that matched with the clause and the words that matched it, the sentiment \
            with the words that moved the score and by how much, and the other labels. Mention fields \
            (--title, --source, --rating, …) let field filters and where: blocks apply.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @Argument(help: "The text to classify.") var text: String
    @Option(help: "The mention's title.") var title: String?
    @Option(help: "The source kind (rss, appstore, reddit, …).") var source: String = "try"
    @Option(help: "The connector name.") var connector: String = "try"
    @Option(help: "The author.") var author: String?
    @Option(help: "The permalink.") var url: String?
    @Option(help: "The language tag (en, zh, …).") var language: String?
    @Option(help: "Review stars, 1–5.") var rating: Int?
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let (ruleSet, classifier) = try loadClassifier(configOptions)
        let mention = Mention(
            id: "try", connector: connector, source: SourceKind(source), url: url, author: author, title: title,
            text: PlainText.collapseWhitespace(text), publishedAt: Date(), language: language, rating: rating)
        let (labels, demand) = classifier.labelsAndDemand(for: mention)
        let topics = classifier.topics.explain(mention)
        let feeling = classifier.sentiment.analyze(Classifier.sentimentText(of: mention), language: mention.language)
        if json {
            let labelled = LabelledMention(mention: mention, labels: labels)
            var value = explanationJSON(labelled, topics, feeling, demand)
            if let outcome = ruleSet.explainRoute(labelled), case .object(var object) = value {
                object["route"] = .array(outcome.routes.map { .string($0.receiver) })
                value = .object(object)
            }
            print(JSONWriter.string(value))
            return
        }
        print("topics:    \(labels.topics.isEmpty ? "(none)" : labels.topics.joined(separator: ", "))")
        for match in topics {
            for clause in match.clauses {
                let words = clause.words.map { "\"\($0.text)\" (\($0.field.rawValue))" }.joined(separator: ", ")
                print("  \(match.topic): \(clause.text)  [\(clause.position)]  matched \(words)")
            }
        }
        print("sentiment: \(labels.sentimentLabel) (\(String(format: "%+.4f", labels.sentiment)))")
        for contribution in feeling.contributions { print("  \(contribution)") }
        if feeling.punctuationEmphasis != 0 {
            print("  punctuation emphasis \(String(format: "%+.3f", feeling.punctuationEmphasis))")
        }
        print("abusive:   \(labels.abusive ? "yes" : "no")")
        if let abuse = classifier.abuse {
            let result = abuse.analyze(Classifier.sentimentText(of: mention), language: mention.language)
            if !result.matches.isEmpty {
                print("  score \(String(format: "%.2f", result.score)) (threshold \(abuse.settings.threshold))")
                for match in result.matches { print("  \(match)") }
            }
        }
        print("demand:    \(labels.demand ? "yes" : "no")")
        if let outcome = ruleSet.explainRoute(LabelledMention(mention: mention, labels: labels)) {
            print("route:     \(Self.describe(outcome))")
            for route in outcome.routes { print("  \(route)") }
        }
        if let found = demand {
            print("  pattern \"\(found.pattern)\" (\(found.language)) asks for \"\(found.request)\"")
        }
    }

    /// The receivers and what becomes of the alert, in a few words.
    static func describe(_ outcome: AlertOutcome) -> String {
        let receivers = outcome.routes.map(\.receiver).joined(separator: ", ")
        switch outcome.disposition {
        case .silenced(let silence): return "\(receivers) (silenced: \(silence))"
        case .inhibited: return "\(receivers) (inhibited)"
        case .grouped: return receivers
        }
    }

    private func explanationJSON(
        _ labelled: LabelledMention, _ topics: [TopicMatch], _ feeling: SentimentResult, _ demand: DemandResult?
    ) -> JSONValue {
        guard case .object(var object) = labelled.json else { return labelled.json }
        let topicExplanations: [JSONValue] = topics.map { match in
            .object(
                JSONObject([
                    (key: "topic", value: .string(match.topic)),
                    (
                        key: "clauses",
                        value: .array(
                            match.clauses.map { clause in
                                .object(
                                    JSONObject([
                                        (key: "clause", value: .string(clause.text)),
                                        (key: "at", value: .string(clause.position.description)),
                                        (key: "words", value: .array(clause.words.map { .string($0.text) })),
                                    ]))
                            })
                    ),
                ]))
        }
        let contributions: [JSONValue] = feeling.contributions.map { contribution in
            .object(
                JSONObject([
                    (key: "word", value: .string(contribution.text)),
                    (key: "base", value: .number(contribution.base)),
                    (key: "valence", value: .number((contribution.valence * 1000).rounded() / 1000)),
                    (key: "modifiers", value: .array(contribution.modifiers.map { .string($0.description) })),
                ]))
        }
        var explanation = JSONObject([
            (key: "topics", value: .array(topicExplanations)),
            (key: "sentiment", value: .array(contributions)),
        ])
        if let found = demand {
            explanation["demand"] = .object(
                JSONObject([
                    (key: "pattern", value: .string(found.pattern)),
                    (key: "language", value: .string(found.language)),
                    (key: "request", value: .string(found.request)),
                ]))
        }
        object["explanation"] = .object(explanation)
        return .object(object)
    }
}
