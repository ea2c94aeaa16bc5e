import Foundation
import HarkCore
import HarkListen
import Testing

/// The example files in `connectors/` are what a new user copies first; they must pass
/// `hark check` as shipped.
@Suite struct ExampleConnectorFilesTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func everyExampleLoadsWithoutErrors() {
        let catalog = ConnectorCatalog.load(configDirectory: Self.repository)
        #expect(catalog.errors.map(\.description) == [])
        let types = Dictionary(
            catalog.connectors.map { ($0.definition.name, $0.definition.type) }, uniquingKeysWith: { $1 })
        #expect(
            types == [
                "github-blog": "feed", "starbucks-ios-us": "appstore", "reddit-starbucks-new": "reddit",
                "hn-starbucks": "hackernews", "mastodon-starbucks-tag": "mastodon", "lemmy-starbucks": "json",
                "replay-saved-mentions": "exec",
            ])
    }

    @Test func illustrationsAreDisabled() {
        let catalog = ConnectorCatalog.load(configDirectory: Self.repository)
        let disabled = catalog.connectors.filter { !$0.definition.enabled }.map(\.definition.name).sorted()
        #expect(disabled == ["lemmy-starbucks", "replay-saved-mentions"])
    }
}
