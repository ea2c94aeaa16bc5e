import Foundation
import HarkCore
@testable import HarkLearn
import Testing

@Suite struct ClassifierTests {
    @Test func streamedLabelledJSONMatchesTheJSONValue() {
        let mention = Mention(
            id: "1", connector: "c", source: .reddit, title: "Billing", text: "charged twice \"again\"",
            publishedAt: Date(timeIntervalSince1970: 1_795_363_836), rating: 2, meta: ["sub": "x"])
        let cases = [
            Labels(),
            Labels(topics: ["billing", "pricing"], sentiment: -0.123456, sentimentLabel: .negative),
            Labels(topics: ["a"], sentiment: 0.99995, sentimentLabel: .positive, abusive: true, demand: true, theme: "t-1"),
        ]
        for labels in cases {
            let labelled = LabelledMention(mention: mention, labels: labels)
            var writer = JSONStreamWriter()
            labelled.writeJSON(to: &writer)
            #expect(writer.string == JSONWriter.string(labelled.json))
        }
    }
}

@Suite struct ClassifierBatchTests {
    /// A classifier with the shipped lexicons, abuse and demand rules, and a few topics.
    static let classifier = Classifier(
        topics: TopicMatcher(rules: [
            try! TopicRule(name: "billing", query: "(charge* OR refund*) AND NOT \"refund policy\""),
            try! TopicRule(name: "app", query: "app NEAR/3 (crash* OR broken)"),
            try! TopicRule(name: "reviews", query: "rating:<=2"),
        ]),
        sentiment: SentimentFixture.analyzer, abuse: AbuseFixture.detector, demand: DemandFixture.detector)

    /// Labelling a batch one labeller at a time gives what labelling each mention alone gives,
    /// whatever the mix of titles, languages, ratings, demands and abuse in the batch.
    @Test func batchGivesTheSameLabelsAsOneByOne() {
        let texts = [
            "I was charged twice and want a refund", "The app keeps crashing, broken again!!",
            "Please add dark mode, I would love that", "you are an absolute moron", "",
            "退款还没到账，太慢了", "Great service :) thanks", "I wish you could export to CSV",
            "NOT happy. At all.", "refund policy is clear", "💩💩💩",
        ]
        var mentions: [Mention] = []
        for (index, text) in (texts + texts.reversed()).enumerated() {
            mentions.append(
                Mention(
                    id: "\(index)", connector: "c", source: index % 3 == 0 ? .appstore : .reddit,
                    title: index % 4 == 0 ? "Title \(index)" : nil, text: text,
                    publishedAt: Date(timeIntervalSince1970: 1_795_363_836), language: index % 5 == 0 ? "en" : nil,
                    rating: index % 2 == 0 ? index % 5 + 1 : nil))
        }
        let batch = Self.classifier.labelsAndDemand(batch: mentions)
        #expect(batch.count == mentions.count)
        for (mention, result) in zip(mentions, batch) {
            let alone = Self.classifier.labelsAndDemand(for: mention)
            #expect(result.labels == alone.labels, "mention \(mention.id)")
            #expect(result.demand == alone.demand, "mention \(mention.id)")
        }
        // The fixture is not trivial: some labels of each kind occur.
        #expect(batch.contains { !$0.labels.topics.isEmpty })
        #expect(batch.contains { $0.labels.demand })
        #expect(batch.contains { $0.labels.abusive })
    }

    /// A batch, read from shared buffers, gives what each labeller's own reading of the mention
    /// gives (strings and folds made for it alone): texts that are disguised, stretched, composed
    /// only canonically, Chinese, Japanese with a tag, empty, or long enough to grow the buffers.
    @Test func batchMatchesEachLabellersOwnReading() throws {
        let texts = [
            "you f***ing idi0t", "sooo stuuupid, you moron", "cafe\u{301} was GREAT!!! :)", "死ね、バカ",
            "你这个傻逼，退款还没到账", "", "Please add an export to CSV, I would pay for it",
            String(repeating: "refund now ", count: 900), "No charge, no refund. #fail @CineClub",
        ]
        var mentions: [Mention] = []
        for (index, text) in texts.enumerated() {
            mentions.append(
                Mention(
                    id: "\(index)", connector: "c", source: .reddit, title: index == 2 ? "Cinema review" : nil,
                    text: text, publishedAt: Date(timeIntervalSince1970: 1_795_363_836),
                    language: index == 3 ? "ja" : nil))
        }
        var batch = BatchLabels()
        Self.classifier.label(mentions, into: &batch)
        let abuse = try #require(Self.classifier.abuse)
        let demand = try #require(Self.classifier.demand)
        for (index, mention) in mentions.enumerated() {
            let text = Classifier.sentimentText(of: mention)
            let feeling = Self.classifier.sentiment.classify(text, language: mention.language)
            #expect(batch.sentiment(at: index).score == feeling.score, "\(index)")
            #expect(batch.isAbusive(at: index) == abuse.isAbusive(text, language: mention.language), "\(index)")
            #expect(batch.demand(at: index) == demand.detect(text, language: mention.language), "\(index)")
            #expect(
                batch.labels(at: index, topics: Self.classifier.topics).topics
                    == Self.classifier.topics.topics(for: mention), "\(index)")
        }
        #expect((0..<mentions.count).contains { batch.isAbusive(at: $0) })
        #expect((0..<mentions.count).contains { batch.hasDemand(at: $0) })
    }

    /// Labels kept as batch values (what `hark replay` writes from) are the labels of each mention,
    /// and a line written from them is the line written from those labels, byte for byte; reusing
    /// the buffers for a second, smaller batch leaves nothing of the first behind.
    @Test func batchValuesWriteTheSameLinesAsLabels() {
        let texts = [
            "I was charged twice and want a refund", "Please add dark mode, I would love that",
            "you are an absolute moron", "", "The app keeps crashing, broken again!!", "meh",
            "退款还没到账，太慢了 \"quoted\" \u{1}",
        ]
        let mentions = texts.enumerated().map { index, text in
            Mention(
                id: "m\(index)", connector: "c", source: index % 2 == 0 ? .appstore : .reddit,
                title: index % 3 == 0 ? "Refund please" : nil, text: text,
                publishedAt: Date(timeIntervalSince1970: 1_795_363_836), rating: index % 2 == 0 ? 1 : nil)
        }
        var batch = BatchLabels()
        for count in [mentions.count, 3] {
            let part = Array(mentions.prefix(count))
            Self.classifier.label(part, into: &batch)
            #expect(batch.count == count)
            for (index, mention) in part.enumerated() {
                let alone = Self.classifier.labelsAndDemand(for: mention)
                let labels = batch.labels(at: index, topics: Self.classifier.topics)
                #expect(labels == alone.labels, "mention \(mention.id)")
                #expect(batch.demand(at: index) == alone.demand)
                #expect(batch.hasDemand(at: index) == (alone.demand != nil))
                #expect(batch.topicRules(at: index).map { Self.classifier.topics.rules[Int($0)].name } == labels.topics)
                var fromBatch = JSONStreamWriter()
                LabelledMention.writeJSON(
                    mention: mention, batch: batch, at: index, topics: Self.classifier.topics, to: &fromBatch)
                var fromLabels = JSONStreamWriter()
                LabelledMention.writeJSON(mention: mention, labels: labels, to: &fromLabels)
                #expect(fromBatch.string == fromLabels.string)
                #expect(fromBatch.string == JSONWriter.string(LabelledMention(mention: mention, labels: labels).json))
            }
        }
    }
}
