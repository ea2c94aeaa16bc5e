import Foundation
import HarkProcess
public import HarkCore
import HarkHTTP
import Logging

/// The `exec` connector type: runs a program and reads the mentions it prints, one JSON object
/// per line, so a source in any language plugs in without recompiling hark.
///
/// ```yaml
/// type: exec
/// command: ["python3", "scripts/fetch.py", "--since", "1h"]   # argv; no shell
/// env:                                                        # added to hark's environment
///   API_TOKEN: { env: VENDOR_TOKEN }
/// workdir: scripts                                            # default: the config directory
/// timeout: 2m                                                 # default 60s
/// max_bytes: 16MB                                             # cap on the program's output
/// ```
///
/// Paths: relative `workdir` resolves against the configuration directory (`--config DIR`, the
/// folder that holds `connectors/`, `definition.configDirectory`), never against the daemon's own
/// working directory; `workdir` defaults to it. The program runs in `workdir`; a program path or
/// argument with a `/` is relative to it, a bare program name is looked up in `PATH`.
///
/// Each output line is one mention in the JSON shape of `hark replay` (`id` and `text` required;
/// `connector`, `source`, `published_at`, `tags` and `language` default to this connector, `exec`,
/// the poll time, the file's tags and language). A bad line becomes a warning naming its line
/// number; the good ones are kept. A non-zero exit status, a timeout (SIGTERM, then SIGKILL to
/// the program's whole process group) or output over `max_bytes` fails the poll; the failure
/// quotes the end of standard error, which is otherwise logged.
public struct ExecConnector: Connector {
    public static let typeName = "exec"
    public let definition: ConnectorDefinition
    /// The program and its arguments, as written.
    let command: [String]
    let environment: [(name: String, value: SecretValue)]
    /// Absolute working directory.
    let workdir: String
    /// Time between SIGTERM and SIGKILL on timeout.
    var killGrace: Duration = .seconds(5)

    /// Lines of standard error quoted in a failure; the full tail goes to the log.
    static let quotedErrorLines = 5

