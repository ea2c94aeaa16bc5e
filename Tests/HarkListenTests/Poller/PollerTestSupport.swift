import Foundation
import HarkConfig
import HarkCore
import HarkHTTP
import HarkListen
import HarkState
import HarkTestKit
import Logging

/// A poller over a fresh state directory and a real curl driver, for end-to-end tests.
struct PollerFixture {
    let stateDirectory: String
    let http = CurlDriver()
    let store: StateStore
    let poller: Poller

    init() throws {
        stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hark-poller-\(UUID().uuidString)").path
        store = try StateStore(directory: stateDirectory)
        poller = Poller(http: http, store: store, logger: Logger(label: "test"))
    }

    /// A second poller on the same state directory, as after a restart.
    func reopened() throws -> Poller {
        Poller(http: http, store: try StateStore(directory: stateDirectory), logger: Logger(label: "test"))
    }

    func tearDown() {
        http.shutdown()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

/// Builds a connector from connector-file YAML, as `hark` would load it.
func connector(_ yaml: String, file: String = "connectors/test.yaml") throws -> any Connector {
    let node = try YAMLLoader.parse(yaml, file: file)
    return try ConnectorRegistry.standard.make(try ConnectorDefinition(node: node))
}

/// An RSS 2.0 document with the given item numbers.
func rssDocument(items: [Int], ttl: Int? = nil) -> String {
    var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>CineClub blog</title><link>https://blog.cineclub.example/</link>
        \(ttl.map { "<ttl>\($0)</ttl>" } ?? "")
        """
    for item in items {
        xml += """
            <item><title>Post \(item)</title><link>https://blog.cineclub.example/posts/\(item)</link>
            <guid>post-\(item)</guid><pubDate>Sun, 22 Nov 2026 10:\(10 + item % 50):00 GMT</pubDate>
            <description>&lt;p&gt;Check in failed for post \(item) &amp;amp; more&lt;/p&gt;</description></item>
            """
    }
    return xml + "</channel></rss>"
}

/// Where the test target's fixture files are.
func fixture(_ path: String) throws -> [UInt8] {
    let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    return Array(try Data(contentsOf: root.appendingPathComponent(path)))
}
