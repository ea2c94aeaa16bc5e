import Foundation
import Glibc
import Logging
import Synchronization

/// Logs one event per line on stderr (`level label: message key=value …`), which the journal
/// stores as one entry each; systemd adds the time, so hark does not.
///
/// One event is always one line: line breaks inside a message or a value (a multi-line error from a
/// library) are written as `\n`. Under systemd (`JOURNAL_STREAM` set) each line starts with the
/// syslog priority (`<3>` for errors), which journald turns into the entry's level, so
/// `journalctl -p warning -u hark` works.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String
    let journalPriorities: Bool

    init(label: String, level: Logger.Level, journalPriorities: Bool = false) {
        self.label = label
        self.logLevel = level
        self.journalPriorities = journalPriorities
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = journalPriorities ? "<\(Self.priority(event.level))>" : ""
        line += "\(event.level) \(label): \(Self.oneLine("\(event.message)"))"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            let value = Self.oneLine("\(merged[key]!)")
            let quoted = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" }
            line += quoted ? " \(key)=\"\(value.replacingOccurrences(of: "\"", with: "\\\""))\"" : " \(key)=\(value)"
        }
        Self.output.withLock { _ in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private static let output = Mutex(())

    /// The text with line breaks escaped, so an event never spans two journal entries.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Whether stderr is the stream `JOURNAL_STREAM` names (`DEVICE:INODE`); a shell started under
    /// systemd inherits the variable while writing to a terminal, where a prefix would be noise.
    static func stderrIsJournal(_ stream: String) -> Bool {
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return stream == "\(status.st_dev):\(status.st_ino)"
    }

    /// The syslog priority journald reads from a `<N>` prefix.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Installs this handler for the whole process; priorities prefix each line when stderr is the
    /// journal (systemd sets `JOURNAL_STREAM` for that).
    static func bootstrap(level: String) {
        let parsed = Logger.Level(rawValue: level.lowercased()) ?? .notice
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"].map(stderrIsJournal) ?? false
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: parsed, journalPriorities: journal) }
    }
}
