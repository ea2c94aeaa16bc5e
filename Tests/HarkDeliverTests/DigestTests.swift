import Foundation
import HarkConfig
import HarkCore
import HarkDeliver
import HarkState
import HarkTestKit
import Logging
import Testing

/// Digests: the period arithmetic and composition as values driven by given times, and the outbox
/// gathering alerts in the state and sending one digest per period to a real receiver.
@Suite("Digests")
struct DigestTests {
    /// 2026-11-20T00:00:00Z.
    let midnight = Date(timeIntervalSince1970: 1_795_132_800)

    func mention(_ id: String, author: String, topic: String, sentiment: String, theme: String? = nil) -> JSONValue {
        var labels: JSONObject = ["kind": "mention", "topic": .string(topic), "sentiment": .string(sentiment)]
        if let theme { labels["theme"] = .string(theme) }
        return [
            "receiver": "leadership", "group_key": "g", "status": "firing",
            "alerts": [
                [
                    "id": .string("alert-\(id)"), "kind": "mention",
                    "labels": .object(labels),
                    "mention": [
                        "id": .string(id), "connector": "appstore", "source": "appstore", "author": .string(author),
                        "text": .string("post \(id) about \(topic)"), "url": .string("https://example.com/\(id)"),
                    ],
                    "fired_at": "2026-11-20T10:00:00Z",
                ]
            ],
        ]
    }

    func theme(_ id: String, authors: Int, growth: Double) -> JSONValue {
        [
            "receiver": "leadership", "group_key": "t", "status": "firing",
            "alerts": [
                [
                    "id": .string("theme-\(id)-\(authors)"), "kind": "theme", "labels": ["kind": "theme"],
                    "theme": [
                        "id": .string(id), "label": .string(id), "authors": .number(Double(authors)), "mentions": 9,
                        "growth": .number(growth), "status": "emerging",
                    ],
                    "fired_at": "2026-11-20T10:00:00Z",
                ]
            ],
        ]
    }

