import Foundation
import Glibc
import HarkCore
import HarkTestKit
import Synchronization
import Testing

/// `hark run`, the daemon, as a separate process against real servers on loopback: a feed that
/// grows while hark polls it and a webhook that records what it is sent.
@Suite("hark run", .serialized)
struct RunTests {
    @Test("mentions become alerts at the webhook; SIGTERM stops hark cleanly with exit 0")
    func deliversAndStops() async throws {
        let feed = try GrowingFeed(total: 12, perPoll: 4)
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }

        let hark = try RunningHark(config.arguments)
        defer { hark.stop() }
        let all = await RunningHark.waitUntil { Set(webhook.mentionIDs) == Set(feed.ids) }
        #expect(all, "received \(webhook.mentionIDs.sorted()); log:\n\(hark.stderr)")
        #expect(webhook.mentionIDs.count == feed.total)
        let first = try #require(webhook.notifications.first)
        #expect(first["receiver"]?.stringValue == "hook")
        #expect(first["status"]?.stringValue == "firing")
        #expect(first["alerts"]?.arrayValue?.first?["labels"]?["topic"]?.stringValue == "billing")

        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0, "log:\n\(hark.stderr)")
        #expect(hark.stderr.contains("stopping"))

        // A restart on the same state sends nothing again.
        let before = webhook.server.requests(to: "/hook").count
        let again = try RunningHark(config.arguments)
        defer { again.stop() }
        #expect(await again.waitForLog("hark is running"))
        let polls = feed.server.requests(to: "/feed.xml").count
        #expect(await RunningHark.waitUntil { feed.server.requests(to: "/feed.xml").count >= polls + 2 })
        // Long enough for a group (1 s wait) to have gone out had anything been routed.
        try await Task.sleep(for: .seconds(3))
        again.send(SIGTERM)
        #expect(await again.waitForExit() == 0)
        #expect(webhook.server.requests(to: "/hook").count == before)
    }

    @Test("killed with SIGKILL under load three times and restarted, hark delivers every alert exactly once")
    func survivesKill() async throws {
        let feed = try GrowingFeed(total: 60, perPoll: 3)
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }

        // Each life is killed once it has delivered a little more than the one before it.
        for life in 1...3 {
            let delivered = webhook.notifications.count
            let hark = try RunningHark(config.arguments)
            defer { hark.stop() }
            #expect(
                await RunningHark.waitUntil { webhook.notifications.count >= delivered + 2 },
                "life \(life) delivered nothing; log:\n\(hark.stderr)")
            hark.send(SIGKILL)
            #expect(await hark.waitForExit() != nil)
        }
        let beforeRestart = Set(webhook.mentionIDs)
        #expect(beforeRestart.count < feed.total, "the kills came after everything was sent; the test proves nothing")

        let second = try RunningHark(config.arguments)
        defer { second.stop() }
        let all = await RunningHark.waitUntil(timeout: .seconds(120)) { Set(webhook.mentionIDs) == Set(feed.ids) }
        #expect(all, "missing \(Set(feed.ids).subtracting(webhook.mentionIDs).sorted()); log:\n\(second.stderr)")
        // Nothing more is coming: the feed is exhausted and groups wait one second.
        try await Task.sleep(for: .seconds(3))
        second.send(SIGTERM)
        #expect(await second.waitForExit() == 0)

        let alerts = webhook.alertIDs
        let repeated = Dictionary(grouping: alerts, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(repeated.isEmpty, "alerts sent twice: \(repeated.sorted())")
        #expect(webhook.mentionIDs.count == feed.total)
    }

    @Test("a broken configuration on SIGHUP is rejected with `hark check` messages; a good one is swapped in")
    func reload() async throws {
        let feed = try GrowingFeed(total: 2, perPoll: 2)
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }

        // SIGHUP alone: with the file watcher on, the edits below would also reload the rules half
        // a second later, and delivery could go from generation 1 straight to 3.
        let hark = try RunningHark(config.arguments + ["--no-watch"])
        defer { hark.stop() }
        #expect(await hark.waitForLog("hark is running"))

        try "topics:\n  - name: broken\n    query: '(charge*'\n".write(
            toFile: (config.rulesFolder as NSString).appendingPathComponent("zz-broken.yaml"), atomically: true,
            encoding: .utf8)
        hark.send(SIGHUP)
        #expect(await hark.waitForLog("configuration rejected"), "log:\n\(hark.stderr)")
        #expect(hark.stderr.contains("rules/zz-broken.yaml:3:"))
        #expect(hark.status == nil)

        try FileManager.default.removeItem(atPath: (config.rulesFolder as NSString).appendingPathComponent("zz-broken.yaml"))
        try RunConfig.rules(webhook: webhook.url, topic: "payments").write(
            toFile: config.rulesFile, atomically: true, encoding: .utf8)
        hark.send(SIGHUP)
        #expect(await hark.waitForLog("configuration reloaded"), "log:\n\(hark.stderr)")
        #expect(await hark.waitForLog("processing with configuration generation 2"))
        #expect(await hark.waitForLog("delivering with configuration generation 2"))
        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0)
    }

    @Test("with NOTIFY_SOCKET set, systemd hears READY, then RELOADING/READY on SIGHUP, then STOPPING")
    func notifiesSystemd() async throws {
        let feed = try GrowingFeed(total: 1, perPoll: 1)
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }
        let socket = try DatagramListener()

        let hark = try RunningHark(config.arguments, environment: ["NOTIFY_SOCKET": socket.path])
        defer { hark.stop() }
        #expect(await RunningHark.waitUntil { socket.lines.contains("READY=1") }, "got \(socket.lines)")
        hark.send(SIGHUP)
        #expect(
            await RunningHark.waitUntil {
                let lines = socket.lines
                return lines.firstIndex(of: "RELOADING=1").map { lines[$0...].contains("READY=1") } ?? false
            }, "got \(socket.lines)")
        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0)
        #expect(await RunningHark.waitUntil { socket.lines.contains("STOPPING=1") })

        let lines = socket.lines
        let ready = try #require(lines.firstIndex(of: "READY=1"))
        let reloading = try #require(lines.firstIndex(of: "RELOADING=1"))
        let stopping = try #require(lines.firstIndex(of: "STOPPING=1"))
        #expect(ready < reloading && reloading < stopping)
        #expect(lines[reloading...].contains("READY=1"))
        #expect(lines.contains { $0.hasPrefix("STATUS=") })
    }
}

