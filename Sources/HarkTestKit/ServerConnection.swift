import Foundation
import Glibc

/// One accepted TCP connection as the server sees it: a read buffer, request parsing and writes.
///
/// The socket is non-blocking and every wait also watches the server's wake pipe, so a connection
/// in any state (idle keep-alive, mid-request, dripping, streaming, hanging) ends promptly on `stop()`.
struct ServerConnection {
    /// What reading the next request produced.
    enum Incoming {
        case request(method: String, target: String, version: String, headers: HeaderFields, body: [UInt8])
        /// The client closed the connection, or the server is stopping.
        case closed
        /// The bytes were not HTTP/1.x; the server answers `status` and closes.
        case malformed(status: Int, message: String)
    }

    /// Caps that keep a misbehaving client from exhausting the test process.
    static let maxHeadBytes = 64 << 10
    static let maxBodyBytes = 256 << 20

    let fd: Int32
    let wake: Int32
    private var buffer: [UInt8] = []
    private var consumed = 0
    /// Where `recv` writes before bytes join `buffer`, allocated once per connection.
    private var scratch = [UInt8](repeating: 0, count: 64 << 10)

    init(fd: Int32, wake: Int32) {
        self.fd = fd
        self.wake = wake
    }

    // MARK: Reading

    /// Reads the next request, answering `Expect: 100-continue` before reading its body.
    mutating func readRequest() -> Incoming {
        guard let head = readHead() else { return .closed }
        guard let headText = head else {
            return .malformed(status: 431, message: "request head over \(Self.maxHeadBytes) bytes")
        }
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        while lines.first == "" { lines.removeFirst() }
        guard let requestLine = lines.first else { return .malformed(status: 400, message: "empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[2].hasPrefix("HTTP/1.") else {
            return .malformed(status: 400, message: "bad request line: \(requestLine)")
        }
        var headers = HeaderFields()
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                return .malformed(status: 400, message: "bad header line: \(line)")
            }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name, value)
        }

        let isChunked = headers["Transfer-Encoding"]?.lowercased().contains("chunked") ?? false
        var contentLength = 0
        if !isChunked, let declared = headers["Content-Length"] {
            guard let length = Int(declared), length >= 0 else {
                return .malformed(status: 400, message: "bad Content-Length: \(declared)")
            }
            guard length <= Self.maxBodyBytes else {
                return .malformed(status: 413, message: "body over \(Self.maxBodyBytes) bytes")
            }
            contentLength = length
        }
        let expectsBody = isChunked || contentLength > 0
        if expectsBody, headers["Expect"]?.lowercased() == "100-continue", !hasBufferedBytes {
            guard send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .closed }
        }

        let body: [UInt8]
        if isChunked {
            switch readChunkedBody() {
            case .success(let bytes): body = bytes
            case .failure(let problem): return problem
            }
        } else {
            guard let bytes = readBytes(contentLength) else { return .closed }
            body = bytes
        }
        return .request(method: parts[0], target: parts[1], version: parts[2], headers: headers, body: body)
    }

    private var hasBufferedBytes: Bool { consumed < buffer.count }

    /// The head up to the blank line, without it: nil when the peer closed first, `.some(nil)`
    /// when the head is too long.
    private mutating func readHead() -> String?? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var searchFrom = consumed
        while true {
            if let end = find(terminator, from: searchFrom) {
                let text = String(decoding: buffer[consumed..<end], as: UTF8.self)
                consume(end + terminator.count - consumed)
                return .some(text)
            }
            if buffer.count - consumed > Self.maxHeadBytes { return .some(nil) }
            searchFrom = max(consumed, buffer.count - (terminator.count - 1))
            guard fill() else { return nil }
        }
    }

    private enum ChunkedResult {
        case success([UInt8])
        case failure(Incoming)
    }

    private mutating func readChunkedBody() -> ChunkedResult {
        var body: [UInt8] = []
        while true {
            guard let sizeLine = readLine() else { return .failure(.closed) }
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                return .failure(.malformed(status: 400, message: "bad chunk size: \(sizeLine)"))
            }
            if size == 0 { break }
            guard body.count + size <= Self.maxBodyBytes else {
                return .failure(.malformed(status: 413, message: "body over \(Self.maxBodyBytes) bytes"))
            }
            guard let chunk = readBytes(size) else { return .failure(.closed) }
            body.append(contentsOf: chunk)
            guard let end = readLine() else { return .failure(.closed) }
            guard end.isEmpty else { return .failure(.malformed(status: 400, message: "chunk not followed by CRLF")) }
        }
        while true {
            guard let trailer = readLine() else { return .failure(.closed) }
            if trailer.isEmpty { return .success(body) }
        }
    }

    /// One CRLF-terminated line without its terminator, or nil when the peer closed or it is too long.
    private mutating func readLine() -> String? {
        var searchFrom = consumed
        while true {
            if let end = find([13, 10], from: searchFrom) {
                let text = String(decoding: buffer[consumed..<end], as: UTF8.self)
                consume(end + 2 - consumed)
                return text
            }
            if buffer.count - consumed > Self.maxHeadBytes { return nil }
            searchFrom = max(consumed, buffer.count - 1)
            guard fill() else { return nil }
        }
    }

    private mutating func readBytes(_ count: Int) -> [UInt8]? {
        while buffer.count - consumed < count {
            guard fill() else { return nil }
        }
        let bytes = Array(buffer[consumed..<(consumed + count)])
        consume(count)
        return bytes
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var index = max(start, 0)
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] && buffer[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index
            }
            index += 1
        }
        return nil
    }

    private mutating func consume(_ count: Int) {
        consumed += count
        if consumed == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            consumed = 0
        } else if consumed > 64 << 10 {
            buffer.removeFirst(consumed)
            consumed = 0
        }
    }

    /// Reads whatever the peer sent next; false when it closed, failed, or the server is stopping.
    private mutating func fill() -> Bool {
        while true {
            let received = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                buffer.append(contentsOf: scratch[0..<received])
                return true
            }
            if received == 0 { return false }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard Socket.wait(fd, for: POLLIN, wake: wake, timeoutMilliseconds: -1) == .ready else { return false }
            default: return false
            }
        }
    }

    // MARK: Writing

    /// Sends all of `bytes`; false when the peer is gone, the server is stopping, or `deadline` passes.
    @discardableResult
    func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant? = nil) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) else { return false }
            let timeout = deadline.map { Socket.milliseconds($0 - .now) } ?? -1
            if deadline != nil && timeout == 0 { return false }
            guard Socket.wait(fd, for: POLLOUT, wake: wake, timeoutMilliseconds: timeout) == .ready else {
                return false
            }
        }
        return true
    }

    /// Sleeps for `duration` unless the server stops first; false when it stopped.
    func pause(_ duration: Duration) -> Bool {
        Socket.wait(wake, for: POLLIN, wake: wake, timeoutMilliseconds: Socket.milliseconds(duration)) == .timedOut
    }

    /// Discards whatever the client sends until it hangs up, the server stops, or `deadline` passes.
    mutating func waitForHangUp(deadline: ContinuousClock.Instant) {
        while true {
            let timeout = Socket.milliseconds(deadline - .now)
            guard timeout > 0, Socket.wait(fd, for: POLLIN, wake: wake, timeoutMilliseconds: timeout) == .ready else {
                return
            }
            buffer.removeAll(keepingCapacity: true)
            consumed = 0
            guard fill() else { return }
        }
    }
}
