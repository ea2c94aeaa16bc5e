import Foundation
import HarkCore
import HarkLearn
import Testing

/// `observe` makes one sample per mention for every rule and group that counts it, skips rules
/// whose bucket edge was already checked, and measures a group only when a decision reads the
/// measure. These tests pin that none of it changes an event or a saved state.
@Suite("Spike observation shares work across rules")
struct ObserveSharingTests {
    typealias F = SpikeFixture

    let perTopic = SpikeRule(
        name: "per-topic", selector: F.selector("topic:*"), window: .seconds(900), minCount: 4, minAuthors: 2)
    let quiet = SpikeRule(
        name: "connector-quiet", kind: .silence, selector: F.selector("connector:*"), window: .seconds(3600),
        baseline: .seconds(86_400), minExpected: 5)

    /// A day of steady traffic, an hour of nothing, then a burst on two topics at once, with a long
    /// non-ASCII text among them (samples keep texts, cut at 2,000 characters).
    func stream() -> [LabelledMention] {
        var mentions: [LabelledMention] = []
        for minute in stride(from: 0, to: 1440, by: 5) {
            mentions.append(F.mention(minutes: Double(minute), author: "r\(minute % 7)", topics: ["billing"]))
        }
        let long = String(repeating: "结账失败 ", count: 3000)
        for index in 0..<12 {
            mentions.append(
                F.mention(
                    minutes: 1560 + Double(index) * 0.5, text: index == 5 ? long : "card declined again",
                    author: "a\(index % 5)", sentiment: .negative, topics: ["billing", "refunds"]))
        }
        return mentions
    }

    @Test func aRuleSeesTheSameEventsWhateverOtherRulesCountTheMention() throws {
        var alone = SpikeDetector(rules: [perTopic])
        var shared = SpikeDetector(rules: [quiet, perTopic])
        let aloneEvents = F.run(&alone, stream()).map(\.json)
        let sharedEvents = F.run(&shared, stream())
        #expect(aloneEvents.count >= 2)
        #expect(sharedEvents.filter { $0.rule == "per-topic" }.map(\.json) == aloneEvents)
        #expect(sharedEvents.contains { $0.rule == "connector-quiet" && $0.status == .firing })
        #expect(sharedEvents.contains { $0.rule == "connector-quiet" && $0.status == .resolved })
        // The first mention of the burst both ends the quiet that the silence found on its way
        // and is the latest sample of that resolution.
        let resolved = try #require(sharedEvents.first { $0.rule == "connector-quiet" && $0.status == .resolved })
        #expect(resolved.samples.last?.mention.publishedAt == F.at(minutes: 1560))
        // The long text is kept cut, at 2,000 characters and an ellipsis, in every sample.
        #expect(sharedEvents.allSatisfy { $0.samples.allSatisfy { $0.mention.text.count <= 2001 } })
    }

    @Test func advancingToTheWatermarkBetweenMentionsChangesNothing() throws {
        var plain = SpikeDetector(rules: [quiet, perTopic])
        var ticked = SpikeDetector(rules: [quiet, perTopic])
        var plainEvents: [JSONValue] = []
        var tickedEvents: [JSONValue] = []
        for mention in stream() {
            plainEvents += plain.observe(mention).events.map(\.json)
            // The clock already at the mention's time: `observe` finds every bucket edge checked.
            tickedEvents += ticked.advance(to: mention.mention.publishedAt).map(\.json)
            tickedEvents += ticked.observe(mention).events.map(\.json)
        }
        #expect(!plainEvents.isEmpty)
        #expect(tickedEvents == plainEvents)
        #expect(ticked.snapshot == plain.snapshot)
    }

    @Test func anEmptyTextAndAnAuthorlessMentionAreCountedLikeAnyOther() throws {
        var detector = SpikeDetector(rules: [quiet, perTopic])
        let mentions = (0..<14).map { index in
            F.mention(minutes: Double(index), text: "", author: index.isMultiple(of: 2) ? nil : "x\(index)", topics: ["billing"])
        }
        let events = F.run(&detector, mentions)
        try #require(events.count == 1)
        #expect(events[0].rule == "per-topic")
        #expect(events[0].samples.count == 5)
        #expect(events[0].samples.allSatisfy { $0.mention.text.isEmpty })
    }
}
