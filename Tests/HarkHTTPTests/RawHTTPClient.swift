import Foundation
import Glibc

/// A deliberately tiny blocking HTTP/1.1 client on a raw socket, so the loopback server is checked
/// byte by byte without depending on the curl driver it exists to test.
final class RawHTTPClient {
    /// A response head and whatever body was read with it.
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var isClosed = false

    /// Connects to `host:port`; every read gives up after `timeout`.
    init(host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var limit = timeval(
            tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard Self.connect(fd, host: host, port: port) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect: \(String(cString: strerror(code)))")
        }
    }

    deinit { close() }

    /// Connects a socket; returns 0 or -1 with errno set, like connect(2).
    static func connect(_ fd: Int32, host: String, port: Int) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw Failure(description: "send: \(errno)") }
            offset += sent
        }
    }

    /// Sends a GET for `path` with extra header lines.
    func get(_ path: String, headers: [String] = []) throws {
        try send("GET \(path) HTTP/1.1\r\nHost: test\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n")
    }

    /// Reads one whole response: the head, then a body framed by Content-Length or chunked encoding,
    /// or (for neither) by the server closing.
    func readResponse() throws -> Response {
        var response = try readHead()
        if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try read(count: length)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let size = try Int(readLine().split(separator: ";").first ?? "", radix: 16) ?? -1
                guard size >= 0 else { throw Failure(description: "bad chunk size") }
                if size == 0 {
                    _ = try readLine()
                    break
                }
                response.body += try read(count: size)
                _ = try readLine()
            }
        } else if ![204, 304].contains(response.status) {
            response.body = readUntilClose()
        }
        return response
    }

    /// Reads the status line and header fields.
    func readHead() throws -> Response {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Failure(description: "bad status line: \(statusLine)")
        }
        var headers: [(name: String, value: String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "bad header: \(line)") }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return Response(status: status, headers: headers, body: [])
    }

    /// Exactly `count` bytes; throws if the peer closes first.
    func read(count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard fill() else { throw Failure(description: "closed after \(buffer.count) of \(count) bytes") }
        }
        let bytes = Array(buffer.prefix(count))
        buffer.removeFirst(count)
        return bytes
    }

    /// At least one byte if any arrives before the read timeout; empty on close or timeout.
    func readAvailable() -> [UInt8] {
        if buffer.isEmpty { _ = fill() }
        defer { buffer.removeAll() }
        return buffer
    }

    /// Everything until the peer closes (or the read timeout passes).
    func readUntilClose() -> [UInt8] {
        while fill() {}
        defer { buffer.removeAll() }
        return buffer
    }

    /// Whether the last read ended because the peer closed, as opposed to timing out.
    private(set) var sawEndOfStream = false

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            guard fill() else { throw Failure(description: "closed mid-line") }
        }
    }

    /// Reads once; false on close, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if received == 0 { sawEndOfStream = true }
        guard received > 0 else { return false }
        buffer += chunk[..<received]
        return true
    }
}

/// A loopback listener whose accept queue is full and never drained: the kernel drops further
/// SYNs, so a client's connect neither succeeds nor fails until its own timeout.
final class StuckListener {
    let port: Int
    private let fd: Int32
    private let filler: RawHTTPClient

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 0) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(fd)
            throw RawHTTPClient.Failure(description: "cannot listen: \(errno)")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        // A backlog of 0 still queues one connection; this one fills the queue.
        filler = try RawHTTPClient(port: port, timeout: .seconds(1))
    }

    func close() {
        filler.close()
        Glibc.close(fd)
    }
}
