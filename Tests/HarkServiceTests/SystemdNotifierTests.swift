import Foundation
import Glibc
import HarkService
import Testing

/// A datagram socket standing in for systemd's notification socket.
private final class NotifySocket {
    let path: String
    let fd: Int32

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hark-notify-\(UUID().uuidString.prefix(8))").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next datagram, or nil after five seconds.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    deinit {
        close(fd)
        unlink(path)
    }
}

@Suite("systemd notifications")
struct SystemdNotifierTests {
    @Test("messages reach the socket in order, several per datagram when sent together")
    func sends() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        #expect(notifier.isActive)
        #expect(notifier.send(.status("loading\nrules"), .ready))
        #expect(socket.receive() == "STATUS=loading rules\nREADY=1")
        #expect(notifier.send(.reloading))
        let reloading = try #require(socket.receive())
        #expect(reloading.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        #expect(UInt64(reloading.split(separator: "=").last ?? "") ?? 0 > 0)
        #expect(notifier.send(.watchdog))
        #expect(socket.receive() == "WATCHDOG=1")
        #expect(notifier.send(.stopping))
        #expect(socket.receive() == "STOPPING=1")
    }

    @Test("outside systemd nothing is sent and nothing fails")
    func inactive() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isActive)
        #expect(!notifier.send(.ready))
        #expect(notifier.watchdogInterval == nil)
    }

    @Test("the watchdog interval is read for this process only")
    func watchdog() {
        let mine = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())"])
        #expect(mine.watchdogInterval == .seconds(30))
        let other = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"])
        #expect(other.watchdogInterval == nil)
    }

    @Test("a socket that is gone makes send return false")
    func gone() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify"])
        #expect(!notifier.send(.ready))
    }
}