    @Test("periods are aligned on `at` in UTC")
    func periods() {
        let settings = DigestSettings(every: .seconds(86_400), at: 9 * 3600)
        let morning = midnight.addingTimeInterval(8 * 3600)
        #expect(settings.periodStart(containing: morning) == midnight.addingTimeInterval(-15 * 3600))
        let evening = midnight.addingTimeInterval(20 * 3600)
        #expect(settings.periodStart(containing: evening) == midnight.addingTimeInterval(9 * 3600))
        #expect(
            settings.periodEnd(startingAt: settings.periodStart(containing: evening))
                == midnight.addingTimeInterval(33 * 3600))
        let hourly = DigestSettings(every: .seconds(3600), at: 30 * 60)
        #expect(
            hourly.periodStart(containing: midnight.addingTimeInterval(125 * 60))
                == midnight.addingTimeInterval(90 * 60))
    }

    @Test("themes of the period come from mentions with a theme label too, by distinct askers")
    func themesFromMentions() throws {
        var book = DigestBook(settings: ["leadership": DigestSettings(every: .seconds(86_400), at: 9 * 3600)])
        let day = midnight.addingTimeInterval(10 * 3600)
        let asks = [("1", "ana", "guest-pass"), ("2", "ANA", "guest-pass"), ("3", "ben", "imax"), ("4", "cy", "imax")]
        for (id, author, theme) in asks {
            book.add(
                receiver: "leadership",
                payload: mention(id, author: author, topic: "requests", sentiment: "positive", theme: theme), at: day)
        }
        let digest = try #require(book.due(at: midnight.addingTimeInterval(33 * 3600)).first)
        let content = try #require(digest.notification.payload["alerts"]?.arrayValue?.first?["digest"])
        let themes = try #require(content["themes"]?.arrayValue)
        #expect(themes.compactMap { $0["id"]?.stringValue } == ["imax", "guest-pass"], "two askers before one")
        #expect(themes.first?["askers_in_period"] == .number(2))
        #expect(themes.last?["authors"] == .number(1), "ana and ANA are one person")
        #expect(themes.last?["mentions"] == .number(2))
    }

    @Test("a book holds alerts until the period ends, then composes every section once")
    func bookComposes() throws {
        var book = DigestBook(settings: ["leadership": DigestSettings(every: .seconds(86_400), at: 9 * 3600, top: 2)])
        let day = midnight.addingTimeInterval(10 * 3600)
        let live = book.add(
            receiver: "frontline", payload: mention("x", author: "a", topic: "billing", sentiment: "negative"), at: day)
        #expect(!live)
        book.add(
            receiver: "leadership", payload: mention("1", author: "ana", topic: "billing", sentiment: "negative"),
            at: day)
        book.add(
            receiver: "leadership", payload: mention("2", author: "ben", topic: "billing", sentiment: "negative"),
            at: day)
        book.add(
            receiver: "leadership", payload: mention("3", author: "ANA", topic: "billing", sentiment: "positive"),
            at: day)
        book.add(
            receiver: "leadership", payload: mention("4", author: "cy", topic: "checkin", sentiment: "neutral"), at: day
        )
        book.add(receiver: "leadership", payload: theme("guest-pass", authors: 3, growth: 1), at: day)
        book.add(receiver: "leadership", payload: theme("imax", authors: 5, growth: 2), at: day)
        book.add(receiver: "leadership", payload: theme("guest-pass", authors: 7, growth: 3), at: day)
        book.add(receiver: "leadership", payload: spikePayload(receiver: "leadership"), at: day)
        #expect(book.due(at: midnight.addingTimeInterval(32 * 3600)).isEmpty, "the period has not ended")
        let digests = book.due(at: midnight.addingTimeInterval(33 * 3600))
        #expect(digests.count == 1)
        let digest = try #require(digests.first)
        #expect(
            digest.notification.id
                == DigestComposer.id(receiver: "leadership", periodStart: midnight.addingTimeInterval(9 * 3600)))
        let content = try #require(digest.notification.payload["alerts"]?.arrayValue?.first?["digest"])
        #expect(content["alerts"] == .number(8))
        #expect(content["themes"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["guest-pass", "imax"])
        #expect(content["themes"]?.arrayValue?.first?["authors"] == .number(7), "the latest figures of a theme")
        let billing = try #require(content["sentiment"]?.arrayValue?.first { $0["topic"]?.stringValue == "billing" })
        #expect(billing["negative"] == .number(2))
        #expect(billing["positive"] == .number(1))
        #expect(content["spikes"]?.arrayValue?.count == 1)
        let affected = try #require(content["affected"]?.arrayValue?.first)
        #expect(affected["topic"]?.stringValue == "billing")
        #expect(affected["users"] == .number(2), "ana and ANA are one person")
        #expect(affected["examples"]?.arrayValue?.count == 2)
        #expect(book.finish().isEmpty, "composed once")

        let text = MessageRenderer(templates: nil).render(
            .text, context: TemplateContext.make(payload: digest.notification.payload)
        ).text
        #expect(text.contains("Top requests"))
        #expect(text.contains("\"guest-pass\": 7 people"))
        #expect(text.contains("billing: 1 positive, 0 neutral, 2 negative"))
        #expect(text.contains("billing: 2 people"))
    }

    @Test("the digest option is read from a receiver entry, with errors at their place")
    func parsing() throws {
        let node = try YAMLLoader.parse(
            """
            - name: leadership
              stdout: {}
              digest: { every: 12h, at: "07:30", sections: [themes, spikes], top: 3 }
            """, file: "rules/r.yaml")
        let (receivers, errors) = ReceiverConfig.parseList(node)
        #expect(errors.isEmpty)
        let digest = try #require(receivers.first?.digest)
        #expect(digest.every == .seconds(12 * 3600))
        #expect(digest.at == 7.5 * 3600)
        #expect(digest.sections == [.themes, .spikes])
        #expect(digest.top == 3)
        let bad = try YAMLLoader.parse(
            "- name: x\n  stdout: {}\n  digest: { sections: [themse] }\n", file: "rules/r.yaml")
        let badErrors = ReceiverConfig.parseList(bad).1
        #expect(badErrors.first?.description.contains("rules/r.yaml:3:") == true)
        #expect(badErrors.first?.description.contains("did you mean 'themes'") == true)
    }

    @Test("the outbox keeps a digest receiver's alerts in the state and sends one digest per period")
    func outboxSendsDigest() async throws {
        try await withTemporaryDirectory { directory in
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            server.route("/digest") { _ in .status(200) }
            let config = ReceiverConfig(
                name: "leadership",
                kind: .webhook(
                    WebhookSettings(
                        url: SecretValue(
                            .literal(server.url("/digest")), at: SourcePosition(file: "t", line: 1, column: 1)))))
            var digestConfig = config
            digestConfig.digest = DigestSettings(every: .seconds(2))
            let factory = ReceiverFactory(
                driver: CurlDriverHolder.shared, configDirectory: directory, stateDirectory: directory,
                logger: .init(label: "test"))
            let receiver = factory.make(digestConfig, templates: nil)
            do {
                // The first life: alerts kept, then hark "stops" before the period ends.
                let store = try StateStore(directory: directory)
                let outbox = Outbox(store: store, receivers: [receiver])
                for (index, author) in ["ana", "ben", "cy"].enumerated() {
                    try outbox.enqueue(
                        OutgoingNotification(
                            id: "n\(index)", receiver: "leadership",
                            payload: mention("\(index)", author: author, topic: "billing", sentiment: "negative"),
                            createdAt: Date()))
                }
                #expect(try store.outboxCounts()["leadership"] == nil, "nothing live")
            }
            let store = try StateStore(directory: directory)
            let outbox = Outbox(store: store, receivers: [receiver])
            await running(outbox) {
                await eventually("the digest arrives") { server.requests(to: "/digest").count == 1 }
                try? await Task.sleep(for: .seconds(2.5))
            }
            #expect(server.requests(to: "/digest").count == 1, "one digest, not one per alert")
            let body = try JSONParser.parse(server.requests(to: "/digest")[0].body)
            #expect(body["alerts"]?.arrayValue?.first?["kind"]?.stringValue == "digest")
            #expect(body["alerts"]?.arrayValue?.first?["digest"]?["alerts"] == .number(3))
            #expect(try store.digestPeriods(receiver: "leadership").isEmpty)
            let id = server.requests(to: "/digest")[0].headers["X-Hark-Notification-Id"]
            #expect(id == body["alerts"]?.arrayValue?.first?["id"]?.stringValue)
        }
    }
}

extension DigestTests {
    @Test("a notification dated in a period already composed joins the next period, never a second digest")
    func lateNotification() {
        var book = DigestBook(settings: ["leadership": DigestSettings(every: .seconds(3600))])
        book.add(
            receiver: "leadership", payload: mention("1", author: "a", topic: "t", sentiment: "neutral"), at: midnight)
        #expect(book.due(at: midnight.addingTimeInterval(3600)).count == 1)
        book.add(
            receiver: "leadership", payload: mention("2", author: "b", topic: "t", sentiment: "neutral"),
            at: midnight.addingTimeInterval(10))
        let next = book.due(at: midnight.addingTimeInterval(7200))
        #expect(next.count == 1)
        #expect(next.first?.periodStart == midnight.addingTimeInterval(3600))
    }
}
