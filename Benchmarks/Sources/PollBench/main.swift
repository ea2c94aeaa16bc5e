// Serves N generated RSS feeds from loopback servers in this process, writes N connector files,
// then runs the real `hark poll --once` binary against them twice (a cold poll, then a conditional
// poll that should be all 304s) and reports wall time, transfers/s, mentions and the child's peak RSS.
//
//   PollBench --hark .build/release/hark [--feeds 10000] [--hosts 8] [--items 20]
import Foundation
import HarkTestKit

#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var hark = ".build/release/hark"
    var feeds = 10_000
    var hosts = 8
    var items = 20

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { break }
            switch flag {
            case "--hark": hark = value
            case "--feeds": feeds = Int(value) ?? feeds
            case "--hosts": hosts = Int(value) ?? hosts
            case "--items": items = Int(value) ?? items
            default: FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
            }
        }
    }
}

/// A deterministic RSS 2.0 document for feed `index` with `items` items.
func feedDocument(index: Int, items: Int) -> [UInt8] {
    var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel><title>Feed \(index)</title><link>https://blog\(index).example.com/</link>
        <description>Generated feed \(index)</description><language>en</language><ttl>60</ttl>

        """
    for item in 0..<items {
        let minute = (index * 7 + item * 13) % 60
        xml += """
            <item><title>Post \(item) of feed \(index): CineClub check-in &amp; billing</title>
            <link>https://blog\(index).example.com/posts/\(item)</link>
            <guid isPermaLink="false">feed-\(index)-item-\(item)</guid>
            <dc:creator>author\(item % 17)</dc:creator>
            <pubDate>Fri, 20 Nov 2026 \(10 + item % 12):\(minute < 10 ? "0" : "")\(minute):00 +0100</pubDate>
            <description><![CDATA[<p>I wish I could use my <b>CineClub</b> credits at IMAX. The app charged me twice &mdash; please fix the refund flow. Item \(item).</p>]]></description>
            <content:encoded><![CDATA[<p>Longer body for item \(item) in feed \(index). Check in failed again at the door; card locked. Support said they would call back &amp; never did.</p><p>Second paragraph with a <a href="/relative/\(item)">relative link</a>.</p>]]></content:encoded>
            </item>

            """
    }
    xml += "</channel></rss>\n"
    return Array(xml.utf8)
}

struct RunResult {
    var seconds: Double
    var peakRSSKiB: Int
    var mentions: Int
    var status: Int32
    var stderrTail: String
}

/// Runs hark as a child process and reads its peak RSS from `wait4`, which counts only the child.
func runHark(_ path: String, arguments: [String], stdoutPath: String, stderrPath: String) -> RunResult {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = Date()
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
    posix_spawn_file_actions_destroy(&actions)
    guard spawned == 0 else {
        fatalError("cannot start \(path): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let seconds = Date().timeIntervalSince(start)
    let output = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
    let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    return RunResult(
        seconds: seconds, peakRSSKiB: Int(usage.ru_maxrss),
        mentions: output.split(separator: "\n").count, status: (status >> 8) & 0xFF,
        stderrTail: String(errors.split(separator: "\n").suffix(3).joined(separator: " | ")))
}

let options = Options(CommandLine.arguments)
let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("hark-pollbench-\(getpid())")
let connectorsDirectory = workDirectory.appendingPathComponent("connectors")
try FileManager.default.createDirectory(at: connectorsDirectory, withIntermediateDirectories: true)
defer {
    if ProcessInfo.processInfo.environment["POLLBENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: workDirectory) }
}

// Several loopback addresses, so hark's per-host politeness limit applies as it would on the internet.
var servers: [LoopbackHTTPServer] = []
for host in 0..<options.hosts {
    let server = try LoopbackHTTPServer(host: "127.0.0.\(host + 2)")
    let items = options.items
    let lastModified = Reply.httpDate(Date(timeIntervalSince1970: 1_795_000_000))
    server.routePrefix("/feed/") { request in
        let index = Int(request.path.split(separator: "/").last ?? "0") ?? 0
        return .conditional(
            request: request, body: feedDocument(index: index, items: items), etag: "\"v1-\(index)\"",
            lastModified: lastModified, contentType: "application/rss+xml; charset=utf-8")
    }
    servers.append(server)
}

for index in 0..<options.feeds {
    let server = servers[index % servers.count]
    let yaml = """
        name: feed-\(index)
        type: feed
        url: \(server.url("/feed/\(index)"))
        every: 10m

        """
    try yaml.write(to: connectorsDirectory.appendingPathComponent("feed-\(index).yaml"), atomically: false, encoding: .utf8)
}

let arguments = ["poll", "--once", "--config", workDirectory.path, "--state", workDirectory.appendingPathComponent("state").path]
let stdoutPath = workDirectory.appendingPathComponent("out.jsonl").path
let stderrPath = workDirectory.appendingPathComponent("err.log").path
let cold = runHark(options.hark, arguments: arguments, stdoutPath: stdoutPath, stderrPath: stderrPath)
let requestsAfterCold = servers.reduce(0) { $0 + $1.requests.count }
let warm = runHark(options.hark, arguments: arguments, stdoutPath: stdoutPath, stderrPath: stderrPath)
let requestsTotal = servers.reduce(0) { $0 + $1.requests.count }
let notModified = servers.reduce(0) { total, server in
    total + server.requests.dropFirst(0).filter { $0.header("If-None-Match") != nil }.count
}
for server in servers { server.stop() }

func line(_ name: String, _ run: RunResult, transfers: Int) -> String {
    let rate = Double(transfers) / run.seconds
    return """
        {"run":"\(name)","feeds":\(options.feeds),"hosts":\(options.hosts),"items_per_feed":\(options.items),\
        "transfers":\(transfers),"seconds":\(String(format: "%.2f", run.seconds)),\
        "transfers_per_second":\(String(format: "%.0f", rate)),"new_mentions":\(run.mentions),\
        "peak_rss_mb":\(String(format: "%.1f", Double(run.peakRSSKiB) / 1024)),"exit":\(run.status),\
        "stderr_tail":"\(run.stderrTail.replacingOccurrences(of: "\"", with: "'"))"}
        """
}
print(line("cold", cold, transfers: requestsAfterCold))
print(line("conditional", warm, transfers: requestsTotal - requestsAfterCold))
FileHandle.standardError.write(Data("conditional requests sent: \(notModified)\n".utf8))
