import ArgumentParser
import Foundation

/// `--config DIR`: the directory holding `connectors/` and `rules/`.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration directory (holds connectors/ and rules/).", valueName: "dir"))
    var config: String = "."

    var directory: String { (config as NSString).expandingTildeInPath }
}

/// `--state DIR`: where hark keeps what it must remember across runs.
struct StateOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("State directory (default: $STATE_DIRECTORY, else ./.hark-state).", valueName: "dir"))
    var state: String?

    var directory: String {
        if let state { return (state as NSString).expandingTildeInPath }
        if let systemd = ProcessInfo.processInfo.environment["STATE_DIRECTORY"], !systemd.isEmpty {
            // systemd may pass several colon-separated directories; the first is ours.
            return String(systemd.split(separator: ":").first ?? Substring(systemd))
        }
        return ".hark-state"
    }
}

/// `--log-level`: how much hark says on stderr.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["HARK_LOG_LEVEL"] ?? "notice"
}

/// Exit statuses the SPEC promises.
enum ExitStatus {
    static let checkFailed = ExitCode(1)
    static let configurationError = ExitCode(2)
}

/// Writes one line to stderr.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
