import Foundation
import HarkHTTP
import HarkTestKit
import Testing

/// The curl driver against real loopback servers, friendly and hostile. Every hostile case must
/// end in a named error within its configured limit, never a hang, a crash or an exhausted heap.
@Suite("CurlDriver")
struct CurlDriverTests {
    /// Limits small enough to keep the suite fast, large enough not to trip on a loaded machine.
    static let tight = TransferLimits(
        connectTimeout: .seconds(2), totalTimeout: .seconds(10), stallTimeout: .seconds(1),
        stallBytesPerSecond: 16, maxResponseBytes: 1 << 20, maxRedirects: 3)

    /// Runs `body` with a fresh server and driver, stopping both afterwards whatever happens.
    func withFixture(
        _ body: (LoopbackHTTPServer, CurlDriver) async throws -> Void
    ) async throws {
        let server = try LoopbackHTTPServer()
        let driver = CurlDriver()
        defer {
            driver.shutdown()
            server.stop()
        }
        try await body(server, driver)
    }

    /// The error `perform` threw, or nil when it returned a response.
    func failure(
        _ driver: CurlDriver, _ url: String, limits: TransferLimits = tight
    ) async -> TransferError? {
        do {
            _ = try await driver.perform(HTTPRequest(url: url, limits: limits))
            return nil
        } catch {
            return error
        }
    }

    // MARK: Friendly servers

