import Foundation
import HarkCore
import HarkLearn
import Testing

@Suite("Spike silences and event-time clamping")
struct SilenceAndClockTests {
    typealias F = SpikeFixture

    /// One watch per connector: quiet for an hour where five or more were expected.
    let quiet = SpikeRule(
        name: "connector-quiet", kind: .silence, selector: F.selector("connector:* NOT connector:clock"),
        window: .seconds(3600), baseline: .seconds(86_400), minExpected: 5)

    /// A day of "busy" every 5 minutes and "sleepy" every 6 hours, then busy stops at minute 1440.
    func history() -> [LabelledMention] {
        var mentions: [LabelledMention] = []
        for minute in stride(from: 0, to: 1440, by: 5) {
            mentions.append(F.mention(minutes: Double(minute), author: "b\(minute)", connector: "busy"))
            if minute % 360 == 0 { mentions.append(F.mention(minutes: Double(minute), author: "s", connector: "sleepy")) }
        }
        return mentions
    }

    /// A mention every minute from a connector the rule ignores: replay's only sense of time passing.
    func ticks(from: Int, to: Int) -> [LabelledMention] {
        (from..<to).map { F.mention(minutes: Double($0), author: "clock", connector: "clock") }
    }

    @Test func aBusySourceGoingQuietFiresAndAQuietOneDoesNot() throws {
        var detector = SpikeDetector(rules: [quiet])
        #expect(F.run(&detector, history()).isEmpty)
        let events = F.run(&detector, ticks(from: 1440, to: 1800))
        try #require(events.count == 1, "sleepy (4 a day) never expects 5 an hour")
        let event = events[0]
        #expect(event.kind == .silence)
        #expect(event.value == "busy")
        // Busy's last mention is at minute 1435, in the 2-minute bucket 1434…1436; the window of 30
        // buckets is empty from the edge at minute 1494.
        #expect(event.firedAt == F.at(minutes: 1494))
        #expect(event.windowStart == F.at(minutes: 1436))
        #expect(event.count == 0)
        #expect(event.lastSeen == F.at(minutes: 1435))
        #expect(event.baselineCount == 288)
        #expect(abs(event.baseline - 288.0 * 60 / 1436) < 1e-9)
        #expect(event.samples.last?.mention.connector == "busy")
        #expect(event.json["last_seen"] == .string(Timestamp.rfc3339(F.at(minutes: 1435))))
        #expect(event.labels.contains { $0.key == "connector" && $0.value == "busy" })

        // Busy speaks again: the silence resolves with the same key.
        let back = detector.observe(F.mention(minutes: 1801, author: "b", connector: "busy")).events
        try #require(back.count == 1)
        #expect(back[0].status == .resolved)
        #expect(back[0].key == event.key)
    }

    @Test("A silence names no terms, so it keeps none: only surges remember what mentions said")
    func aSilenceKeepsNoTerms() throws {
        let surge = SpikeRule(
            name: "connector-busy", selector: F.selector("connector:* NOT connector:clock"),
            window: .seconds(3600), baseline: .seconds(86_400))
        var silenceOnly = SpikeDetector(rules: [quiet])
        var withSurge = SpikeDetector(rules: [quiet, surge])
        _ = F.run(&silenceOnly, history())
        _ = F.run(&withSurge, history())
        func saved(_ detector: SpikeDetector) throws -> String {
            String(decoding: try JSONEncoder().encode(detector.snapshot), as: UTF8.self)
        }
        // Every mention says "the app works", whose terms are "app" and "works" ("the" is a stop
        // word); the samples keep the text either way.
        #expect(try !saved(silenceOnly).contains(#""terms":["app","works"]"#))
        #expect(try saved(withSurge).contains(#""terms":["app","works"]"#))
    }

