import Foundation
import HarkConfig
import HarkCore
import HarkHTTP
import HarkListen

/// Fixture documents and definitions for the connector-type tests.
enum ConnectorFixtures {
    /// The poll time the tests pretend it is: 2024-05-29T16:26:40Z.
    static let fetchedAt = Date(timeIntervalSince1970: 1_717_000_000)

    /// The path of a file under `Fixtures/`.
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    /// A 200 response carrying the fixture file `name`, as if fetched from `url`.
    static func response(_ name: String, url: String) throws -> HTTPResponse {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "application/json; charset=utf-8"], body: Array(data), url: url)
    }

    /// A definition read from connector-file text, as `hark check` would read it.
    static func definition(_ yaml: String, configDirectory: String = "/etc/hark") throws -> ConnectorDefinition {
        try ConnectorDefinition(
            node: YAMLLoader.parse(yaml, file: "/etc/hark/connectors/test.yaml"), configDirectory: configDirectory)
    }

    /// The `ConfigError` building a connector throws, as `FILE:LINE:COL: message`.
    static func configError(_ build: () throws -> Void) -> String? {
        do {
            try build()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A date from RFC 3339 text, read independently of the code under test.
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }
}
