import Foundation
import Logging
import Synchronization

/// Logs one event per line on stderr (`level label: message key=value …`), which the journal
/// stores as one entry each; systemd adds the time, so hark does not.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "\(event.level) \(label): \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            let value = "\(merged[key]!)"
            line += value.contains(" ") ? " \(key)=\"\(value)\"" : " \(key)=\(value)"
        }
        Self.output.withLock { _ in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private static let output = Mutex(())

    /// Installs this handler for the whole process.
    static func bootstrap(level: String) {
        let parsed = Logger.Level(rawValue: level.lowercased()) ?? .notice
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: parsed) }
    }
}
