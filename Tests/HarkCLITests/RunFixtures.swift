import Foundation
import HarkCore
import HarkTestKit
import Synchronization

/// A feed on loopback that gains `perPoll` items each time it is fetched, up to `total`: a source
/// under load, with items in the order a real feed lists them (newest first).
final class GrowingFeed: Sendable {
    let server: LoopbackHTTPServer
    let total: Int
    let perPoll: Int
    private let served = Locked(0)

    init(total: Int, perPoll: Int) throws {
        server = try LoopbackHTTPServer()
        self.total = total
        self.perPoll = perPoll
        server.route("/feed.xml") { [served] _ in
            let count = served.value.withLock { count in
                count = min(total, count + perPoll)
                return count
            }
            let items = (0..<count).reversed().map { index in
                "<item><guid>m-\(index)</guid><title>Post \(index)</title>"
                    + "<description>CineClub charged me twice for ticket \(index)</description></item>"
            }
            return .ok(
                "<rss version=\"2.0\"><channel><title>t</title>\(items.joined())</channel></rss>",
                contentType: "application/rss+xml")
        }
    }

    var url: String { server.url("/feed.xml") }
    /// Every item id the feed will ever list.
    var ids: [String] { (0..<total).map { "m-\($0)" } }
}

/// A webhook receiver on loopback that records every notification it accepts.
final class RecordingWebhook: Sendable {
    let server: LoopbackHTTPServer

    init() throws {
        server = try LoopbackHTTPServer()
        server.route("/hook") { _ in .status(200) }
    }

    var url: String { server.url("/hook") }

    /// Each accepted notification once (a redelivery with the same `X-Hark-Notification-Id`, which
    /// at-least-once delivery allows after a kill, is what a receiver de-duplicates).
    var notifications: [JSONValue] {
        var seen: Set<String> = []
        return server.requests(to: "/hook").compactMap { request in
            guard seen.insert(request.headers["X-Hark-Notification-Id"] ?? UUID().uuidString).inserted else {
                return nil
            }
            return try? JSONParser.parse(request.body)
        }
    }

    /// Every alert id received, as often as it was received in distinct notifications.
    var alertIDs: [String] {
        notifications.flatMap { $0["alerts"]?.arrayValue ?? [] }.compactMap { $0["id"]?.stringValue }
    }

    /// The ids of the mentions alerted about, as often as they were alerted.
    var mentionIDs: [String] {
        notifications.flatMap { $0["alerts"]?.arrayValue ?? [] }.compactMap { $0["mention"]?["id"]?.stringValue }
    }
}

/// A configuration for `hark run`: one feed connector polled every second, a billing topic, and a
/// route sending everything to the webhook with short grouping.
struct RunConfig {
    let base: TemporaryConfig

    init(feed: String, webhook: String) throws {
        base = try TemporaryConfig(connectors: [
            "feed.yaml": "name: feed\ntype: feed\nurl: \(feed)\nevery: 1s\n"
        ])
        try FileManager.default.createDirectory(atPath: rulesFolder, withIntermediateDirectories: true)
        try Self.rules(webhook: webhook).write(toFile: rulesFile, atomically: true, encoding: .utf8)
    }

    var path: String { base.path }
    var state: String { base.state }
    var rulesFolder: String { (base.path as NSString).appendingPathComponent("rules") }
    var rulesFile: String { (rulesFolder as NSString).appendingPathComponent("rules.yaml") }
    /// A free loopback port for the endpoint (the log says which), so tests never collide on 9464.
    var arguments: [String] { ["--config", path, "--state", state, "--log-level", "info", "--http", "127.0.0.1:0"] }

    static func rules(webhook: String, topic: String = "billing") -> String {
        """
        topics:
          - name: \(topic)
            query: 'charge* OR refund*'
        route:
          receiver: hook
          group_by: [connector]
          group_wait: 1s
          group_interval: 1s
        receivers:
          - name: hook
            webhook: { url: "\(webhook)" }
        """
    }

    func remove() { base.remove() }
}