/// A datagram socket standing in for systemd's notification socket; a thread collects every line.
final class DatagramListener {
    let path: String
    private let fd: Int32
    private let received = Locked<[String]>([])
    private let thread: Thread

    init() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hark-run-notify-\(UUID().uuidString.prefix(8))").path
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let received = self.received
        // Stops once the socket is shut down (deinit) and a receive times out or fails.
        thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count > 0 {
                    let lines = String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n").map(String.init)
                    received.value.withLock { $0 += lines }
                } else if count < 0, errno == EAGAIN || errno == EINTR {
                    if Thread.current.isCancelled { break }
                } else {
                    break
                }
            }
        }
        thread.start()
    }

    /// Every line received so far, in order (`MONOTONIC_USEC=` lines included).
    var lines: [String] { received.value.withLock { $0 } }

    deinit {
        thread.cancel()
        shutdown(fd, Int32(SHUT_RDWR))
        // Wait for the thread to leave recv before closing, so the descriptor is not reused under it.
        while !thread.isFinished { usleep(10_000) }
        close(fd)
        unlink(path)
    }
}

/// The daemon's side of issue 5: silences from `hark silence add` and askers who come after a theme
/// shipped.
@Suite("hark run: silences and closing the loop", .serialized)
struct RunRespondTests {
    @Test("a silence added with `hark silence add` keeps the daemon quiet about matching alerts")
    func honoursCLISilence() async throws {
        let feed = try GrowingFeed(total: 8, perPoll: 4)
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }
        let add = try await HarkBinary.run(
            ["silence", "add", "--match", "topic=billing", "--for", "1h", "--comment", "known billing outage", "--state", config.state])
        #expect(add.status == 0, "\(add.stderr)")

