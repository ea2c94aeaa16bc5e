import ArgumentParser
import HarkHTTP

/// The `hark` command: the daemon and the tools around it, one subcommand each.
@main
struct Hark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hark",
        abstract: "Listen to what people say about a brand, learn from it, and tell the right people.",
        discussion: """
            Configuration lives in one directory holding connectors/ and rules/ (--config, default: the \
            current directory). State lives in one directory (--state, default: $STATE_DIRECTORY under \
            systemd, else ./.hark-state).

            Exit codes: 0 success, 1 a check or test failed, 2 usage or configuration error.
            """,
        version: HarkVersion.string,
        subcommands: [
            RunCommand.self, PollCommand.self, CheckCommand.self, TestCommand.self, TryCommand.self,
            ReplayCommand.self, ThemesCommand.self, SilenceCommand.self,
        ]
    )
}
