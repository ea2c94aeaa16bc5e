public import Foundation
public import HarkCore
public import HarkHTTP

/// Placeholder: the `hackernews` connector type.
public struct HackerNewsConnector: HTTPConnector {
    public static let typeName = "hackernews"
    public let definition: ConnectorDefinition

    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
        _ = try definition.requireURL()
        try definition.options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
    }

    public func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage {
        fatalError("not implemented")
    }
}
