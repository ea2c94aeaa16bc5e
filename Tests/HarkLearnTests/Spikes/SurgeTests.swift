import Foundation
import HarkCore
import HarkLearn
import Testing

@Suite("Spike surges on event time")
struct SurgeTests {
    typealias F = SpikeFixture

    func negativeSurge(minCount: Int = 8, factor: Double = 4, minAuthors: Int = 3, cooldown: Duration? = nil)
        -> SpikeRule
    {
        SpikeRule(
            name: "negative-surge", selector: F.selector("sentiment:negative"), window: .seconds(1800),
            baseline: .seconds(7 * 86_400), minCount: minCount, factor: factor, minAuthors: minAuthors,
            cooldown: cooldown)
    }

    /// Two days of one negative mention every ten minutes (three per window), by distinct authors.
    func quietBaseline() -> [LabelledMention] {
        (0..<288).map { index in
            F.mention(
                minutes: Double(index * 10), text: "the app is slow today, support never answers",
                author: "regular\(index)", sentiment: .negative)
        }
    }

    /// Twenty negative mentions half a minute apart from minute 2880 on, by twelve authors.
    func burst(from minute: Double = 2880, count: Int = 20, authors: Int = 12) -> [LabelledMention] {
        (0..<count).map { index in
            F.mention(
                minutes: minute + Double(index) * 0.5,
                text: index.isMultiple(of: 2)
                    ? "Check-in broken after the update, card declined" : "card declined at check-in since the update, broken",
                author: "angry\(index % authors)", sentiment: .negative)
        }
    }