        let hark = try RunningHark(config.arguments)
        defer { hark.stop() }
        #expect(await RunningHark.waitUntil { feed.server.requests(to: "/feed.xml").count >= 3 })
        // Every item fetched and processed; long enough for a 1 s group to have gone out.
        try await Task.sleep(for: .seconds(4))
        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0, "log:\n\(hark.stderr)")
        #expect(webhook.server.requests(to: "/hook").isEmpty, "log:\n\(hark.stderr)")
        #expect(!hark.stderr.contains("notification enqueued"))
    }

    @Test("people who ask after a theme shipped are told by the daemon, once each")
    func tellsLateAskers() async throws {
        let webhook = try RecordingWebhook()
        let feedServer = try LoopbackHTTPServer()
        defer { feedServer.stop() }
        feedServer.route("/feed.xml") { _ in
            .ok(
                """
                <rss version="2.0"><channel><title>t</title>
                <item><guid>late-1</guid><author>cy@example.com (cy)</author><link>https://forum.example/late-1</link>
                <description>Please add guest passes so I can bring a friend</description></item>
                </channel></rss>
                """, contentType: "application/rss+xml")
        }
        let config = try RunConfig(feed: feedServer.url("/feed.xml"), webhook: webhook.url)
        defer { config.remove() }
        try """
            themes:
              settings: { min_authors: 2 }
              pinned:
                - name: guest-pass
                  label: "guest passes"
                  seeds: ["guest pass", "bring a friend"]
            route:
              receiver: quiet
              routes:
                - match: { kind: theme-shipped }
                  receiver: hook
            receivers:
              - name: hook
                webhook: { url: "\(webhook.url)" }
              - name: quiet
                file: { path: quiet.jsonl }
            """.write(toFile: config.rulesFile, atomically: true, encoding: .utf8)
        // History: two people asked; the theme ships and they are queued.
        let history = config.path + "/history.jsonl"
        try [
            #"{"id":"h1","connector":"forum","author":"ana","url":"https://forum.example/h1","text":"Please add guest passes so I can bring a friend","published_at":"2026-11-18T10:00:00Z"}"#,
            #"{"id":"h2","connector":"forum","author":"ben","url":"https://forum.example/h2","text":"I wish I could bring a friend with a guest pass","published_at":"2026-11-19T10:00:00Z"}"#,
        ].joined(separator: "\n").write(toFile: history, atomically: true, encoding: .utf8)
        let replay = try await HarkBinary.run(["replay", history] + config.arguments.prefix(4))
        #expect(replay.status == 0, "\(replay.stderr)")
        let ship = try await HarkBinary.run(
            ["themes", "ship", "guest-pass", "--message", "Guest passes are here"] + config.arguments.prefix(4))
        #expect(ship.stdout.contains("2 people asked, 2 told now"), "\(ship.stdout)\(ship.stderr)")

        let hark = try RunningHark(config.arguments)
        defer { hark.stop() }
        let told = await RunningHark.waitUntil { webhook.notifications.count >= 3 }
        #expect(told, "log:\n\(hark.stderr)")
        try await Task.sleep(for: .seconds(3))
        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0)
        let askers = webhook.notifications.compactMap {
            $0["alerts"]?.arrayValue?.first?["theme"]?["askers"]?.arrayValue?.first?["url"]?.stringValue
        }
        #expect(askers.sorted() == ["https://forum.example/h1", "https://forum.example/h2", "https://forum.example/late-1"])
        let list = try JSONParser.parse(
            try await HarkBinary.run(["themes", "--json"] + config.arguments.prefix(4)).stdout)
        let theme = list.arrayValue?.first { $0["id"]?.stringValue == "guest-pass" }
        #expect(theme?["asked"] == .number(3))
        #expect(theme?["notified"] == .number(3))
    }

    @Test("a receiver with digest: gets one summary per period from the daemon, no live alerts")
    func deliversDigests() async throws {
        let feed = try GrowingFeed(total: 8, perPoll: 4)
        let webhook = try RecordingWebhook()
        let config = try RunConfig(feed: feed.url, webhook: webhook.url)
        defer { config.remove() }
        try (RunConfig.rules(webhook: webhook.url) + "\n    digest: { every: 3s, sections: [sentiment, affected] }\n")
            .write(toFile: config.rulesFile, atomically: true, encoding: .utf8)
        let hark = try RunningHark(config.arguments)
        defer { hark.stop() }
        let arrived = await RunningHark.waitUntil {
            webhook.notifications.flatMap { $0["alerts"]?.arrayValue ?? [] }
                .compactMap { $0["digest"]?["alerts"]?.intValue }.reduce(0, +) >= feed.total
        }
        #expect(arrived, "log:\n\(hark.stderr)")
        hark.send(SIGTERM)
        #expect(await hark.waitForExit() == 0)
        let kinds = webhook.notifications.flatMap { $0["alerts"]?.arrayValue ?? [] }.compactMap { $0["kind"]?.stringValue }
        #expect(Set(kinds) == ["digest"], "no live alerts: \(kinds)")
        let affected = webhook.notifications.flatMap { $0["alerts"]?.arrayValue ?? [] }
            .compactMap { $0["digest"]?["affected"]?.arrayValue?.first?["topic"]?.stringValue }
        #expect(affected.allSatisfy { $0 == "billing" } && !affected.isEmpty)
    }
}
