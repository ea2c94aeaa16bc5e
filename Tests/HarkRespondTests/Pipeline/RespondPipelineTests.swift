import Foundation
import HarkCore
import HarkLearn
import Testing
@testable import HarkRespond

@Suite("respond pipeline")
struct RespondPipelineTests {
    static let route = """
        receiver: frontline
        group_by: [topic]
        group_wait: 30s
        group_interval: 5m
        routes:
          - match: { kind: spike }
            receiver: product
            group_wait: 0s
          - match: { abusive: "true" }
            receiver: lead
        """

    func pipeline(silences: [Silence] = []) throws -> RespondPipeline {
        let rules = try InhibitRule.parseList(
            TestYAML.parse("- source_match: { kind: spike }\n  target_match: { kind: mention }\n  equal: [topic]\n"))
        return RespondPipeline(tree: try Fixtures.tree(Self.route), silences: Silences(silences), inhibitRules: rules)
    }

    @Test("a spike mutes the mentions still waiting in group_wait, and later ones")
    func spikeMutesPending() throws {
        var pipeline = try pipeline()
        _ = pipeline.receive(Fixtures.alert("1", topics: ["billing"], at: 0), at: Fixtures.at(0))
        _ = pipeline.receive(Fixtures.alert("2", topics: ["checkin"], at: 5), at: Fixtures.at(5))
        let (outcome, sentBefore) = pipeline.receive(Fixtures.spike("surge", topic: "billing", at: 10), at: Fixtures.at(10))
        #expect(sentBefore.isEmpty)
        #expect(outcome.receivers == ["product"])
        let later = pipeline.add(Fixtures.alert("3", topics: ["billing"], at: 20), at: Fixtures.at(20))
        guard case .inhibited(let inhibition) = later.disposition else {
            Issue.record("expected the later billing mention to be inhibited, got \(later.disposition)")
            return
        }
        #expect(inhibition.sourceAlertID == Fixtures.spike("surge", topic: "billing", at: 10).id)
        let sent = pipeline.due(at: Fixtures.at(60))
        #expect(sent.map(\.receiver) == ["product", "frontline"])
        #expect(sent[1].alerts.map(\.mention?.mention.id) == ["2"], "mention 1 was muted while it waited")
    }

    @Test("silenced alerts are dropped and explained; a silence added while one waits mutes it too")
    func silences() throws {
        let silence = Silence(
            matchers: [.equal(.connector, "reddit")], startsAt: Fixtures.at(0), endsAt: Fixtures.at(100))
        var pipeline = try pipeline(silences: [silence])
        let outcome = pipeline.add(Fixtures.alert("1", connector: "reddit", at: 0), at: Fixtures.at(0))
        guard case .silenced(let by) = outcome.disposition else {
            Issue.record("expected silenced, got \(outcome.disposition)")
            return
        }
        #expect(by.id == silence.id)
        #expect(outcome.receivers.isEmpty)
        #expect(outcome.routes.map(\.receiver) == ["frontline"], "the route is still reported")
        _ = pipeline.add(Fixtures.alert("2", connector: "appstore", at: 0), at: Fixtures.at(0))
        pipeline.silences.add(
            Silence(matchers: [.equal(.connector, "appstore")], startsAt: Fixtures.at(10), endsAt: Fixtures.at(40)))
        #expect(pipeline.due(at: Fixtures.at(30)).isEmpty, "silenced when its group was sent")
        _ = pipeline.add(Fixtures.alert("3", connector: "reddit", at: 200), at: Fixtures.at(200))
        #expect(pipeline.drain().count == 1, "after the silence ends alerts flow again")
    }

    @Test("replay by event time gives the same notifications as a live run polled every second")
    func replayMatchesLive() throws {
        let alerts = (0..<60).map { index in
            Fixtures.alert(
                "m\(index)", connector: index % 2 == 0 ? "appstore" : "reddit",
                topics: [["billing"], ["checkin"], ["billing", "pricing"]][index % 3], abusive: index % 11 == 0,
                at: Double(index * 17))
        }
        var replay = try pipeline()
        var replayed: [AlertNotification] = []
        for alert in alerts { replayed += replay.receive(alert, at: alert.firedAt).notifications }
        replayed += replay.drain()

        var live = try pipeline()
        var lived: [AlertNotification] = []
        var next = 0
        for second in 0...3000 {
            let now = Fixtures.at(Double(second))
            lived += live.due(at: now)
            while next < alerts.count, alerts[next].firedAt <= now {
                live.add(alerts[next], at: now)
                next += 1
            }
        }
        lived += live.drain()
        #expect(replayed.count > 5)
        #expect(replayed.map(\.id) == lived.map(\.id))
        #expect(replayed.map(\.sentAt) == lived.map(\.sentAt))
        #expect(Set(replayed.map(\.receiver)) == ["frontline", "lead"])
    }

    @Test("explain does not change the pipeline")
    func explainIsPure() throws {
        let pipeline = try pipeline()
        let outcome = pipeline.explain(Fixtures.alert("1", abusive: true), at: Fixtures.at(0))
        #expect(outcome.receivers == ["lead"])
        #expect(pipeline.nextDeadline == nil)
    }
}
