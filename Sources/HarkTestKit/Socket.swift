import Glibc

/// A failed system call while starting a loopback server: which call, and errno in words.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `bind`.
    public var call: String
    /// The errno it left, or 0 for a failure detected before any call.
    public var code: Int32
    /// What went wrong, in words.
    public var message: String

    init(call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
        message = String(cString: strerror(code))
    }

    init(call: String, message: String) {
        self.call = call
        code = 0
        self.message = message
    }

    /// `call: message`.
    public var description: String { "\(call): \(message)" }
}

/// What a wait on a socket ended with.
enum SocketReadiness {
    case ready
    /// The server is stopping; the caller gives up on the connection.
    case stopping
    case timedOut
}

/// Thin wrappers over the socket calls, so the server code reads as HTTP, not as errno handling.
enum Socket {
    /// A listening IPv4 TCP socket on `host`, an address in 127.0.0.0/8, on an ephemeral port.
    static func listen(host: String) throws(SocketError) -> (fd: Int32, port: Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw SocketError(call: "inet_pton", message: "\(host) is not an IPv4 address")
        }
        guard UInt32(bigEndian: address.sin_addr.s_addr) >> 24 == 127 else {
            throw SocketError(call: "bind", message: "\(host) is outside 127.0.0.0/8; test servers stay on loopback")
        }

        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket") }
        do throws(SocketError) {
            try setOption(fd, level: SOL_SOCKET, option: SO_REUSEADDR, value: 1)
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw SocketError(call: "bind") }
            guard Glibc.listen(fd, 1024) == 0 else { throw SocketError(call: "listen") }
            try setNonBlocking(fd)

            var boundAddress = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &boundAddress) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0 else { throw SocketError(call: "getsockname") }
            return (fd, Int(UInt16(bigEndian: boundAddress.sin_port)))
        } catch {
            close(fd)
            throw error
        }
    }

    /// A pipe whose read end becomes readable, for good, when the server stops: every thread
    /// polls it beside its socket, so `stop()` wakes them all without closing a descriptor
    /// another thread may still be using.
    static func makeWakePipe() throws(SocketError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SocketError(call: "pipe") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    static func setOption(_ fd: Int32, level: Int32, option: Int32, value: Int32) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError(call: "setsockopt")
        }
    }

    static func setNonBlocking(_ fd: Int32) throws(SocketError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw SocketError(call: "fcntl") }
    }

    /// Accepts a pending connection as a non-blocking, close-on-exec socket with Nagle off (so a
    /// dripped byte leaves at once); nil when none is pending or accepting failed.
    static func accept(_ listener: Int32) -> Int32? {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        do throws(SocketError) {
            try setNonBlocking(fd)
            try setOption(fd, level: Int32(IPPROTO_TCP), option: TCP_NODELAY, value: 1)
        } catch {
            close(fd)
            return nil
        }
        return fd
    }

    /// Waits until `fd` has one of `events`, the server stops, or `timeoutMilliseconds` pass (-1: no limit).
    static func wait(_ fd: Int32, for events: Int32, wake: Int32, timeoutMilliseconds: Int32) -> SocketReadiness {
        var fds = [
            pollfd(fd: fd, events: Int16(events), revents: 0),
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let result = poll(&fds, 2, timeoutMilliseconds)
            if result < 0 && errno == EINTR { continue }
            if result < 0 { return .stopping }
            if result == 0 { return .timedOut }
            if fds[1].revents != 0 { return .stopping }
            return .ready
        }
    }

    /// Milliseconds in `duration`, rounded up so a short wait never becomes a busy loop, capped for poll.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }
}