    /// Reads `command`, `env` and `workdir`; an exec connector has no `url`.
    public init(definition: ConnectorDefinition) throws(ConfigError) {
        self.definition = definition
        var options = definition.options
        if definition.url != nil {
            let urlPosition = options.entries.first { $0.key == "url" }?.value.position
            throw ConfigError(
                "an exec connector runs a program and takes no 'url'", at: urlPosition ?? definition.position)
        }
        let commandNode = try options.required("command")
        switch commandNode.kind {
        case .sequence(let items):
            var argv: [String] = []
            for item in items { argv.append(try item.string("each command argument")) }
            guard let program = argv.first, !program.isEmpty else {
                throw ConfigError("command needs at least the program to run", at: commandNode.position)
            }
            command = argv
        case .scalar(let text):
            let words = text.split(separator: " ").map { "\"\($0)\"" }.joined(separator: ", ")
            throw ConfigError(
                "command must be a list (it runs without a shell), e.g. command: [\(words)]",
                at: commandNode.position)
        default:
            throw ConfigError(
                "expected command to be a list like [\"python3\", \"fetch.py\"], found \(commandNode.shapeName)",
                at: commandNode.position)
        }
        var environment: [(name: String, value: SecretValue)] = []
        if let envNode = options.optional("env") {
            for entry in try envNode.entries("env") {
                guard !entry.key.isEmpty, !entry.key.contains("="), !entry.key.contains("\0") else {
                    throw ConfigError("'\(entry.key)' is not a valid environment variable name", at: entry.keyPosition)
                }
                environment.append((entry.key, try SecretValue(node: entry.value)))
            }
        }
        self.environment = environment
        let root = URL(fileURLWithPath: definition.configDirectory, isDirectory: true).standardizedFileURL.path
        if let workdirNode = options.optional("workdir") {
            let path = try workdirNode.string("workdir")
            workdir =
                URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: root, isDirectory: true))
                .standardizedFileURL.path
        } else {
            workdir = root
        }
        try options.rejectUnknownKeys(known: ConnectorDefinition.commonKeys)
    }

    /// The command as a person would type it, to name this source in failures.
    var commandLine: String {
        command.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    /// Runs the program once and reads its output.
    public func poll(_ context: PollContext) async throws(PollFailure) -> PollResult {
        try await run(now: context.now, logger: context.logger)
    }

    /// The poll without the HTTP parts of `PollContext`, which a program does not need.
    func run(now: Date, logger: Logger) async throws(PollFailure) -> PollResult {
        var variables = ProcessInfo.processInfo.environment
        do {
            for (name, value) in environment { variables[name] = try value.resolve() }
        } catch {
            throw failure(error.description)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workdir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw failure("working directory \(workdir) does not exist")
        }
        let executable = try locate(command[0], path: variables["PATH"])
        let program = ProgramRun(
            executable: executable, arguments: Array(command.dropFirst()), environment: variables,
            directory: workdir, timeout: definition.limits.totalTimeout, killGrace: killGrace,
            maxOutput: definition.limits.maxResponseBytes)
        let outcome: ProgramRun.Outcome
        do {
            outcome = try await program.run()
        } catch {
            throw failure(error.message)
        }
        let errorLines = String(decoding: outcome.errorTail, as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { PlainText.collapseWhitespace(String($0)) }
            .filter { !$0.isEmpty }
        for line in errorLines {
            logger.notice(
                "\(line)", metadata: ["connector": "\(definition.name)", "stream": "stderr"])
        }
        let quoted = errorLines.suffix(Self.quotedErrorLines).joined(separator: " | ")
        let stderrNote = quoted.isEmpty ? "" : "; stderr ends: \(quoted)"
        if outcome.cancelled {
            throw failure("stopped because the poll was cancelled")
        }
        if outcome.timedOut {
            throw failure("timed out after \(Self.format(definition.limits.totalTimeout)) and was stopped\(stderrNote)")
        }
        if outcome.outputOverflowed {
            throw failure(
                "printed more than \(definition.limits.maxResponseBytes) bytes (max_bytes) and was stopped")
        }
        switch outcome.ending {
        case .exited(0):
            break
        case .exited(let status):
            throw failure("exited with status \(status)\(stderrNote)")
        case .signaled(let signal):
            throw failure("was killed by signal \(signal)\(stderrNote)")
        }
        let defaults = MentionDefaults(
            connector: definition.name, source: .exec, fetchedAt: now, tags: definition.tags,
            language: definition.language)
        let (mentions, warnings) = Self.decode(outcome.output, defaults: defaults)
        return PollResult(mentions: mentions, warnings: warnings)
    }

    /// Mentions from JSON lines; each bad line is a warning with its 1-based number.
    static func decode(_ output: [UInt8], defaults: MentionDefaults) -> ([Mention], [String]) {
        var mentions: [Mention] = []
        var warnings: [String] = []
        for (index, line) in output.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(line)
            } catch {
                warnings.append("line \(number), column \(error.column): not valid JSON: \(error.message)")
                continue
            }
            do {
                mentions.append(try Mention(json: value, defaults: defaults))
            } catch {
                warnings.append("line \(number): \(error)")
            }
        }
        return (mentions, warnings)
    }

    /// The program's absolute path: as given, relative to `workdir`, or found in `PATH`.
    private func locate(_ program: String, path: String?) throws(PollFailure) -> String {
        if program.contains("/") {
            let url = URL(fileURLWithPath: program, relativeTo: URL(fileURLWithPath: workdir, isDirectory: true))
            let resolved = url.standardizedFileURL.path
            guard FileManager.default.isExecutableFile(atPath: resolved) else {
                throw failure("program \(resolved) does not exist or is not executable")
            }
            return resolved
        }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for directory in directories where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw failure("program '\(program)' was not found in PATH")
    }

    private func failure(_ message: String) -> PollFailure {
        PollFailure(connector: definition.name, url: commandLine, message: message)
    }

    private static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds)s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18)s"
    }
}