    @Test("a GET sends the caller's headers and returns status, headers and body")
    func plainGet() async throws {
        try await withFixture { server, driver in
            server.route("/echo") { request in
                Reply.ok("you sent \(request.header("X-Probe") ?? "nothing")").adding("X-Reply", "yes")
            }
            let response = try await driver.perform(
                HTTPRequest(url: server.url("/echo?a=1"), headers: ["X-Probe": "p-42", "Accept": "text/plain"]))

            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "you sent p-42")
            #expect(response.headers["x-reply"] == "yes")
            #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(response.url == server.url("/echo?a=1"))
            #expect(response.redirects == 0)
            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "GET")
            #expect(recorded.query == "a=1")
            #expect(recorded.header("Accept") == "text/plain")
            #expect(recorded.body.isEmpty)
        }
    }

    @Test("the User-Agent names hark")
    func userAgent() async throws {
        try await withFixture { server, driver in
            server.route("/") { _ in .ok("x") }
            _ = try await driver.perform(HTTPRequest(url: server.url("/")))
            let agent = try #require(server.requests.first?.header("User-Agent"))
            #expect(agent.lowercased().hasPrefix("hark/"))
        }
    }

    @Test("a POST delivers its body and headers, without waiting on Expect: 100-continue")
    func postBody() async throws {
        try await withFixture { server, driver in
            server.route("/hook") { request in .json(#"{"received":\#(request.body.count)}"#, status: 202) }
            let payload = Array(String(repeating: #"{"alert":"spike"}"#, count: 200).utf8)
            let response = try await driver.perform(
                HTTPRequest(
                    url: server.url("/hook"), method: .post, headers: ["Content-Type": "application/json"],
                    body: payload))

            #expect(response.status == 202)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"received":\#(payload.count)}"#)
            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "POST")
            #expect(recorded.body == payload)
            #expect(recorded.header("Content-Type") == "application/json")
            #expect(recorded.header("Expect") == nil)
        }
    }

    @Test("a PUT uses the method and delivers the body")
    func putBody() async throws {
        try await withFixture { server, driver in
            server.route("/state") { _ in .status(204) }
            let response = try await driver.perform(
                HTTPRequest(url: server.url("/state"), method: .put, body: Array("v=2".utf8)))
            #expect(response.status == 204)
            #expect(server.requests.first?.method == "PUT")
            #expect(server.requests.first?.bodyText == "v=2")
        }
    }

    @Test("a gzip response is decoded transparently")
    func gzipDecoded() async throws {
        try await withFixture { server, driver in
            let document = Array(String(repeating: "<item>café ☕︎</item>\n", count: 5_000).utf8)
            server.route("/feed.xml") { _ in .gzip(document, contentType: "application/rss+xml") }
            let response = try await driver.perform(HTTPRequest(url: server.url("/feed.xml")))

            #expect(response.status == 200)
            #expect(response.body == document)
            #expect(server.requests.first?.header("Accept-Encoding")?.contains("gzip") == true)
        }
    }

    @Test("4xx and 5xx statuses are responses, not errors", arguments: [404, 410, 429, 500, 503])
    func errorStatuses(status: Int) async throws {
        try await withFixture { server, driver in
            server.route("/") { _ in .status(status, headers: ["Retry-After": "120"], body: "status \(status)") }
            let response = try await driver.perform(HTTPRequest(url: server.url("/")))
            #expect(response.status == status)
            #expect(response.headers["Retry-After"] == "120")
            #expect(String(decoding: response.body, as: UTF8.self) == "status \(status)")
        }
    }

    @Test("a conditional GET gets 304 with an empty body when the validator matches")
    func conditionalGet() async throws {
        try await withFixture { server, driver in
            server.route("/feed") { request in
                .conditional(request: request, body: "<rss/>", etag: #""v1""#, contentType: "application/rss+xml")
            }
            let first = try await driver.perform(HTTPRequest(url: server.url("/feed")))
            let etag = try #require(first.headers["ETag"])
            let second = try await driver.perform(
                HTTPRequest(url: server.url("/feed"), headers: ["If-None-Match": etag]))

            #expect(first.status == 200)
            #expect(first.body == Array("<rss/>".utf8))
            #expect(second.status == 304)
            #expect(second.body.isEmpty)
        }
    }

    @Test("redirects within the limit are followed and reported")
    func redirectsFollowed() async throws {
        try await withFixture { server, driver in
            server.route("/a") { _ in .redirect(to: "/b", status: 301) }
            server.route("/b") { _ in .redirect(to: server.url("/c")) }
            server.route("/c") { _ in .ok("arrived") }
            let response = try await driver.perform(HTTPRequest(url: server.url("/a"), limits: Self.tight))

            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "arrived")
            #expect(response.redirects == 2)
            #expect(response.url == server.url("/c"))
        }
    }

    @Test("sequential requests to one host reuse one connection")
    func connectionReuse() async throws {
        try await withFixture { server, driver in
            server.route("/") { _ in .ok("x") }
            for _ in 0..<3 { _ = try await driver.perform(HTTPRequest(url: server.url("/"))) }
            #expect(server.requests.count == 3)
            #expect(server.connectionCount == 1)
        }
    }

    @Test("100 concurrent requests all complete, within the per-host connection limit")
    func hundredConcurrent() async throws {
        try await withFixture { server, driver in
            server.routePrefix("/item/") { request in .ok("item \(request.path.dropFirst(6))") }
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let response = try await driver.perform(HTTPRequest(url: server.url("/item/\(index)")))
                        return (index, String(decoding: response.body, as: UTF8.self))
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            #expect(bodies.count == 100)
            #expect((0..<100).allSatisfy { bodies[$0] == "item \($0)" })
            #expect(server.requests.count == 100)
            #expect(server.connectionCount <= CurlDriver.Configuration().maxTransfersPerHost)
        }
    }

    // MARK: Hostile servers

    @Test("a gzip bomb stops at the size cap, quickly and without inflating into memory")
    func gzipBomb() async throws {
        try await withFixture { server, driver in
            server.route("/bomb") { _ in .gzipBomb(decompressedBytes: 1 << 30) }
            let limits = TransferLimits(
                connectTimeout: .seconds(2), totalTimeout: .seconds(20), maxResponseBytes: 8 << 20)
            let error = await failure(driver, server.url("/bomb"), limits: limits)

            #expect(error?.kind == .tooLarge)
            #expect(Self.peakResidentBytes() < 512 << 20)
        }
    }

    @Test("a body over the cap with an honest Content-Length is refused as too large")
    func declaredTooLarge() async throws {
        try await withFixture { server, driver in
            server.route("/big") { _ in .ok([UInt8](repeating: 65, count: 2 << 20)) }
            let error = await failure(driver, server.url("/big"))
            #expect(error?.kind == .tooLarge)
        }
    }

    @Test("an endless response stops at the size cap")
    func endless() async throws {
        try await withFixture { server, driver in
            server.route("/stream") { _ in .endless(String(repeating: "data: tick\n", count: 100)) }
            let error = await failure(driver, server.url("/stream"))

            #expect(error?.kind == .tooLarge)
        }
    }

    @Test("a steady stream that outlasts the total timeout ends with .timeout")
    func steadyStreamTimesOut() async throws {
        try await withFixture { server, driver in
            server.route("/slow-stream") { _ in
                Reply.ok(String(repeating: "x", count: 1_000_000)).behaving(
                    .drip(bytesPerInterval: 2_000, interval: .milliseconds(50)))
            }
            let limits = TransferLimits(
                connectTimeout: .seconds(2), totalTimeout: .seconds(1), stallTimeout: .seconds(30),
                maxResponseBytes: 1 << 30)
            let error = await failure(driver, server.url("/slow-stream"), limits: limits)

            #expect(error?.kind == .timeout)
        }
    }

    @Test("a slow drip is abandoned as stalled within the stall timeout")
    func slowDrip() async throws {
        try await withFixture { server, driver in
            server.route("/loris") { _ in
                Reply.ok(String(repeating: "z", count: 1_000)).behaving(
                    .drip(bytesPerInterval: 1, interval: .milliseconds(200)))
            }
            let clock = ContinuousClock()
            let start = clock.now
            let error = await failure(driver, server.url("/loris"))
            let elapsed = clock.now - start

            #expect(error?.kind == .stalled)
            #expect(elapsed >= .milliseconds(900))
        }
    }

    @Test("a drip faster than the stall threshold completes")
    func acceptableDrip() async throws {
        try await withFixture { server, driver in
            let text = String(repeating: "ok", count: 200)
            server.route("/steady") { _ in
                Reply.ok(text).behaving(.drip(bytesPerInterval: 40, interval: .milliseconds(100)))
            }
            let response = try await driver.perform(HTTPRequest(url: server.url("/steady"), limits: Self.tight))
            #expect(String(decoding: response.body, as: UTF8.self) == text)
        }
    }

    @Test("a server that never answers times out at the total timeout")
    func hang() async throws {
        try await withFixture { server, driver in
            server.route("/hang") { _ in .hang }
            let limits = TransferLimits(
                connectTimeout: .seconds(2), totalTimeout: .seconds(1), stallTimeout: .seconds(30))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await failure(driver, server.url("/hang"), limits: limits)
            let elapsed = clock.now - start

            #expect(error?.kind == .timeout)
            #expect(elapsed >= .milliseconds(900))
        }
    }

    @Test("a server that never answers is stalled out when the stall timeout is shorter")
    func hangStalls() async throws {
        try await withFixture { server, driver in
            server.route("/hang") { _ in .hang }
            let error = await failure(driver, server.url("/hang"))
            #expect(error?.kind == .stalled || error?.kind == .timeout)
        }
    }

    @Test("a redirect loop ends with tooManyRedirects after the configured number")
    func redirectLoop() async throws {
        try await withFixture { server, driver in
            server.route("/loop") { _ in .redirect(to: "/loop") }
            let error = await failure(driver, server.url("/loop"))

            #expect(error?.kind == .tooManyRedirects)
            #expect(server.requests(to: "/loop").count == Self.tight.maxRedirects + 1)
        }
    }

    @Test("a redirect to file:///etc/passwd is refused and the file never appears")
    func redirectToFile() async throws {
        try await withFixture { server, driver in
            server.route("/innocent") { _ in .redirect(to: "file:///etc/passwd") }
            do throws(TransferError) {
                let response = try await driver.perform(HTTPRequest(url: server.url("/innocent"), limits: Self.tight))
                Issue.record("followed a redirect to file: status \(response.status)")
                #expect(!String(decoding: response.body, as: UTF8.self).contains("root:"))
            } catch {
                #expect(error.kind == .unsupportedProtocol)
                #expect(!error.message.contains("root:"))
            }
        }
    }

    @Test("a redirect to another scheme (ftp, gopher, dict) is refused", arguments: ["ftp", "gopher", "dict"])
    func redirectToOtherScheme(scheme: String) async throws {
        try await withFixture { server, driver in
            server.route("/hop") { _ in .redirect(to: "\(scheme)://127.0.0.1:\(server.port)/x") }
            let error = await failure(driver, server.url("/hop"))
            #expect(error?.kind == .unsupportedProtocol)
            #expect(server.requests.count == 1)
        }
    }

    @Test("a truncated body is an error, not a short response")
    func truncated() async throws {
        try await withFixture { server, driver in
            server.route("/cut") { _ in
                Reply.ok(String(repeating: "y", count: 10_000)).behaving(.truncated(afterBytes: 1_000))
            }
            let error = await failure(driver, server.url("/cut"))

            #expect(error != nil)
            #expect(error?.kind != .timeout && error?.kind != .stalled)
        }
    }

    @Test("a server that hangs up without answering is an error")
    func closedWithoutAnswer() async throws {
        try await withFixture { server, driver in
            server.route("/gone") { _ in .closeImmediately }
            let error = await failure(driver, server.url("/gone"))
            #expect(error != nil)
            #expect(error?.kind != .timeout)
        }
    }

    @Test(
        "protocol violations are errors",
        arguments: [
            "NOT HTTP AT ALL\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 11\r\n\r\nnot gzipped",
            "HTTP/1.1 200 OK\r\nX-Huge: " + String(repeating: "h", count: 300_000) + "\r\n\r\n",
            "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Many: 0123456789abcdef\r\n", count: 40_000) + "\r\n",
            "HTTP/1.1 999999999999 Weird\r\nContent-Length: 0\r\n\r\n",
        ])
    func protocolViolations(raw: String) async throws {
        try await withFixture { server, driver in
            server.route("/bad") { _ in Reply(behaviour: .raw(Array(raw.utf8))) }
            let error = await failure(driver, server.url("/bad"))
            #expect(error != nil, "accepted: \(raw.prefix(60))")
        }
    }

    @Test("conflicting Content-Length headers are refused, not guessed between")
    func conflictingContentLength() async throws {
        try await withFixture { server, driver in
            let raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello!!"
            server.route("/bad") { _ in Reply(behaviour: .raw(Array(raw.utf8))) }
            var outcome = "error"
            do throws(TransferError) {
                let response = try await driver.perform(HTTPRequest(url: server.url("/bad"), limits: Self.tight))
                outcome = "status \(response.status), body \(String(decoding: response.body, as: UTF8.self))"
            } catch {}
            #expect(outcome == "error")
        }
    }

    @Test("an interim 1xx response is skipped and its headers do not leak into the final ones")
    func interimResponse() async throws {
        try await withFixture { server, driver in
            let raw =
                "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: 1\r\n\r\nok"
            server.route("/") { _ in Reply(behaviour: .raw(Array(raw.utf8))) }
            let response = try await driver.perform(HTTPRequest(url: server.url("/"), limits: Self.tight))
            #expect(response.status == 200)
            #expect(response.body == Array("ok".utf8))
            #expect(response.headers["X-Final"] == "1")
            #expect(response.headers["X-Interim"] == nil)
        }
    }

    @Test("headers of redirect responses do not leak into the final response")
    func redirectHeadersDoNotLeak() async throws {
        try await withFixture { server, driver in
            server.route("/old") { _ in Reply.redirect(to: "/new").adding("X-Old", "1") }
            server.route("/new") { _ in .ok("new") }
            let response = try await driver.perform(HTTPRequest(url: server.url("/old"), limits: Self.tight))
            #expect(response.headers["X-Old"] == nil)
            #expect(response.headers["Location"] == nil)
            #expect(response.headers["Content-Length"] == "3")
        }
    }

    @Test("a 307 redirect of a POST re-sends the body; a 303 turns it into a GET")
    func postRedirects() async throws {
        try await withFixture { server, driver in
            server.route("/307") { _ in .redirect(to: "/target", status: 307) }
            server.route("/303") { _ in .redirect(to: "/target", status: 303) }
            server.route("/target") { request in .ok("\(request.method) \(request.bodyText)") }
            let kept = try await driver.perform(
                HTTPRequest(url: server.url("/307"), method: .post, body: Array("a=1".utf8), limits: Self.tight))
            let switched = try await driver.perform(
                HTTPRequest(url: server.url("/303"), method: .post, body: Array("a=1".utf8), limits: Self.tight))
            #expect(String(decoding: kept.body, as: UTF8.self) == "POST a=1")
            #expect(String(decoding: switched.body, as: UTF8.self) == "GET ")
        }
    }

    @Test("a body of exactly the cap is accepted; one byte more is too large")
    func capBoundary() async throws {
        try await withFixture { server, driver in
            let cap = 10_000
            server.route("/exact") { _ in .ok([UInt8](repeating: 1, count: cap)) }
            server.route("/over") { _ in .ok([UInt8](repeating: 1, count: cap + 1)) }
            server.route("/over-chunked") { _ in
                Reply(
                    status: 200, headers: ["Transfer-Encoding": "chunked"],
                    body: Array("2711\r\n".utf8) + [UInt8](repeating: 1, count: cap + 1) + Array("\r\n0\r\n\r\n".utf8))
            }
            let limits = TransferLimits(totalTimeout: .seconds(5), maxResponseBytes: cap)
            let exact = try await driver.perform(HTTPRequest(url: server.url("/exact"), limits: limits))
            #expect(exact.body.count == cap)
            #expect(await failure(driver, server.url("/over"), limits: limits)?.kind == .tooLarge)
            #expect(await failure(driver, server.url("/over-chunked"), limits: limits)?.kind == .tooLarge)
        }
    }

    @Test("a HEAD request returns the head without waiting for a body")
    func headRequest() async throws {
        try await withFixture { server, driver in
            server.route("/doc") { _ in .ok("twelve bytes") }
            // Waiting for the twelve bytes a HEAD answer never carries would end in a timeout.
            let limits = TransferLimits(totalTimeout: .seconds(2), stallTimeout: .seconds(30))
            var outcome = ""
            do throws(TransferError) {
                let response = try await driver.perform(
                    HTTPRequest(url: server.url("/doc"), method: .init(rawValue: "HEAD"), limits: limits))
                outcome = "\(response.status) \(response.headers["Content-Length"] ?? "-") \(response.body.count)"
            } catch {
                outcome = "\(error.kind): \(error.message)"
            }
            #expect(outcome == "200 12 0")
            #expect(server.requests.first?.method == "HEAD")
        }
    }

    @Test("a DELETE with no body is sent as DELETE")
    func deleteRequest() async throws {
        try await withFixture { server, driver in
            server.route("/item") { _ in .status(204) }
            let response = try await driver.perform(
                HTTPRequest(url: server.url("/item"), method: .init(rawValue: "DELETE"), limits: Self.tight))
            #expect(response.status == 204)
            #expect(server.requests.first?.method == "DELETE")
        }
    }

    @Test("credentials the caller set are not forwarded to another origin on redirect")
    func credentialsStayWithTheirOrigin() async throws {
        try await withFixture { origin, driver in
            let other = try LoopbackHTTPServer(host: "127.0.0.2")
            let otherPort = try LoopbackHTTPServer()
            defer {
                other.stop()
                otherPort.stop()
            }
            for server in [other, otherPort, origin] { server.route("/land") { _ in .ok("landed") } }
            origin.route("/to-host") { _ in .redirect(to: other.url("/land")) }
            origin.route("/to-port") { _ in .redirect(to: otherPort.url("/land")) }
            origin.route("/same") { _ in .redirect(to: "/land") }
            let secrets: HTTPHeaders = ["Authorization": "Bearer s3cret", "Cookie": "session=s3cret"]
            for path in ["/to-host", "/to-port", "/same"] {
                _ = try await driver.perform(HTTPRequest(url: origin.url(path), headers: secrets, limits: Self.tight))
            }

            for server in [other, otherPort] {
                let landed = try #require(server.requests(to: "/land").first)
                #expect(landed.header("Authorization") == nil)
                #expect(landed.header("Cookie") == nil)
            }
            #expect(origin.requests(to: "/land").first?.header("Authorization") == "Bearer s3cret")
        }
    }

    @Test("a header value with a line break cannot smuggle another header")
    func headerInjection() async throws {
        try await withFixture { server, driver in
            server.route("/") { _ in .ok("x") }
            let request = HTTPRequest(
                url: server.url("/"), headers: ["X-Token": "abc\r\nX-Injected: yes", "X-File-Secret": "def\n"],
                limits: Self.tight)
            _ = try? await driver.perform(request)
            let recorded = server.requests.first
            #expect(recorded?.header("X-Injected") == nil)
            #expect(recorded?.header("X-File-Secret")?.contains("\n") != true)
        }
    }

    @Test("a header with an empty value is sent, not dropped")
    func emptyHeaderValue() async throws {
        try await withFixture { server, driver in
            server.route("/") { _ in .ok("x") }
            _ = try await driver.perform(
                HTTPRequest(url: server.url("/"), headers: ["X-Empty": ""], limits: Self.tight))
            #expect(server.requests.first?.headers.contains("X-Empty") == true)
        }
    }

    @Test("a body that claims gzip but is not is reported as bad content")
    func badGzip() async throws {
        try await withFixture { server, driver in
            server.route("/fake") { _ in
                Reply(
                    status: 200, headers: ["Content-Encoding": "gzip"],
                    body: Array("definitely not gzip, but long enough to try".utf8))
            }
            let error = await failure(driver, server.url("/fake"))
            #expect(error?.kind == .badContent)
        }
    }

    // MARK: Refused before any I/O

    @Test("a closed port is a connect error")
    func closedPort() async throws {
        let server = try LoopbackHTTPServer()
        let url = server.url("/")
        server.stop()
        let driver = CurlDriver()
        defer { driver.shutdown() }

        let error = await failure(driver, url)
        #expect(error?.kind == .connect)
        #expect(error?.url == url)
    }

    @Test("a listener that never accepts fails at the connect timeout, not the total timeout")
    func connectTimeout() async throws {
        let listener = try StuckListener()
        defer { listener.close() }
        let driver = CurlDriver()
        defer { driver.shutdown() }
        let limits = TransferLimits(
            connectTimeout: .milliseconds(500), totalTimeout: .seconds(60), stallTimeout: .seconds(60))
        let clock = ContinuousClock()
        let start = clock.now
        let error = await failure(driver, "http://127.0.0.1:\(listener.port)/", limits: limits)
        let elapsed = clock.now - start

        #expect(error?.kind == .timeout || error?.kind == .connect)
        #expect(elapsed >= .milliseconds(400))
    }

    @Test(
        "invalid URLs are refused",
        arguments: ["not a url", "http://", "http://exa mple.org/", "127.0.0.1/feed", "http://[::1/x", ""])
    func invalidURL(url: String) async {
        let driver = CurlDriver()
        defer { driver.shutdown() }
        let error = await failure(driver, url)
        #expect(error != nil)
        #expect(error?.kind != .connect)
    }

    @Test(
        "schemes other than http and https are refused without touching the network",
        arguments: ["ftp", "file", "gopher", "dict", "ldap", "smtp", "FTP"])
    func otherSchemes(scheme: String) async throws {
        try await withFixture { server, driver in
            let url = scheme.lowercased() == "file" ? "file:///etc/passwd" : "\(scheme)://127.0.0.1:\(server.port)/"
            let error = await failure(driver, url)
            #expect(error?.kind == .unsupportedProtocol)
            #expect(server.connectionCount == 0)
        }
    }

    @Test("the per-host limit holds back transfers, and a queued transfer can be cancelled")
    func perHostLimitAndQueuedCancellation() async throws {
        let server = try LoopbackHTTPServer()
        let driver = CurlDriver(configuration: .init(maxTransfersPerHost: 2))
        defer {
            driver.shutdown()
            server.stop()
        }
        server.route("/ok") { _ in .ok("warm") }
        server.route("/hang") { _ in .hang }
        // One completed exchange first, so curl knows the host speaks HTTP/1.1 (see the next test).
        _ = try await driver.perform(HTTPRequest(url: server.url("/ok")))
        let limits = TransferLimits(totalTimeout: .seconds(30), stallTimeout: .seconds(30))
        let running = (0..<2).map { _ in
            Task { await failure(driver, server.url("/hang"), limits: limits) }
        }
        #expect(await server.waitForRequests(3))
        let queued = Task { await failure(driver, server.url("/hang"), limits: limits) }
        #expect(await server.waitForRequests(4, timeout: .milliseconds(300)) == false)

        queued.cancel()
        #expect(await queued.value?.kind == .cancelled)
        for task in running { task.cancel() }
        for task in running { #expect(await task.value?.kind == .cancelled) }
        #expect(server.requests(to: "/hang").count == 2)
    }

    @Test("a first request to a host that hangs does not hold back the next one")
    func coldHostIsNotSerialized() async throws {
        let server = try LoopbackHTTPServer()
        let driver = CurlDriver()
        defer {
            driver.shutdown()
            server.stop()
        }
        server.route("/hang") { _ in .hang }
        server.route("/ok") { _ in .ok("fine") }
        let limits = TransferLimits(totalTimeout: .seconds(30), stallTimeout: .seconds(30))
        let hanging = Task { await failure(driver, server.url("/hang"), limits: limits) }
        #expect(await server.waitForRequests(1))

        let quick = Task { () async -> String in
            do throws(TransferError) {
                let response = try await driver.perform(HTTPRequest(url: server.url("/ok"), limits: limits))
                return String(decoding: response.body, as: UTF8.self)
            } catch {
                return "\(error.kind)"
            }
        }
        #expect(await server.waitForRequests(2, timeout: .seconds(2)))
        quick.cancel()
        hanging.cancel()
        #expect(await hanging.value?.kind == .cancelled)
        _ = await quick.value
    }

    // MARK: Cancellation and shutdown

    @Test("cancelling the calling task ends a hanging transfer promptly with .cancelled")
    func cancellation() async throws {
        try await withFixture { server, driver in
            server.route("/hang") { _ in .hang }
            let limits = TransferLimits(totalTimeout: .seconds(30), stallTimeout: .seconds(30))
            let task = Task { () async -> TransferError? in
                do throws(TransferError) {
                    _ = try await driver.perform(HTTPRequest(url: server.url("/hang"), limits: limits))
                    return nil
                } catch {
                    return error
                }
            }
            #expect(await server.waitForRequests(1))
            task.cancel()
            let error = await task.value

            #expect(error?.kind == .cancelled)
            // Far below the 30 s the transfer would otherwise have been allowed.
        }
    }

    @Test("a task cancelled before it calls perform gets .cancelled and sends nothing")
    func cancelledBeforeStart() async throws {
        try await withFixture { server, driver in
            server.route("/") { _ in .ok("x") }
            let task = Task { () async -> TransferError? in
                withUnsafeCurrentTask { $0?.cancel() }
                do throws(TransferError) {
                    _ = try await driver.perform(HTTPRequest(url: server.url("/")))
                    return nil
                } catch {
                    return error
                }
            }
            #expect(await task.value?.kind == .cancelled)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("shutdown fails transfers in flight and refuses new ones")
    func shutdown() async throws {
        try await withFixture { server, driver in
            server.route("/hang") { _ in .hang }
            let limits = TransferLimits(totalTimeout: .seconds(30), stallTimeout: .seconds(30))
            async let inFlight = failure(driver, server.url("/hang"), limits: limits)
            #expect(await server.waitForRequests(1))
            driver.shutdown()

            #expect(await inFlight?.kind == .shutdown)
            #expect(await failure(driver, server.url("/hang"))?.kind == .shutdown)
        }
    }

    /// The process's peak resident memory, from /proc (VmHWM), to show a bomb was never inflated.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}
