import Foundation
import HarkCore
import HarkLearn
import HarkPipeline
import HarkRespond
import HarkRules
import Testing

/// A configuration directory written for one test, removed afterwards.
struct ConfigDirectory {
    let path: String

    init(rules: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hark-pipeline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/rules", withIntermediateDirectories: true)
        try rules.write(toFile: path + "/rules/rules.yaml", atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func load() throws -> RuleSet {
        let (ruleSet, errors) = RuleSet.load(configDirectory: path)
        try #require(errors.isEmpty, "\(errors)")
        return ruleSet
    }
}

@Suite("Pipeline: spikes, alerts and routing after labelling")
struct PipelineTests {
    static let rules = """
        topics:
          - name: checkin
            query: '"check in" OR checkin'
        spikes:
          - name: checkin-surge
            select: 'topic:checkin AND sentiment:negative'
            window: 1h
            baseline: 1d
            min_count: 4
            factor: 3
            min_authors: 3
        route:
          receiver: frontline
          group_by: [kind]
          group_wait: 1m
          group_interval: 5m
          routes:
            - match: { kind: spike }
              receiver: product
            - match: { abusive: "true" }
              receiver: lead
        inhibit:
          - source_match: { kind: spike }
            target_match: { kind: mention }
            equal: [topic]
        receivers:
          - name: frontline
            stdout: {}
          - name: product
            stdout: {}
          - name: lead
            stdout: {}
        """

    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func labelled(_ id: String, _ text: String, author: String, at seconds: Double, classifier: Classifier) -> LabelledMention {
        let mention = Mention(
            id: id, connector: "appstore", source: .appstore, author: author, text: text,
            publishedAt: Self.t0.addingTimeInterval(seconds))
        return LabelledMention(mention: mention, labels: classifier.labels(for: mention))
    }

    @Test("a burst of check-in complaints after a quiet day becomes one spike alert routed to product")
    func spikeRoutedToProduct() throws {
        let config = try ConfigDirectory(rules: Self.rules)
        defer { config.remove() }
        let rules = try config.load()
        let classifier = try rules.makeClassifier()
        var pipeline = Pipeline(rules: rules)
        var notifications: [AlertNotification] = []
        var spikeAlerts: [Alert] = []
        // A quiet day: one happy post every two hours.
        for hour in stride(from: 0, to: 24, by: 2) {
            let step = pipeline.process(
                labelled("q\(hour)", "Check in worked fine today, love it", author: "fan\(hour)", at: Double(hour) * 3600,
                    classifier: classifier))
            notifications += step.notifications
        }
        // Then six people complain within twenty minutes.
        for index in 0..<6 {
            let step = pipeline.process(
                labelled("b\(index)", "Check in is broken again, terrible update", author: "user\(index)",
                    at: 24 * 3600 + Double(index) * 200, classifier: classifier))
            spikeAlerts += step.alerts.filter { $0.kind == .spike }
            notifications += step.notifications
        }
        notifications += pipeline.finish()

        let spike = try #require(spikeAlerts.first)
        #expect(spikeAlerts.count == 1, "one surge, one alert")
        #expect(spike.labels[.spike] == "checkin-surge")
        guard case .object(let detail)? = spike.spike else { Issue.record("spike detail missing"); return }
        #expect(detail["count"] == .number(4))
        #expect(detail["authors"] == .number(4))

        let product = notifications.filter { $0.receiver == "product" }
        #expect(product.count == 1)
        #expect(product.first?.alerts.map(\.id) == [spike.id])
        // The complaints that made the spike after it fired are inhibited; the quiet day's posts reach the front line.
        let frontline = notifications.filter { $0.receiver == "frontline" }.flatMap(\.alerts)
        #expect(frontline.contains { $0.mention?.mention.id == "q0" })
        #expect(!frontline.contains { $0.mention?.mention.id == "b5" })
    }

    @Test("the same mentions in the same order give the same alert ids and notifications")
    func deterministic() throws {
        let config = try ConfigDirectory(rules: Self.rules)
        defer { config.remove() }
        let rules = try config.load()
        let classifier = try rules.makeClassifier()
        func run() -> [String] {
            var pipeline = Pipeline(rules: rules)
            var ids: [String] = []
            for index in 0..<20 {
                let step = pipeline.process(
                    labelled("m\(index)", index % 3 == 0 ? "check in broken" : "lovely evening", author: "a\(index % 7)",
                        at: Double(index) * 600, classifier: classifier))
                ids += step.notifications.map { "\($0.receiver) \($0.id) \($0.alerts.count)" }
            }
            return ids + pipeline.finish().map { "\($0.receiver) \($0.id) \($0.alerts.count)" }
        }
        let first = run()
        #expect(!first.isEmpty)
        #expect(first == run())
    }

    @Test("a mention dated in the future is counted at the clock and noted")
    func futureDate() throws {
        let config = try ConfigDirectory(rules: Self.rules)
        defer { config.remove() }
        let rules = try config.load()
        let classifier = try rules.makeClassifier()
        var pipeline = Pipeline(rules: rules)
        let received = Self.t0
        let step = pipeline.process(
            labelled("f", "check in broken", author: "x", at: 400 * 86_400, classifier: classifier), receivedAt: received)
        #expect(step.notes.count == 1)
        #expect(step.notes.first?.contains("in the future") == true)
    }
}
