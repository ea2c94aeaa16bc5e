public import Foundation
public import HarkCore
public import HarkHTTP

/// Placeholder: the `reddit` connector type.
public struct RedditConnector: HTTPConnector {
    public static let typeName = "reddit"
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
