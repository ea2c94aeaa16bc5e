import Foundation
import HarkCore
import HarkTestKit
import Testing

/// The `hark` command line, run as a separate process the way users and systemd run it.
@Suite("hark command line", .serialized)
struct CLITests {
    @Test("--version and --help answer without configuration")
    func versionAndHelp() async throws {
        let version = try await HarkBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try await HarkBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("poll") && help.stdout.contains("check"))
    }

    @Test("the example connectors and the demo pass `hark check`")
    func examplesAreValid() async throws {
        for config in [HarkBinary.repositoryRoot, HarkBinary.repositoryRoot + "/demo"] {
            let result = try await HarkBinary.run(["check", "--config", config])
            #expect(result.status == 0, "\(config): \(result.stderr)")
            #expect(result.stdout.hasPrefix("ok: "))
        }
    }

    @Test("`hark check` reports every broken file as FILE:LINE:COL and exits 1")
    func checkReportsPositions() async throws {
        let config = try TemporaryConfig(connectors: [
            "good.yaml": "name: good\ntype: feed\nurl: https://example.com/feed.xml\n",
            "typo.yaml": "name: typo\ntype: feed\nurl: https://example.com/a.xml\nevrey: 5m\n",
            "type.yaml": "name: wrongtype\ntype: fed\nurl: https://example.com/b.xml\n",
            "scheme.yaml": "name: scheme\ntype: feed\nurl: ftp://example.com/c.xml\n",
            "yaml.yaml": "name: [unclosed\ntype: feed\n",
            "dup.yaml": "name: good\ntype: feed\nurl: https://example.com/d.xml\n",
            "binary.yaml": "name: x\u{0}\u{1}",
        ])
        defer { config.remove() }
        let result = try await HarkBinary.run(["check", "--config", config.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("connectors/typo.yaml:4:1: unknown key 'evrey' in connector file; did you mean 'every'?"))
        #expect(lines.contains("connectors/type.yaml:2:7: unknown connector type 'fed'; did you mean 'feed'?"))
        #expect(lines.contains { $0.hasPrefix("connectors/scheme.yaml:3:6: url must start with http:// or https://") })
        #expect(lines.contains { $0.hasPrefix("connectors/yaml.yaml:") && $0.contains("YAML") })
        #expect(lines.contains { $0.hasPrefix("connectors/good.yaml:1:7: connector 'good' is already defined at connectors/dup.yaml") })
        #expect(lines.contains { $0.hasPrefix("connectors/binary.yaml:1:1:") && $0.contains("binary") })
    }

    @Test("`hark poll --once` prints new mentions once, reports failures on stderr and exits 0")
    func pollOnce() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/feed.xml") { _ in
            .ok(
                """
                <rss version="2.0"><channel><title>t</title>
                <item><guid>a-1</guid><title>First</title><description>CineClub charged me twice!</description>
                <pubDate>Fri, 20 Nov 2026 10:00:00 +0100</pubDate><link>https://example.com/1</link></item>
                <item><guid>a-2</guid><title>Second</title><description>Love the &lt;b&gt;app&lt;/b&gt;</description></item>
                </channel></rss>
                """, contentType: "application/rss+xml")
        }
        server.route("/down") { _ in .status(503, body: "maintenance") }
        let config = try TemporaryConfig(connectors: [
            "blog.yaml": "name: blog\ntype: feed\nurl: \(server.url("/feed.xml"))\ntags: [blog]\n",
            "down.yaml": "name: down\ntype: feed\nurl: \(server.url("/down"))\n",
        ])
        defer { config.remove() }

        let first = try await HarkBinary.run(["poll", "--once", "--config", config.path, "--state", config.state])
        #expect(first.status == 0)
        let mentions = try first.stdoutLines.map { try JSONParser.parse($0) }
        try #require(mentions.map { $0["id"]?.stringValue } == ["a-1", "a-2"])
        #expect(mentions[0]["connector"]?.stringValue == "blog")
        #expect(mentions[0]["source"]?.stringValue == "rss")
        #expect(mentions[0]["published_at"]?.stringValue == "2026-11-20T09:00:00Z")
        #expect(mentions[0]["tags"] == ["blog"])
        #expect(mentions[1]["text"]?.stringValue == "Love the app")
        #expect(first.stderr.contains("connector 'down' (\(server.url("/down"))): HTTP 503"))
        #expect(first.stderr.contains("2 new mentions"))

        let second = try await HarkBinary.run(["poll", "--once", "--config", config.path, "--state", config.state])
        #expect(second.status == 0)
        #expect(second.stdout.isEmpty)
    }

    @Test("the offline demo produces mentions from all three recorded channels")
    func demo() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("hark-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let result = try await HarkBinary.run(["poll", "--once", "--config", HarkBinary.repositoryRoot + "/demo", "--state", state])
        #expect(result.status == 0, "\(result.stderr)")
        let connectors = Set(try result.stdoutLines.map { try JSONParser.parse($0)["connector"]?.stringValue ?? "" })
        #expect(connectors == ["recorded-appstore", "recorded-reddit", "recorded-mastodon"])
        #expect(result.stdoutLines.count >= 20)
    }

    @Test("an unknown --connector name is a configuration error (exit 2)")
    func unknownConnector() async throws {
        let config = try TemporaryConfig(connectors: [:])
        defer { config.remove() }
        let result = try await HarkBinary.run(["poll", "--once", "--config", config.path, "--connector", "nope"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no connector named 'nope'"))
    }
}

/// The rule tools marketers use: check, test, try, replay.
@Suite("hark rule commands", .serialized)
struct RuleCommandTests {
    let root = HarkBinary.repositoryRoot

    @Test("`hark test` runs the example rule tests and ends with the counts")
    func ruleTestsPass() async throws {
        let result = try await HarkBinary.run(["test", "--config", root])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdoutLines.last?.hasSuffix(" passed, 0 failed") == true)
    }

    @Test("`hark test` prints expected vs got and exits 1 when an example fails")
    func ruleTestFails() async throws {
        let config = try TemporaryConfig(connectors: [:])
        defer { config.remove() }
        let rules = (config.path as NSString).appendingPathComponent("rules")
        try FileManager.default.createDirectory(atPath: rules + "/tests", withIntermediateDirectories: true)
        try "topics:\n  - name: billing\n    query: refund\n".write(toFile: rules + "/t.yaml", atomically: true, encoding: .utf8)
        try "tests:\n  - text: they charged me twice\n    expect: { topics: [billing] }\n"
            .write(toFile: rules + "/tests/x.yaml", atomically: true, encoding: .utf8)
        let result = try await HarkBinary.run(["test", "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL rules/tests/x.yaml:2:5"))
        #expect(result.stdout.contains("topics: expected [billing], got []"))
        #expect(result.stdoutLines.last == "0 passed, 1 failed")
    }

    @Test("`hark try` explains topics and sentiment, also as JSON")
    func tryExplains() async throws {
        let text = "CineClub charged me twice and I do NOT like it!!"
        let human = try await HarkBinary.run(["try", text, "--config", root])
        #expect(human.status == 0)
        #expect(human.stdout.contains("topics:    billing"))
        #expect(human.stdout.contains("matched \"charged\""))
        #expect(human.stdout.contains("negated by 'NOT'"))
        let json = try await HarkBinary.run(["try", text, "--json", "--config", root])
        let value = try JSONParser.parse(json.stdout)
        #expect(value["topics"] == ["billing"])
        #expect(value.value(at: "sentiment.label")?.stringValue == "negative")
        #expect(value.value(at: "explanation.topics.0.topic")?.stringValue == "billing")
        let words = value.value(at: "explanation.sentiment")?.arrayValue?.compactMap { $0["word"]?.stringValue?.lowercased() }
        #expect(words?.contains("like") == true)
    }

    @Test("`hark replay` labels every good line in order and reports bad ones by line")
    func replay() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var lines = (0..<5000).map { #"{"id":"m\#($0)","text":"they charged me twice, awful"}"# }
        lines[10] = "{not json"
        lines[20] = #"{"id":"no-text"}"#
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await HarkBinary.run(["replay", file, "--config", root])
        #expect(result.status == 0)
        let all = try result.stdoutLines.map { try JSONParser.parse($0) }
        // Mentions, each followed by the notifications that fell due by its time (the example rules route).
        let out = all.filter { $0["alerts"] == nil }
        let notifications = all.filter { $0["alerts"] != nil }
        #expect(notifications.contains { $0["receiver"]?.stringValue == "billing" })
        #expect(out.count == 4998)
        #expect(out.first?["id"]?.stringValue == "m0")
        #expect(out.last?["id"]?.stringValue == "m4999")
        #expect(out.allSatisfy { $0["topics"] == ["billing"] && $0.value(at: "sentiment.label")?.stringValue == "negative" })
        #expect(result.stderr.contains("\(file):11:2:"))
        #expect(result.stderr.contains("\(file):21: "))
        #expect(result.stderr.contains("replayed 4998 mentions"))
        #expect(result.stderr.contains("skipped 2 bad lines"))
    }

    @Test("`hark check` reports rule errors with positions next to connector errors")
    func checkRules() async throws {
        let config = try TemporaryConfig(connectors: [:])
        defer { config.remove() }
        let rules = (config.path as NSString).appendingPathComponent("rules")
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        try "topics:\n  - name: x\n    query: '(a OR b'\n".write(toFile: rules + "/t.yaml", atomically: true, encoding: .utf8)
        let result = try await HarkBinary.run(["check", "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("rules/t.yaml:3:"))
    }
}

@Suite("hark themes and the ordered half of replay", .serialized)
struct ThemesCommandTests {
    let root = HarkBinary.repositoryRoot

    @Test("replay --sort --state gathers themes from history; themes lists them; ship queues the note")
    func themesFromReplay() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("hark-themes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let file = state + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: file) }
        // Out of time order on purpose, from different people; one asks twice.
        let posts: [(String, String, String)] = [
            ("2026-11-20T10:00:00Z", "ana", "Please add guest passes so I can bring a friend"),
            ("2026-11-18T10:00:00Z", "ben", "I wish I could bring a friend who is not a member"),
            ("2026-11-19T10:00:00Z", "cy", "Would pay for a guest pass, honestly"),
            ("2026-11-19T11:00:00Z", "cy", "Would pay for a guest pass, honestly"),
            ("2026-11-19T12:00:00Z", "dee", "The popcorn was stale"),
        ]
        let lines = posts.enumerated().map { index, post in
            #"{"id":"p\#(index)","connector":"forum","author":"\#(post.1)","text":"\#(post.2)","published_at":"\#(post.0)"}"#
        }
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let replay = try await HarkBinary.run(["replay", file, "--sort", "--state", state, "--config", root])
        #expect(replay.status == 0, "\(replay.stderr)")
        let out = try replay.stdoutLines.map { try JSONParser.parse($0) }.filter { $0["alerts"] == nil }
        #expect(out.map { $0["id"]?.stringValue } == ["p1", "p2", "p3", "p4", "p0"], "time order")
        #expect(out.filter { $0["theme"]?.stringValue == "guest-pass" }.count == 4)

        let list = try await HarkBinary.run(["themes", "--json", "--state", state, "--config", root])
        #expect(list.status == 0, "\(list.stderr)")
        let themes = try JSONParser.parse(list.stdout)
        let guest = try #require(themes.arrayValue?.first { $0["id"]?.stringValue == "guest-pass" })
        #expect(guest["authors"] == .number(3), "the repeated post counts once")
        #expect(guest["label"]?.stringValue == "guest passes")

        let ship = try await HarkBinary.run(
            ["themes", "ship", "guest-pass", "--message", "Guest passes are here", "--state", state, "--config", root])
        #expect(ship.status == 0, "\(ship.stderr)")
        // One notice per person who asked (cy asked twice), to the receiver that takes shipped themes.
        #expect(ship.stdoutLines.filter { $0.hasPrefix("queued for product") }.count == 3, "\(ship.stdout)")
        #expect(ship.stdout.contains("3 people asked, 3 told now, 0 told before"))
        let after = try JSONParser.parse(try await HarkBinary.run(["themes", "--json", "--state", state, "--config", root]).stdout)
        let shipped = after.arrayValue?.first { $0["id"]?.stringValue == "guest-pass" }
        #expect(shipped?["status"]?.stringValue == "shipped")
        #expect(shipped?["asked"] == .number(3))
        #expect(shipped?["notified"] == .number(3))
        let text = try await HarkBinary.run(["themes", "--state", state, "--config", root])
        #expect(text.stdout.contains("told 3 of 3 people who asked"))

        // Shipping again tells nobody twice.
        let again = try await HarkBinary.run(
            ["themes", "ship", "guest-pass", "--message", "Guest passes are here", "--state", state, "--config", root])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 told now, 3 told before"))
        #expect(!again.stdout.contains("queued for"))

        let unknown = try await HarkBinary.run(["themes", "ship", "nope", "--message", "x", "--state", state, "--config", root])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no theme 'nope'"))
    }
}

@Suite("hark silence", .serialized)
struct SilenceCommandTests {
    let root = HarkBinary.repositoryRoot

    @Test("add, list and expire silences in the state; replay --state honours them")
    func addListExpire() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("hark-silence-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let file = state + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try #"{"id":"b1","connector":"forum","author":"ana","text":"CineClub charged me twice and nobody answers!!!","published_at":"2026-11-20T10:00:00Z"}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        func billingNotifications() async throws -> Int {
            let replay = try await HarkBinary.run(["replay", file, "--state", state, "--config", root])
            #expect(replay.status == 0, "\(replay.stderr)")
            return try replay.stdoutLines.map { try JSONParser.parse($0) }
                .filter { $0["receiver"]?.stringValue == "billing" }.count
        }
        #expect(try await billingNotifications() == 1, "without a silence the complaint reaches billing")

        let bad = try await HarkBinary.run(
            ["silence", "add", "--match", "topc=billing", "--for", "2h", "--comment", "x", "--state", state])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("did you mean 'topic'"))

        let add = try await HarkBinary.run([
            "silence", "add", "--match", "topic=billing", "--match-re", "connector=for.*", "--start",
            "2026-11-20T00:00:00Z", "--until", "2099-01-01T00:00:00Z", "--comment", "billing outage, known",
            "--author", "ops", "--state", state,
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 32)

        let list = try JSONParser.parse(try await HarkBinary.run(["silence", "list", "--json", "--state", state]).stdout)
        let listed = try #require(list.arrayValue?.first)
        #expect(listed["id"]?.stringValue == id)
        #expect(listed["state"]?.stringValue == "active")
        #expect(listed["comment"]?.stringValue == "billing outage, known")
        #expect(listed["matchers"]?.arrayValue?.count == 2)

        #expect(try await billingNotifications() == 0, "the silence holds in replay --state")

        let expire = try await HarkBinary.run(["silence", "expire", String(id.prefix(8)), "--state", state])
        #expect(expire.status == 0, "\(expire.stderr)")
        #expect(expire.stdout.contains("expired \(id)"))
        let after = try await HarkBinary.run(["silence", "list", "--state", state])
        #expect(after.stdout.contains("no silences in force"))
        let all = try await HarkBinary.run(["silence", "list", "--all", "--state", state])
        #expect(all.stdout.contains("\(id)  expired"))
        let again = try await HarkBinary.run(["silence", "expire", id, "--state", state])
        #expect(again.status == 2)
        // Expired now, and the mention was in 2026-11-20: the silence covered it from its start to
        // the expiry, so a replay of that day is still silenced; a post after the expiry is not.
        try #"{"id":"b2","connector":"forum","author":"ben","text":"CineClub charged me twice and nobody answers!!!","published_at":"2099-06-01T10:00:00Z"}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try await billingNotifications() == 1)
    }
}

@Suite("hark replay and digests")
struct ReplayDigestTests {
    @Test("replay prints each digest once its period ended on the events' clock, instead of live notifications")
    func digestsInEventTime() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hark-digest-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try [
            #"{"id":"d1","connector":"forum","author":"ana","text":"CineClub charged me twice and nobody answers!!!","published_at":"2026-11-20T10:00:00Z"}"#,
            #"{"id":"d2","connector":"forum","author":"ben","text":"Refund please, I was charged twice","published_at":"2026-11-20T12:00:00Z"}"#,
            #"{"id":"d3","connector":"forum","author":"cy","text":"The popcorn machine was out of order","published_at":"2026-11-22T10:00:00Z"}"#,
        ].joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let replay = try await HarkBinary.run(["replay", file, "--config", HarkBinary.repositoryRoot])
        #expect(replay.status == 0, "\(replay.stderr)")
        let lines = try replay.stdoutLines.map { try JSONParser.parse($0) }
        #expect(!lines.contains { $0["receiver"]?.stringValue == "leadership" && $0["alerts"]?.arrayValue?.first?["kind"]?.stringValue != "digest" })
        let digests = lines.enumerated().filter { $0.element["receiver"]?.stringValue == "leadership" }
        #expect(digests.count == 2, "one per day with alerts: \(replay.stdout)")
        let first = try #require(digests.first)
        let content = first.element["alerts"]?.arrayValue?.first?["digest"]
        #expect(content?["period_start"]?.stringValue == "2026-11-20T08:00:00Z")
        #expect(content?["alerts"] == .number(2))
        let billing = content?["sentiment"]?.arrayValue?.first { $0["topic"]?.stringValue == "billing" }
        #expect(billing?["negative"] == .number(2))
        // Printed once the clock passed 2026-11-21T08:00: with the notifications due by the mention of the 22nd.
        let d3 = try #require(lines.firstIndex { $0["id"]?.stringValue == "d3" })
        #expect(first.offset > d3)
        #expect(digests.last?.element["alerts"]?.arrayValue?.first?["digest"]?["period_start"]?.stringValue == "2026-11-22T08:00:00Z")
        #expect(replay.stderr.contains("2 digests"))
    }
}
