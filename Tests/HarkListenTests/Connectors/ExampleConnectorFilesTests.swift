import Foundation
import HarkConfig
import HarkCore
import HarkListen
import Testing

/// The example files in `connectors/` are what a new user copies first; they must pass
/// `hark check` as shipped.
@Suite struct ExampleConnectorFilesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("connectors")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereIsAnExampleForEveryJSONType() {
        #expect(
            Self.files == [
                "appstore-reviews.yaml", "brand-blog.yaml", "hn-mentions.yaml", "json-api.yaml",
                "mastodon-tag.yaml", "reddit-new.yaml", "replay.yaml",
            ])
    }

    @Test(arguments: files) func exampleBuilds(file: String) throws {
        let path = Self.directory.appendingPathComponent(file).path
        let definition = try ConnectorDefinition(node: YAMLLoader.load(path: path, displayName: "connectors/\(file)"))
        let connector = try ConnectorRegistry.standard.make(definition)
        #expect(type(of: connector).typeName == definition.type)
    }
}
