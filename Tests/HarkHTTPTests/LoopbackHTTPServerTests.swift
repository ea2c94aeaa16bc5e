import Foundation
import Glibc
import HarkTestKit
import Testing

/// The loopback server checked with a raw-socket client, so the hostile behaviours the curl driver
/// is tested against are known to be exactly what they claim.
@Suite("LoopbackHTTPServer")
struct LoopbackHTTPServerTests {
    @Test("a GET is answered and recorded with its path, query and headers")
    func getIsAnsweredAndRecorded() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/hello") { _ in .ok("hi there") }

        let client = try RawHTTPClient(port: server.port)
        try client.get("/hello?lang=en&q=1", headers: ["X-Probe: yes", "Accept: text/plain"])
        let response = try client.readResponse()

        #expect(response.status == 200)
        #expect(response.text == "hi there")
        #expect(response.header("Content-Length") == "8")
        #expect(response.header("content-type") == "text/plain; charset=utf-8")
        let recorded = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(recorded.method == "GET")
        #expect(recorded.path == "/hello")
        #expect(recorded.query == "lang=en&q=1")
        #expect(recorded.header("x-probe") == "yes")
        #expect(recorded.headers.fields.map(\.name) == ["Host", "X-Probe", "Accept"])
        #expect(server.requests(to: "/hello").count == 1)
        #expect(server.requests(to: "/other").isEmpty)
    }

    @Test("baseURL and url(_:) name the bound port")
    func urls() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        #expect(server.port > 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        #expect(server.url("/a") == "http://127.0.0.1:\(server.port)/a")
        #expect(server.url("a?b=c") == "http://127.0.0.1:\(server.port)/a?b=c")
    }

    @Test("two requests share one persistent connection")
    func keepAlive() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/one") { _ in .ok("1") }
        server.route("/two") { _ in .json(#"{"n":2}"#) }

        let client = try RawHTTPClient(port: server.port)
        try client.get("/one")
        let first = try client.readResponse()
        try client.get("/two")
        let second = try client.readResponse()

        #expect(first.text == "1")
        #expect(second.text == #"{"n":2}"#)
        #expect(second.header("Content-Type") == "application/json")
        #expect(server.connectionCount == 1)
        #expect(server.requests.map(\.connection) == [1, 1])
    }

    @Test("Connection: close from the client closes the connection after the response")
    func connectionCloseFromClient() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in .ok("bye") }

        let client = try RawHTTPClient(port: server.port)
        try client.get("/", headers: ["Connection: close"])
        let response = try client.readResponse()

        #expect(response.text == "bye")
        #expect(response.header("Connection") == "close")
        #expect(client.readUntilClose().isEmpty)
        #expect(client.sawEndOfStream)
    }

    @Test("HTTP/1.0 without keep-alive is closed after one response")
    func http10Closes() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in .ok("old") }

        let client = try RawHTTPClient(port: server.port)
        try client.send("GET / HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == "old")
        #expect(client.readUntilClose().isEmpty)
        #expect(client.sawEndOfStream)
    }

    @Test("Content-Length and chunked request bodies are recorded de-framed")
    func requestBodies() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/echo") { request in .ok(request.body) }

        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world")
        let plain = try client.readResponse()
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n")
        let chunked = try client.readResponse()

        #expect(plain.text == "hello world")
        #expect(chunked.text == "Wikipedia")
        #expect(server.requests.map(\.bodyText) == ["hello world", "Wikipedia"])
        #expect(server.requests.map(\.method) == ["POST", "POST"])
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent")
    func expectContinue() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/upload") { request in .ok("got \(request.body.count)") }

        let client = try RawHTTPClient(port: server.port)
        try client.send("PUT /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readHead()
        try client.send("abc")
        let final = try client.readResponse()

        #expect(interim.status == 100)
        #expect(final.status == 200)
        #expect(final.text == "got 3")
    }

    @Test("unknown paths get 404; the last registration of a route wins; the longest prefix wins")
    func routing() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/feed") { _ in .ok("first") }
        server.route("/feed") { _ in .ok("second") }
        server.routePrefix("/api/") { _ in .ok("api") }
        server.routePrefix("/api/v2/") { request in .ok("v2 \(request.path)") }

        let client = try RawHTTPClient(port: server.port)
        var texts: [String] = []
        var statuses: [Int] = []
        for path in ["/feed?page=2", "/api/x", "/api/v2/items", "/missing"] {
            try client.get(path)
            let response = try client.readResponse()
            texts.append(response.text)
            statuses.append(response.status)
        }

        #expect(texts.prefix(3) == ["second", "api", "v2 /api/v2/items"])
        #expect(statuses == [200, 200, 200, 404])
        #expect(server.requests.count == 4)
    }

    @Test("a request that is not HTTP gets 400 and a closed connection")
    func malformedRequest() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }

        let client = try RawHTTPClient(port: server.port)
        try client.send("HELLO\r\n\r\n")
        let response = try client.readResponse()

        #expect(response.status == 400)
        #expect(client.readUntilClose().isEmpty)
        #expect(server.requests.isEmpty)
    }

    @Test("an endless reply streams chunks until the client hangs up, and the server stays usable")
    func endless() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/stream") { _ in .endless("tick\n") }
        server.route("/ok") { _ in .ok("still here") }

        let client = try RawHTTPClient(port: server.port)
        try client.get("/stream")
        let head = try client.readHead()
        #expect(head.status == 200)
        #expect(head.header("Transfer-Encoding") == "chunked")
        #expect(head.header("Content-Length") == nil)
        let framed = try client.read(count: 3 * 200)
        #expect(String(decoding: framed, as: UTF8.self).hasPrefix("5\r\ntick\n\r\n5\r\ntick\n\r\n5\r\n"))
        client.close()

        let other = try RawHTTPClient(port: server.port)
        try other.get("/ok")
        #expect(try other.readResponse().text == "still here")
    }

    @Test("a drip reply sends the head at once and the body one piece per interval")
    func drip() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/slow") { _ in .ok("abcd").behaving(.drip(bytesPerInterval: 1, interval: .milliseconds(500))) }

        let client = try RawHTTPClient(port: server.port)
        let clock = ContinuousClock()
        let start = clock.now
        try client.get("/slow")
        let head = try client.readHead()
        let headArrived = clock.now - start
        let body = try client.read(count: 4)
        let bodyArrived = clock.now - start

        #expect(head.header("Content-Length") == "4")
        #expect(body == Array("abcd".utf8))
        // Four pieces half a second apart arrive well after the head, which came first.
        #expect(bodyArrived - headArrived >= .milliseconds(1400))
    }

    @Test("a truncated reply declares the full length, sends part of it and closes")
    func truncated() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/cut") { _ in .ok(String(repeating: "x", count: 100)).behaving(.truncated(afterBytes: 10)) }

        let client = try RawHTTPClient(port: server.port)
        try client.get("/cut")
        let head = try client.readHead()
        let rest = client.readUntilClose()

        #expect(head.header("Content-Length") == "100")
        #expect(rest.count == 10)
        #expect(client.sawEndOfStream)
    }

    @Test("closeImmediately reads the request and closes without a byte")
    func closeImmediately() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/gone") { _ in .closeImmediately }

        let client = try RawHTTPClient(port: server.port)
        try client.get("/gone")
        #expect(client.readUntilClose().isEmpty)
        #expect(client.sawEndOfStream)
        #expect(server.requests(to: "/gone").count == 1)
    }

    @Test("a hanging reply sends nothing, and stop() ends it promptly")
    func hang() async throws {
        let server = try LoopbackHTTPServer()
        server.route("/hang") { _ in .hang }

        let client = try RawHTTPClient(port: server.port, timeout: .milliseconds(300))
        try client.get("/hang")
        #expect(await server.waitForRequests(1))
        #expect(client.readAvailable().isEmpty)
        #expect(!client.sawEndOfStream)

        let clock = ContinuousClock()
        let stopping = clock.now
        server.stop()
        #expect(clock.now - stopping < .seconds(5))
        #expect(client.readUntilClose().isEmpty)
        #expect(client.sawEndOfStream)
    }

    @Test("raw replies go out verbatim")
    func raw() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/raw") { _ in
            Reply(behaviour: .raw(Array("HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n".utf8)))
        }

        let client = try RawHTTPClient(port: server.port)
        try client.get("/raw")
        let bytes = client.readUntilClose()
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n")
    }

    @Test("stop() frees the port: connections are refused and the port can be bound again")
    func stopReleasesPort() throws {
        let server = try LoopbackHTTPServer()
        server.route("/") { _ in .ok("x") }
        let idle = try RawHTTPClient(port: server.port)
        try idle.get("/")
        _ = try idle.readResponse()
        let port = server.port
        server.stop()
        server.stop()

        #expect(idle.readUntilClose().isEmpty)
        #expect(idle.sawEndOfStream)
        #expect(throws: RawHTTPClient.Failure.self) { try RawHTTPClient(port: port) }

        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(bound == 0)
    }

    @Test("releasing the last reference stops the server")
    func deinitStops() throws {
        var server: LoopbackHTTPServer? = try LoopbackHTTPServer()
        let port = try #require(server?.port)
        server = nil
        #expect(server == nil)
        #expect(throws: RawHTTPClient.Failure.self) { try RawHTTPClient(port: port) }
    }

    @Test("other 127/8 addresses work; anything else is refused before binding")
    func otherLoopbackAddresses() throws {
        let server = try LoopbackHTTPServer(host: "127.0.0.2")
        defer { server.stop() }
        server.route("/") { _ in .ok("two") }
        #expect(server.baseURL == "http://127.0.0.2:\(server.port)")
        let client = try RawHTTPClient(host: "127.0.0.2", port: server.port)
        try client.get("/")
        #expect(try client.readResponse().text == "two")

        #expect(throws: SocketError.self) { try LoopbackHTTPServer(host: "0.0.0.0") }
        #expect(throws: SocketError.self) { try LoopbackHTTPServer(host: "localhost.example") }
    }

    @Test("waitForRequests returns once requests arrive, and false after its timeout")
    func waitForRequests() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in .ok("x") }

        #expect(await server.waitForRequests(1, timeout: .milliseconds(50)) == false)
        let port = server.port
        let sender = Task.detached {
            let client = try RawHTTPClient(port: port)
            try client.get("/")
            try client.get("/")
            _ = try client.readResponse()
            _ = try client.readResponse()
        }
        #expect(await server.waitForRequests(2))
        try await sender.value
    }

    @Test("100 clients at once are all answered")
    func concurrentClients() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.routePrefix("/n/") { request in .ok(String(request.path.dropFirst(3))) }
        let port = server.port

        let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<100 {
                group.addTask {
                    let client = try RawHTTPClient(port: port)
                    try client.get("/n/\(index)")
                    return try client.readResponse().text == "\(index)"
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(answers.count == 100)
        #expect(answers.allSatisfy { $0 })
        #expect(server.connectionCount == 100)
    }
}

