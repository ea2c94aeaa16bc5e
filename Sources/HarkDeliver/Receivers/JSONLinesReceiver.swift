import Foundation
import HarkCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes each notification as one JSON line: to a file (the `file:` receiver, for audits) or to
/// standard output (the `stdout:` receiver).
///
/// A batch is written with one `write` per line and, for a file, one `fsync` before any of it counts
/// as delivered; the file is opened in append mode for each batch, so an external log rotation is
/// simply followed. Each line is the notification's payload with its `id` added as `notification_id`.
public struct JSONLinesReceiver: Receiver {
    /// Where the lines go.
    public enum Destination: Sendable {
        /// Appends to this file (absolute path), creating it and its directory when needed.
        case file(String)
        /// Writes to an open descriptor (1 for standard output); never closed or synced.
        case descriptor(Int32)
    }

    public let name: String
    let destination: Destination

    public init(name: String, destination: Destination) {
        self.name = name
        self.destination = destination
    }

    public var batchSize: Int { 64 }

    public func deliver(_ notification: OutgoingNotification) async throws(DeliveryError) {
        if let error = await deliver(batch: [notification]).first ?? nil { throw error }
    }

    public func deliver(batch: [OutgoingNotification]) async -> [DeliveryError?] {
        var bytes: [UInt8] = []
        for notification in batch {
            var line = notification.payload
            if case .object(var object) = line {
                object["notification_id"] = .string(notification.id)
                line = .object(object)
            }
            bytes += JSONWriter.bytes(line)
            bytes.append(0x0A)
        }
        let destination = self.destination
        let name = self.name
        let failure: String? = await Blocking.run { [bytes] in Self.write(bytes, to: destination) }
        guard let failure else { return Array(repeating: nil, count: batch.count) }
        return Array(repeating: DeliveryError(receiver: name, message: failure), count: batch.count)
    }

    /// Writes and syncs; the failure's text, or nil.
    private static func write(_ bytes: [UInt8], to destination: Destination) -> String? {
        switch destination {
        case .descriptor(let fd):
            return writeAll(bytes, to: fd).map { "cannot write to descriptor \(fd): \($0)" }
        case .file(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            guard fd >= 0 else { return "cannot open \(path): \(String(cString: strerror(errno)))" }
            defer { close(fd) }
            if let problem = writeAll(bytes, to: fd) { return "cannot write to \(path): \(problem)" }
            guard fsync(fd) == 0 else { return "cannot sync \(path): \(String(cString: strerror(errno)))" }
            return nil
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += count
        }
        return nil
    }
}
