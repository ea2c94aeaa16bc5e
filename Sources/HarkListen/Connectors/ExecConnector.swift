public import HarkCore

/// Placeholder: the `exec` connector type.
public struct ExecConnector: Connector {
    public static let typeName = "exec"
    public let definition: ConnectorDefinition

    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
    }

    public func poll(_ context: PollContext) async throws(PollFailure) -> PollResult {
        fatalError("not implemented")
    }
}