    @Test func aBurstAfterAQuietBaselineFiresOnceWithItsEvidence() throws {
        var detector = SpikeDetector(rules: [negativeSurge()])
        #expect(F.run(&detector, quietBaseline()).isEmpty, "steady traffic is normal")
        let events = F.run(&detector, burst())
        try #require(events.count == 1)
        let event = events[0]
        // Window at the firing mention: the two regulars of minutes 2860 and 2870, plus the burst.
        // The window is the 30 minute buckets 2856…2885. Baseline: the 286 mentions over the 2856
        // minutes before it, 3.004 per 30 minutes; the threshold is 4 × 3.004 = 12.02, so the 13th
        // mention in the window fires.
        #expect(event.status == .firing)
        #expect(event.count == 13)
        #expect(event.baselineCount == 286)
        #expect(abs(event.baseline - 286.0 * 30 / 2856) < 1e-9)
        #expect(abs(event.ratio - 13 / event.baseline) < 1e-9)
        #expect(event.authors == 13)
        #expect(event.coldStart == false)
        #expect(event.topTerms == ["broken", "card", "check", "declined", "update"])
        #expect(event.samples.count == 5)
        #expect(event.samples.last?.mention.author == "angry10")
        #expect(event.firedAt == F.at(minutes: 2885))
        #expect(event.windowStart == F.at(minutes: 2885 - 29))
        #expect(event.key == "negative-surge@2026-01-06T23:36:00Z")
        #expect(event.value == nil)
        #expect(event.labels.map { "\($0.key)=\($0.value)" } == [
            "kind=spike", "spike=negative-surge", "spike_kind=surge", "status=firing", "sentiment=negative",
        ])

        let json = event.json
        #expect(json["selector"] == .string("sentiment:negative"))
        #expect(json["window"] == .string("30m"))
        #expect(json["count"] == .number(13))
        #expect(json["baseline"] == .number(3))
        #expect(json["ratio"] == .number(4.33))
        #expect(json["authors"] == .number(13))
        #expect(json["top_terms"]?.arrayValue?.count == 5)
        #expect(json["samples"]?.arrayValue?.first?["sentiment"]?["label"] == .string("negative"))
        #expect(json["fired_at"] == .string("2026-01-07T00:05:00Z"))
        #expect(json["window_start"] == .string("2026-01-06T23:36:00Z"))
        #expect(json["value"] == nil)
    }

    @Test func theSurgeResolvesWhenTheWindowEmpties() throws {
        var detector = SpikeDetector(rules: [negativeSurge()])
        _ = F.run(&detector, quietBaseline() + burst())
        let resolved = detector.advance(to: F.at(minutes: 3000))
        try #require(resolved.count == 1)
        #expect(resolved[0].status == .resolved)
        #expect(resolved[0].key == "negative-surge@2026-01-06T23:36:00Z", "the firing alert's key")
        // Judged at the first minute edge where fewer than half of what firing takes remain: at 2916
        // the window (2887…2916) holds the burst's last 6; the baseline now holds 302 mentions over
        // 2887 minutes, so firing would take 4 × 3.14 = 12.55 and 6 is under half of it.
        #expect(resolved[0].count == 6)
        #expect(resolved[0].firedAt == F.at(minutes: 2916))
        #expect(detector.advance(to: F.at(minutes: 4000)).isEmpty)
    }

    @Test func aColdStartTakesMinCountAsNormal() throws {
        var detector = SpikeDetector(rules: [negativeSurge(minCount: 3, factor: 4, minAuthors: 1)])
        // No history: the floor expects min_count (3) per window, so 4 × 3 = 12 mentions are needed.
        let events = F.run(&detector, burst(from: 0, count: 14))
        try #require(events.count == 1)
        #expect(events[0].count == 12)
        #expect(events[0].coldStart)
        #expect(events[0].baseline == 3)
        #expect(events[0].json["cold_start"] == .bool(true))
    }

    /// Two days of mentions the rule does not select: the detector has history, the rule's is empty.
    func unrelatedHistory() -> [LabelledMention] {
        (0..<288).map { F.mention(minutes: Double($0 * 10), author: "fan\($0)") }
    }

    @Test func minCountBlocksSmallBursts() throws {
        var detector = SpikeDetector(rules: [negativeSurge(minCount: 8, factor: 4, minAuthors: 1)])
        _ = F.run(&detector, unrelatedHistory())
        // Nothing negative before: the expectation is min_baseline (1), so max(8, 4 × 1) = 8 are needed.
        #expect(F.run(&detector, burst(count: 7)).isEmpty)
        let events = F.run(&detector, burst(from: 2884, count: 1))
        try #require(events.count == 1)
        #expect(events[0].count == 8)
        #expect(events[0].baselineCount == 0)
        #expect(events[0].baseline == 1)
        #expect(events[0].ratio == 8)
        #expect(events[0].coldStart == false)
    }

    @Test func oneAuthorFloodingDoesNotFire() throws {
        var detector = SpikeDetector(rules: [negativeSurge(minAuthors: 3)])
        _ = F.run(&detector, unrelatedHistory())
        #expect(F.run(&detector, burst(count: 30, authors: 1)).isEmpty)
        #expect(F.run(&detector, burst(from: 2896, count: 1, authors: 1).map { mention in
            var other = mention
            other.mention.author = "second"
            return other
        }).isEmpty, "two authors are still fewer than three")
        let third = F.mention(minutes: 2896.5, author: "third", sentiment: .negative)
        let events = detector.observe(third).events
        try #require(events.count == 1)
        #expect(events[0].authors == 3)
        #expect(events[0].count == 32)
    }

    @Test func theCooldownKeepsASecondBurstQuiet() throws {
        var detector = SpikeDetector(rules: [negativeSurge(minAuthors: 1, cooldown: .seconds(4 * 3600))])
        _ = F.run(&detector, unrelatedHistory())
        #expect(F.run(&detector, burst()).count == 1)
        #expect(detector.advance(to: F.at(minutes: 3000)).map(\.status) == [.resolved])
        // Two hours after the first alert: resolved, but still cooling down.
        #expect(F.run(&detector, burst(from: 3000)).isEmpty)
        #expect(detector.advance(to: F.at(minutes: 3100)).isEmpty, "nothing was open")
        // Five hours after: a new alert, with a new key.
        let again = F.run(&detector, burst(from: 3180))
        try #require(again.count == 1)
        #expect(again[0].key != "negative-surge@2026-01-06T23:36:00Z")
        #expect(again[0].firedAt > F.at(minutes: 3180))
    }

    @Test func wildcardThemesKeepOneStateEach() throws {
        let rule = SpikeRule(
            name: "theme-surge", selector: F.selector("theme:*"), window: .seconds(3600), baseline: .seconds(86_400),
            minCount: 5, factor: 3)
        var detector = SpikeDetector(rules: [rule])
        // A day of theme a every 30 minutes and theme b every 20 minutes.
        var history: [LabelledMention] = []
        for minute in stride(from: 0, to: 1440, by: 10) {
            if minute % 30 == 0 { history.append(F.mention(minutes: Double(minute), author: "a\(minute)", theme: "a")) }
            if minute % 20 == 0 { history.append(F.mention(minutes: Double(minute), author: "b\(minute)", theme: "b")) }
        }
        #expect(F.run(&detector, history).isEmpty)
        #expect(detector.groupCount(ofRule: 0) == 2)
        // Theme b surges: 15 mentions in 15 minutes; a goes on as before.
        var stream: [LabelledMention] = []
        for minute in 1440..<1455 {
            stream.append(F.mention(minutes: Double(minute), text: "bring back the ten dollar plan", author: "asker\(minute)", theme: "b"))
            if minute % 30 == 0 { stream.append(F.mention(minutes: Double(minute), author: "a\(minute)", theme: "a")) }
        }
        let events = F.run(&detector, stream)
        try #require(events.count == 1)
        #expect(events[0].value == "b")
        #expect(events[0].groupLabel == .theme)
        #expect(events[0].key == "theme-surge[b]@2026-01-05T23:08:00Z")
        #expect(events[0].labels.contains { $0.key == "theme" && $0.value == "b" })
        #expect(events[0].json["value"] == .string("b"))
        #expect(events[0].samples.allSatisfy { $0.labels.theme == "b" })
        // Now theme a surges too: its own state, its own alert, while b's is still open.
        let second = F.run(&detector, (0..<12).map {
            F.mention(minutes: 1456 + Double($0), author: "x\($0)", theme: "a")
        })
        try #require(second.count == 1)
        #expect(second[0].value == "a")
    }

    @Test func theSameStreamGivesTheSameEventsAndRestoresFromASnapshot() throws {
        let rules = [
            negativeSurge(minAuthors: 1),
            SpikeRule(name: "per-topic", selector: F.selector("topic:*"), window: .seconds(900), minCount: 4),
        ]
        var stream = quietBaseline() + burst()
        stream += (0..<10).map { F.mention(minutes: 2900 + Double($0), author: "t\($0)", topics: ["billing", "refunds"]) }
        stream += burst(from: 3300, count: 30)

        var first = SpikeDetector(rules: rules)
        let once = F.run(&first, stream).map(\.json)
        var second = SpikeDetector(rules: rules)
        let twice = F.run(&second, stream).map(\.json)
        #expect(
            once.map { "\($0["rule"]!.stringValue!) \($0["status"]!.stringValue!) \($0["value"]?.stringValue ?? "-")" } == [
                "negative-surge firing -", "per-topic firing billing", "per-topic firing refunds",
                "negative-surge resolved -", "per-topic resolved billing", "per-topic resolved refunds",
                "negative-surge firing -",
            ])
        #expect(once == twice)
        #expect(first.snapshot == second.snapshot)

        // Stop half-way, save, restore from JSON, and go on: the same events as without the restart.
        var interrupted = SpikeDetector(rules: rules)
        let half = stream.count / 2
        var events = F.run(&interrupted, Array(stream[..<half])).map(\.json)
        let data = try JSONEncoder().encode(interrupted.snapshot)
        let saved = try JSONDecoder().decode(SpikeDetector.Snapshot.self, from: data)
        #expect(saved == interrupted.snapshot)
        var restored = SpikeDetector(rules: rules, restoring: saved)
        #expect(restored.watermark == interrupted.watermark)
        events += F.run(&restored, Array(stream[half...])).map(\.json)
        #expect(events == once)
    }

    @Test func aRuleAddedOnReloadStartsCold() throws {
        var detector = SpikeDetector(rules: [negativeSurge()])
        _ = F.run(&detector, unrelatedHistory())
        let added = SpikeRule(
            name: "neutral-surge", selector: F.selector("sentiment:neutral"), window: .seconds(1800), minCount: 3,
            factor: 2)
        var reloaded = SpikeDetector(rules: [negativeSurge(), added], restoring: detector.snapshot)
        // Ordinary neutral traffic (three per half hour) must not look like a surge to the new rule.
        let events = F.run(&reloaded, (0..<18).map { F.mention(minutes: 2880 + Double($0 * 10), author: "n\($0)") })
        #expect(events.isEmpty)
    }
}