@Suite("Reply helpers")
struct ReplyHelperTests {
    @Test("gzip replies decompress to the original bytes, across several stored blocks")
    func gzipRoundTrip() throws {
        let original = Array((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 13) })
        let reply = Reply.gzip(original)
        #expect(reply.headers["Content-Encoding"] == "gzip")
        #expect(try gunzip(reply.body) == original)
        #expect(try gunzip(Reply.gzip([]).body) == [])
    }

    @Test("a gzip bomb decompresses to exactly the stated number of zeros")
    func gzipBombIsValid() throws {
        for size in [0, 1, 2, 258, 259, 1_000_003] {
            let bomb = Reply.gzipBomb(decompressedBytes: size)
            let expanded = try gunzip(bomb.body)
            #expect(expanded.count == size)
            #expect(expanded.allSatisfy { $0 == 0 })
        }
    }

    @Test("a 1 GB gzip bomb is about 1 MB and quick to build")
    func gzipBombIsSmall() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let bomb = Reply.gzipBomb(decompressedBytes: 1 << 30)
        #expect(clock.now - start < .seconds(3))
        #expect(bomb.body.count < 1_100_000)
        #expect(bomb.body.count > 1_000_000)
        #expect(Array(bomb.body.suffix(4)) == [0, 0, 0, 64])
    }

    @Test("conditional replies answer 304 to a matching If-None-Match or If-Modified-Since")
    func conditional() {
        let modified = Reply.httpDate(Date(timeIntervalSince1970: 784_111_777))
        #expect(modified == "Sun, 06 Nov 1994 08:49:37 GMT")
        func answer(_ headers: HeaderFields) -> Reply {
            Reply.conditional(
                request: RecordedRequest(method: "GET", path: "/feed", headers: headers), body: "<rss/>",
                etag: #""v7""#, lastModified: modified, contentType: "application/rss+xml")
        }

        let fresh = answer([:])
        #expect(fresh.status == 200)
        #expect(fresh.body == Array("<rss/>".utf8))
        #expect(fresh.headers["ETag"] == #""v7""#)
        #expect(fresh.headers["Last-Modified"] == modified)
        #expect(fresh.headers["Content-Type"] == "application/rss+xml")

        let matched = answer(["If-None-Match": #""v6", W/"v7""#])
        #expect(matched.status == 304)
        #expect(matched.body.isEmpty)
        #expect(matched.headers["ETag"] == #""v7""#)
        #expect(answer(["If-None-Match": #""v6""#]).status == 200)
        #expect(answer(["If-None-Match": "*"]).status == 304)

        #expect(answer(["If-Modified-Since": modified]).status == 304)
        #expect(answer(["If-Modified-Since": "Mon, 07 Nov 1994 08:49:37 GMT"]).status == 304)
        #expect(answer(["If-Modified-Since": "Sat, 05 Nov 1994 08:49:37 GMT"]).status == 200)
        #expect(answer(["If-None-Match": #""v6""#, "If-Modified-Since": modified]).status == 200)
    }

    @Test("HTTP dates round-trip across leap years and centuries")
    func httpDates() {
        #expect(Reply.httpDate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(Reply.httpDate(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(Reply.httpDate(Date(timeIntervalSince1970: 4_107_542_399)) == "Sun, 28 Feb 2100 23:59:59 GMT")
        #expect(Reply.httpDate(Date(timeIntervalSince1970: 4_133_980_799)) == "Fri, 31 Dec 2100 23:59:59 GMT")
    }

    /// Decompresses with the system's gzip, an independent decoder that also checks CRC and length.
    private func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-d", "-c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RawHTTPClient.Failure(description: "gzip -d exited \(process.terminationStatus)")
        }
        return Array(data)
    }
}