    @Test func liveAdvancingAndReplayGiveTheSameSilence() throws {
        var replayed = SpikeDetector(rules: [quiet])
        _ = F.run(&replayed, history())
        let fromTicks = F.run(&replayed, ticks(from: 1440, to: 1800)).map(\.json)

        var live = SpikeDetector(rules: [quiet])
        _ = F.run(&live, history())
        var fromClock: [JSONValue] = []
        for second in stride(from: 1440 * 60, to: 1800 * 60, by: 17) {
            fromClock += live.advance(to: F.start.addingTimeInterval(Double(second))).map(\.json)
        }
        #expect(fromTicks.count == 1)
        #expect(fromClock == fromTicks)

        // One big jump decides the same too.
        var jumped = SpikeDetector(rules: [quiet])
        _ = F.run(&jumped, history())
        #expect(jumped.advance(to: F.at(minutes: 5000)).map(\.json) == fromTicks)
    }

    @Test func noSilenceBeforeAFullWindowWasObserved() {
        var detector = SpikeDetector(rules: [quiet])
        // Busy for 50 minutes only: less than a window of history before the window.
        _ = F.run(&detector, (0..<10).map { F.mention(minutes: Double($0 * 5), author: "b\($0)", connector: "busy") })
        #expect(detector.advance(to: F.at(minutes: 600)).isEmpty)
    }

    @Test func farFutureTimesAreClampedAndDoNotBreakWindows() throws {
        let surge = SpikeRule(
            name: "negative", selector: F.selector("sentiment:negative"), window: .seconds(1800), minCount: 3,
            factor: 2)
        var detector = SpikeDetector(rules: [surge, quiet])
        _ = F.run(&detector, history())
        let watermark = try #require(detector.watermark)

        // Dated five years ahead, no receive time: counted at the watermark, reported.
        var typo = F.mention(minutes: 0, author: "typo", sentiment: .negative)
        typo.mention.publishedAt = F.at(minutes: 5 * 365 * 1440)
        let observation = detector.observe(typo)
        #expect(observation.adjustment == .clamped(original: F.at(minutes: 5 * 365 * 1440), countedAt: watermark))
        #expect(observation.events.isEmpty, "busy's window did not expire")
        #expect(detector.watermark == watermark)

        // With a receive time, anything beyond it (plus 5 minutes of skew) counts at the receive time.
        var early = F.mention(minutes: 1500, author: "early", sentiment: .negative)
        early.mention.publishedAt = F.at(minutes: 1500)
        let received = detector.observe(early, receivedAt: F.at(minutes: 1436))
        #expect(received.adjustment == .clamped(original: F.at(minutes: 1500), countedAt: F.at(minutes: 1436)))
        #expect(detector.watermark == F.at(minutes: 1436))

        // The surge counts the two clamped mentions in its window: one more makes three.
        let third = detector.observe(F.mention(minutes: 1436, author: "third", sentiment: .negative))
        #expect(third.events.map(\.rule) == ["negative"])
        #expect(third.events.first?.count == 3)

        // Ten days back: older than every window and baseline (7 days and 30 minutes at most), so not counted at all.
        let ancient = detector.observe(F.mention(minutes: -10 * 1440, author: "old", sentiment: .negative))
        #expect(ancient.adjustment == .tooOld(F.at(minutes: -10 * 1440)))
        #expect(ancient.events.isEmpty)
    }

    @Test func aRunOfFarFutureTimesIsAGapInHistory() {
        var detector = SpikeDetector(rules: [quiet])
        _ = F.run(&detector, history())
        let later = 60.0 * 1440
        let adjustments = (0..<3).map { index in
            detector.observe(F.mention(minutes: later + Double(index), author: "b", connector: "busy")).adjustment
        }
        #expect(adjustments[0] != nil)
        #expect(adjustments[1] != nil)
        #expect(adjustments[2] == nil, "the third in a row is believed")
        #expect(detector.watermark == F.at(minutes: later + 2))
    }

    @Test func idleGroupsAreForgotten() {
        let rule = SpikeRule(
            name: "themes", selector: F.selector("theme:*"), window: .seconds(600), baseline: .seconds(3600))
        var detector = SpikeDetector(rules: [rule])
        _ = F.run(&detector, (0..<50).map { F.mention(minutes: Double($0), theme: "t\($0)") })
        #expect(detector.groupCount(ofRule: 0) == 50)
        _ = detector.advance(to: F.at(minutes: 50 + 75))
        #expect(detector.groupCount(ofRule: 0) == 0)
    }
}
