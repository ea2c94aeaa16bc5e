import Foundation
import HarkConfig
import HarkCore
import HarkDeliver
import HarkHTTP
import HarkLearn
import HarkRespond
import HarkState
import HarkTestKit
import Logging
import Testing

/// Closing the loop end to end: askers in a real state file, notices through a real outbox to a
/// webhook receiver on loopback.
@Suite("Closing the loop")
struct LoopCloserTests {
    static let routes = """
        receiver: team
        routes:
          - match: { kind: theme-shipped }
            receiver: replies
        """

    func tree() throws -> RouteTree {
        try RouteTree.parse(try YAMLLoader.parse(Self.routes, file: "rules/route.yaml"))
    }

    func delivery(_ kinds: [(String, ReceiverConfig.Kind)]) -> DeliveryConfiguration {
        DeliveryConfiguration.combine(
            receivers: kinds.map { ReceiverConfig(name: $0.0, kind: $0.1) }, templates: []
        ).0
    }

    func asker(_ id: String, _ author: String?, at day: Int) -> ThemeSnapshot.Asker {
        ThemeSnapshot.Asker(
            theme: "guest-pass", author: author, url: "https://forum.example/\(id)", connector: "forum",
            mentionID: id, at: Date(timeIntervalSince1970: 1_800_000_000 + Double(day) * 86_400), duplicate: false)
    }

    func theme() -> ThemeSummary {
        ThemeSummary(
            id: "guest-pass", label: "guest passes", status: .shipped, mentions: 4, authors: 3,
            shippedAt: Date(timeIntervalSince1970: 1_800_900_000), shipMessage: "Guest passes are here")
    }

    @Test("one webhook notification per person who asked, none on a rerun, late askers told once")
    func perAskerOverWebhook() async throws {
        try await withTemporaryDirectory { directory in
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            server.route("/replies") { _ in .status(200) }
            let store = try StateStore(directory: directory)
            // Ana asked twice (told once, about both posts); a post without an author is its own person.
            try store.saveThemes(
                ThemeSnapshot(newAskers: [
                    asker("p1", "Ana", at: 0), asker("p2", "ben", at: 1), asker("p3", "ana", at: 2),
                    asker("p4", nil, at: 3),
                ]))
            let settings = WebhookSettings(
                url: SecretValue(.literal(server.url("/replies")), at: SourcePosition(file: "t", line: 1, column: 1)))
            let configuration = delivery([("replies", .webhook(settings)), ("team", .stdout)])
            let closer = LoopCloser(store: store, tree: try tree(), delivery: configuration)
            let (receivers, policies) = ReceiverFactory(
                driver: CurlDriverHolder.shared, configDirectory: directory, stateDirectory: directory,
                logger: .init(label: "test")
            ).make(configuration)
            let outbox = Outbox(store: store, receivers: receivers, policies: policies)

            let first = try closer.tell(theme: theme(), at: Date()) { _ = try outbox.enqueue($0) }
            #expect(first.people == 3)
            #expect(first.told == 3)
            #expect(Set(first.notifications.map(\.receiver)) == ["replies"])
            try await running(outbox) {
                // Delivered and recorded: stopping the outbox between the two would leave a notice pending,
                // to be sent again by the next run (at least once, as documented).
                try await eventually("three notices delivered") {
                    try server.requests(to: "/replies").count == 3 && store.pendingOutboxCount(receiver: "replies") == 0
                }
            }
            let bodies = try server.requests(to: "/replies").map { try JSONParser.parse($0.body) }
            let askersPerNotice = bodies.map { body in
                (body["alerts"]?.arrayValue?.first?["theme"]?["askers"]?.arrayValue ?? []).compactMap {
                    $0["url"]?.stringValue
                }
            }
            #expect(
                Set(askersPerNotice) == [
                    ["https://forum.example/p1", "https://forum.example/p3"], ["https://forum.example/p2"],
                    ["https://forum.example/p4"],
                ])
            #expect(bodies.allSatisfy { $0["alerts"]?.arrayValue?.first?["kind"]?.stringValue == "theme-shipped" })
            #expect(
                bodies.allSatisfy {
                    $0["alerts"]?.arrayValue?.first?["theme"]?["ship_message"]?.stringValue == "Guest passes are here"
                })
            let ids = server.requests(to: "/replies").compactMap { $0.headers["X-Hark-Notification-Id"] }
            #expect(Set(ids).count == 3)

