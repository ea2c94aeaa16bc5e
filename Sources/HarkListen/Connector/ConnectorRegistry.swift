public import HarkCore

/// The connector types hark knows, by their `type:` name.
public struct ConnectorRegistry: Sendable {
    private var factories: [String: @Sendable (ConnectorDefinition) throws -> any Connector] = [:]

    public init() {}

    /// The types hark ships. A new type is one line here.
    public static let standard: ConnectorRegistry = {
        var registry = ConnectorRegistry()
        registry.register(FeedConnector.self)
        registry.register(AppStoreConnector.self)
        registry.register(RedditConnector.self)
        registry.register(HackerNewsConnector.self)
        registry.register(MastodonConnector.self)
        registry.register(JSONAPIConnector.self)
        registry.register(ExecConnector.self)
        return registry
    }()

    public mutating func register<C: Connector>(_ type: C.Type) {
        factories[C.typeName] = { definition in try C(definition: definition) }
    }

    public var typeNames: [String] { factories.keys.sorted() }

    /// Builds the connector a definition asks for; unknown types are an error at the `type` key.
    public func make(_ definition: ConnectorDefinition) throws(ConfigError) -> any Connector {
        guard let factory = factories[definition.type] else {
            var message = "unknown connector type '\(definition.type)'"
            if let suggestion = Spelling.closest(to: definition.type, among: factories.keys) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += " (known: \(typeNames.joined(separator: ", ")))"
            }
            let typePosition = definition.options.entries.first { $0.key == "type" }?.value.position
            throw ConfigError(message, at: typePosition ?? definition.position)
        }
        do {
            return try factory(definition)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("\(error)", at: definition.position)
        }
    }
}
