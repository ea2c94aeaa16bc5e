import HarkCore

/// An `exec:` receiver: runs a program (argv, no shell) with the payload JSON on standard input.
///
/// ```yaml
/// - name: pager
///   exec: { command: ["scripts/page-oncall", "--team", "payments"], timeout: 30s }
/// ```
///
/// Exit status 0 is a delivery; anything else (or a timeout) is a failure that quotes the end of
/// standard error, and is retried. A relative program path resolves against the configuration
/// directory; a bare name is looked up in `PATH`.
public struct ExecSettings: Sendable {
    public var command: [String]
    public var timeout: Duration

    public init(command: [String], timeout: Duration = .seconds(30)) {
        self.command = command
        self.timeout = timeout
    }

    static func parse(_ node: ConfigNode) throws(ConfigError) -> ExecSettings {
        var mapping = try node.mapping("exec")
        let commandNode = try mapping.required("command")
        guard case .sequence = commandNode.kind else {
            if case .scalar(let text) = commandNode.kind {
                let words = text.split(separator: " ").map { "\"\($0)\"" }.joined(separator: ", ")
                throw ConfigError(
                    "command must be a list (it runs without a shell), e.g. command: [\(words)]",
                    at: commandNode.position)
            }
            throw ConfigError("expected command to be a list, found \(commandNode.shapeName)", at: commandNode.position)
        }
        let command = try commandNode.stringList("each command argument")
        guard let program = command.first, !program.isEmpty else {
            throw ConfigError("command needs at least the program to run", at: commandNode.position)
        }
        let timeout = try mapping.optional("timeout")?.duration("timeout") ?? .seconds(30)
        try mapping.rejectUnknownKeys()
        return ExecSettings(command: command, timeout: timeout)
    }
}
