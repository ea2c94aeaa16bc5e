import Foundation
import HarkCore
import HarkProcess

/// Runs a program with the notification payload (one JSON line) on standard input (see `ExecSettings`).
///
/// The program also gets `HARK_RECEIVER` and `HARK_NOTIFICATION_ID` in its environment, so a script
/// can de-duplicate after hark was killed mid-delivery.
public struct ExecReceiver: Receiver {
    public let name: String
    let settings: ExecSettings
    /// Where a relative program path resolves, and where the program runs: the configuration directory.
    let directory: String

    /// Lines of standard error quoted in a failure.
    static let quotedErrorLines = 5

    public init(name: String, settings: ExecSettings, directory: String) {
        self.name = name
        self.settings = settings
        self.directory = directory
    }

    public func deliver(_ notification: OutgoingNotification) async throws(DeliveryError) {
        let executable = try locate(settings.command[0])
        var input = JSONWriter.bytes(notification.payload)
        input.append(0x0A)
        let environment = ProcessInfo.processInfo.environment.merging(
            ["HARK_RECEIVER": name, "HARK_NOTIFICATION_ID": notification.id]) { _, added in added }
        let program = ProgramRun(
            executable: executable, arguments: Array(settings.command.dropFirst()), environment: environment,
            directory: directory, input: input, timeout: settings.timeout, killGrace: .seconds(3), maxOutput: 0,
            keptErrorBytes: 16 << 10)
        let outcome: ProgramRun.Outcome
        do {
            outcome = try await program.run()
        } catch {
            throw DeliveryError(receiver: name, message: error.message)
        }
        if outcome.cancelled { throw DeliveryError.cancelled(name) }
        let errorLines = String(decoding: outcome.errorTail, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let quoted = errorLines.suffix(Self.quotedErrorLines).joined(separator: " | ")
        let stderrNote = quoted.isEmpty ? "" : "; stderr ends: \(quoted)"
        let command = settings.command[0]
        if outcome.timedOut {
            throw DeliveryError(
                receiver: name,
                message:
                    "\(command) timed out after \(DurationText.format(settings.timeout)) and was stopped\(stderrNote)")
        }
        switch outcome.ending {
        case .exited(0):
            break
        case .exited(let status):
            throw DeliveryError(receiver: name, message: "\(command) exited with status \(status)\(stderrNote)")
        case .signaled(let signal):
            throw DeliveryError(receiver: name, message: "\(command) was killed by signal \(signal)\(stderrNote)")
        }
    }

    /// The program's absolute path: as given, relative to the configuration directory, or from `PATH`.
    private func locate(_ program: String) throws(DeliveryError) -> String {
        if program.contains("/") {
            let resolved = URL(fileURLWithPath: program, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
                .standardizedFileURL.path
            guard FileManager.default.isExecutableFile(atPath: resolved) else {
                throw DeliveryError(receiver: name, message: "program \(resolved) does not exist or is not executable")
            }
            return resolved
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw DeliveryError(receiver: name, message: "program '\(program)' was not found in PATH")
    }
}
