import Foundation
import HarkCore
import HarkLearn
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