            // A rerun tells nobody; a late asker (and Ana posting again) is settled with one notice for the newcomer.
            let rerun = try closer.tell(theme: theme(), at: Date()) { _ = try outbox.enqueue($0) }
            #expect(rerun.told == 0)
            #expect(rerun.notifications.isEmpty)
            try store.saveThemes(ThemeSnapshot(newAskers: [asker("p5", "cy", at: 10), asker("p6", "ANA", at: 11)]))
            let late = try closer.tell(theme: theme(), at: Date()) { _ = try outbox.enqueue($0) }
            #expect(late.told == 1)
            #expect(late.toldBefore == 3)
            try await running(outbox) {
                try await eventually("the late asker's notice delivered") {
                    try server.requests(to: "/replies").count == 4 && store.pendingOutboxCount(receiver: "replies") == 0
                }
            }
            #expect(try store.askerRecords("guest-pass").allSatisfy { $0.notifiedAt != nil })
            try await Task.sleep(for: .milliseconds(200))
            #expect(server.requests(to: "/replies").count == 4)
        }
    }

    @Test("killed after queueing, before recording: the rerun queues the same ids, which the outbox refuses")
    func crashBetweenQueueAndRecord() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.saveThemes(ThemeSnapshot(newAskers: [asker("p1", "ana", at: 0), asker("p2", "ben", at: 1)]))
            let closer = LoopCloser(store: store, tree: try tree(), delivery: delivery([("replies", .stdout)]))
            var queued: [String] = []
            // The "crash": enqueueing succeeds, then the run dies before the askers are marked.
            struct Killed: Error {}
            #expect(throws: Killed.self) {
                _ = try closer.tell(theme: theme(), at: Date()) { notification in
                    let record = OutboxRecord(
                        receiver: notification.receiver, id: notification.id, payload: "{}",
                        createdAt: Date(), expiresAt: Date().addingTimeInterval(60))
                    try store.enqueueOutbox(record)
                    queued.append(notification.id)
                    if queued.count == 2 { throw Killed() }
                }
            }
            var fresh: [Bool] = []
            let again = try closer.tell(theme: theme(), at: Date()) { notification in
                fresh.append(
                    try store.enqueueOutbox(
                        OutboxRecord(
                            receiver: notification.receiver, id: notification.id, payload: "{}", createdAt: Date(),
                            expiresAt: Date().addingTimeInterval(60))))
            }
            #expect(Set(again.notifications.map(\.id)) == Set(queued))
            #expect(fresh == [false, false])
            #expect(try store.outboxCounts()["replies"]?.pending == 2)
        }
    }

    @Test("an e-mail receiver gets one list of the people to answer; each person is still recorded")
    func listForEmail() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.saveThemes(ThemeSnapshot(newAskers: [asker("p1", "ana", at: 0), asker("p2", "ben", at: 1)]))
            let email = EmailSettings(url: "smtp://127.0.0.1:2525", from: "hark@example.com", to: ["cm@example.com"])
            let closer = LoopCloser(store: store, tree: try tree(), delivery: delivery([("replies", .email(email))]))
            var payloads: [JSONValue] = []
            let report = try closer.tell(theme: theme(), at: Date()) { payloads.append($0.payload) }
            #expect(report.told == 2)
            #expect(payloads.count == 1)
            let askers = payloads.first?["alerts"]?.arrayValue?.first?["theme"]?["askers"]?.arrayValue ?? []
            #expect(askers.compactMap { $0["author"]?.stringValue } == ["ana", "ben"])
            #expect(try store.askerRecords("guest-pass").filter { $0.notifiedAt != nil }.count == 2)
            let text = MessageRenderer(templates: nil).render(
                .text, context: TemplateContext.make(payload: payloads[0])
            )
            .text
            #expect(text.contains("ben https://forum.example/p2"))
            #expect(text.contains("Guest passes are here"))
        }
    }
}
