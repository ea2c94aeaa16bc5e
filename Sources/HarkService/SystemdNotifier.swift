import Dispatch
public import Foundation
import Glibc

/// Tells systemd the truth about hark's health over the `sd_notify` protocol.
///
/// systemd starts a `Type=notify` service with `NOTIFY_SOCKET` naming a datagram socket; the service
/// writes `KEY=VALUE` lines to it: `READY=1` once it can do its job, `STATUS=…` for `systemctl status`,
/// `WATCHDOG=1` to prove it is alive, `RELOADING=1`/`READY=1` around a reload, `STOPPING=1` on the way
/// out. The protocol is a few lines over a Unix socket, so hark speaks it itself instead of linking
/// libsystemd. Outside systemd (no `NOTIFY_SOCKET`) every call is a no-op that returns false.
public struct SystemdNotifier: Sendable {
    /// One line of the protocol.
    public enum Message: Sendable, Hashable {
        /// Startup finished (configuration and state loaded), or a reload finished.
        case ready
        /// A reload began; systemd wants the monotonic clock with it to order the messages.
        case reloading
        /// Shutdown began.
        case stopping
        /// Free text for `systemctl status`; newlines are replaced by spaces.
        case status(String)
        /// The pipeline made progress since the last ping.
        case watchdog

        /// The protocol line.
        var line: String {
            switch self {
            case .ready: "READY=1"
            case .reloading: "RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())"
            case .stopping: "STOPPING=1"
            case .status(let text):
                "STATUS=" + String(text.map { $0.isNewline ? " " : $0 })
            case .watchdog: "WATCHDOG=1"
            }
        }
    }

    /// The socket from `NOTIFY_SOCKET` (`@name` is an abstract socket), or nil outside systemd.
    public let socketPath: String?
    /// How often systemd expects `WATCHDOG=1` (from `WATCHDOG_USEC`, for this process), or nil when
    /// the unit has no `WatchdogSec=`.
    public let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0,
            environment["WATCHDOG_PID"].map({ Int32($0) == getpid() }) ?? true
        {
            watchdogInterval = .microseconds(Int64(clamping: usec))
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether systemd is listening.
    public var isActive: Bool { socketPath != nil }

    /// Sends the messages in one datagram. Returns false outside systemd or when the send fails
    /// (systemd gone); hark carries on either way, as a service manager being away is not an error.
    @discardableResult
    public func send(_ messages: Message...) -> Bool {
        send(messages)
    }

    /// Sends the messages in one datagram.
    @discardableResult
    public func send(_ messages: [Message]) -> Bool {
        guard let socketPath, !messages.isEmpty else { return false }
        let payload = Array(messages.map(\.line).joined(separator: "\n").utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let sent = payload.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
        return sent == payload.count
    }

    /// CLOCK_MONOTONIC in microseconds, as `RELOADING=1` wants it.
    static func monotonicMicroseconds() -> UInt64 {
        // libdispatch's uptime is CLOCK_MONOTONIC on Linux.
        DispatchTime.now().uptimeNanoseconds / 1_000
    }
}
