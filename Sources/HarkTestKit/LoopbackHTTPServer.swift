import Foundation
import Glibc
import Synchronization

/// A real HTTP/1.1 server on a loopback address that tests point hark's clients at, and that
/// can misbehave on purpose (see ``Reply/Behaviour``).
///
/// hark's rule is that I/O code is tested against real sockets, never a mocked HTTP layer: a mock
/// cannot reproduce a server that drips, streams forever, lies about its length or hangs, and those
/// are exactly the servers a poller must survive. Routes are plain closures from the request to a
/// ``Reply``; every request is recorded for assertions.
///
/// Each connection is served by its own thread with blocking-style code (non-blocking sockets plus
/// `poll`), so a hanging reply never holds up another connection. `stop()` (also run when the
/// server is released) closes everything and joins every thread.
///
/// ```swift
/// let server = try LoopbackHTTPServer()
/// defer { server.stop() }
/// server.route("/feed") { _ in .ok("<rss/>", contentType: "application/rss+xml") }
/// server.route("/slow") { _ in .ok("abc").behaving(.drip(bytesPerInterval: 1, interval: .seconds(1))) }
/// ```
public final class LoopbackHTTPServer: Sendable {
    /// The handler that answers a route.
    public typealias Handler = @Sendable (RecordedRequest) -> Reply

    private let core: ServerCore

    /// Starts a server on `host` (any address in 127.0.0.0/8) on a free port chosen by the kernel.
    ///
    /// `misbehaviourLimit` bounds how long one connection may hang, drip or stream endlessly, so
    /// a test that forgets its client never leaves a server thread running for long.
    public init(host: String = "127.0.0.1", misbehaviourLimit: Duration = .seconds(120)) throws(SocketError) {
        core = try ServerCore(host: host, misbehaviourLimit: misbehaviourLimit)
    }

    deinit { core.stop() }

    /// The port the server listens on.
    public var port: Int { core.port }

    /// The host the server listens on, as given to `init`.
    public var host: String { core.host }

    /// `http://HOST:PORT`, with no trailing slash.
    public var baseURL: String { "http://\(core.host):\(core.port)" }

    /// The absolute URL of `path` on this server; a missing leading slash is added.
    public func url(_ path: String) -> String {
        path.hasPrefix("/") ? baseURL + path : baseURL + "/" + path
    }

    /// Answers requests whose path (query ignored) is exactly `path`; a later registration of the
    /// same path replaces the earlier one, so a test can change a source's answer between polls.
    public func route(_ path: String, _ handler: @escaping Handler) {
        core.state.withLock { $0.exactRoutes[path] = handler }
    }

    /// Answers requests whose path starts with `prefix` and that no exact route claims; the longest
    /// matching prefix wins, and a later registration of the same prefix replaces the earlier one.
    public func routePrefix(_ prefix: String, _ handler: @escaping Handler) {
        core.state.withLock { $0.prefixRoutes[prefix] = handler }
    }

    /// Every request received so far, in the order they were read.
    public var requests: [RecordedRequest] { core.state.withLock { $0.requests } }

    /// The requests received so far whose path is exactly `path`.
    public func requests(to path: String) -> [RecordedRequest] {
        requests.filter { $0.path == path }
    }

    /// How many TCP connections the server has accepted, to check that a client reuses them.
    public var connectionCount: Int { core.state.withLock { $0.nextConnection - 1 } }

    /// Waits until at least `count` requests have been received, without polling; false if
    /// `timeout` passed (or the server stopped) first. Lets a test act once a request is in flight.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(5)) async -> Bool {
        let core = core
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await core.requestCount(reaching: count) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return core.state.withLock { $0.requests.count } >= count
    }

    /// Closes the listener and every connection, and joins every thread. Idempotent; afterwards
    /// the port is free and connections to it are refused. Routes are dropped too, so handlers
    /// that capture their own server do not keep it alive.
    ///
    /// `stop()` waits for running handlers: a handler that blocks, or calls `stop()` itself, would
    /// never let it return; handlers answer ``Reply/Behaviour/hang`` instead of blocking.
    public func stop() { core.stop() }
}

/// The server's shared state and threads, apart from the public object so that threads never keep
/// the server alive: releasing the last `LoopbackHTTPServer` reference stops everything.
final class ServerCore: Sendable {
    struct State {
        var exactRoutes: [String: LoopbackHTTPServer.Handler] = [:]
        var prefixRoutes: [String: LoopbackHTTPServer.Handler] = [:]
        var requests: [RecordedRequest] = []
        var acceptThread: pthread_t?
        /// Threads of live connections, by connection number; a thread removes and detaches
        /// itself when its connection ends, unless `stop()` already took it to join.
        var connectionThreads: [Int: pthread_t] = [:]
        var nextConnection = 1
        var isStopping = false
        var waiters: [Int: (count: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
        var cancelledWaiters: Set<Int> = []
        var nextWaiter = 0
    }

    let host: String
    let port: Int
    let misbehaviourLimit: Duration
    let state = Mutex(State())
    private let listener: Int32
    private let wake: (read: Int32, write: Int32)

    init(host: String, misbehaviourLimit: Duration) throws(SocketError) {
        let (fd, port) = try Socket.listen(host: host)
        let wake: (read: Int32, write: Int32)
        do {
            wake = try Socket.makeWakePipe()
        } catch {
            close(fd)
            throw error
        }
        self.host = host
        self.port = port
        self.misbehaviourLimit = misbehaviourLimit
        listener = fd
        self.wake = wake
        do {
            let thread = try JoinableThread.spawn { [self] in acceptLoop() }
            state.withLock { $0.acceptThread = thread }
        } catch {
            close(fd)
            close(wake.read)
            close(wake.write)
            throw error
        }
    }

    func stop() {
        let acceptThread: pthread_t?? = state.withLock { state in
            guard !state.isStopping else { return nil }
            state.isStopping = true
            return .some(state.acceptThread)
        }
        guard let acceptThread else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        if let acceptThread { JoinableThread.join(acceptThread) }
        close(listener)

        let (threads, waiters) = state.withLock { state in
            let threads = Array(state.connectionThreads.values)
            state.connectionThreads.removeAll()
            let waiters = state.waiters.values.map(\.continuation)
            state.waiters.removeAll()
            return (threads, waiters)
        }
        threads.forEach(JoinableThread.join)
        waiters.forEach { $0.resume() }
        close(wake.read)
        close(wake.write)
        // Handlers often capture their own server (to build URLs); dropping them breaks that cycle.
        state.withLock { state in
            state.exactRoutes.removeAll()
            state.prefixRoutes.removeAll()
        }
    }

    // MARK: Accepting

    private func acceptLoop() {
        while Socket.wait(listener, for: POLLIN, wake: wake.read, timeoutMilliseconds: -1) == .ready {
            guard let fd = Socket.accept(listener) else {
                if errno == EMFILE || errno == ENFILE {
                    // Out of descriptors: back off instead of spinning on a listener that stays readable.
                    guard Socket.wait(wake.read, for: POLLIN, wake: wake.read, timeoutMilliseconds: 10) == .timedOut
                    else { return }
                }
                continue
            }
            state.withLock { state in
                guard !state.isStopping else {
                    close(fd)
                    return
                }
                let number = state.nextConnection
                state.nextConnection += 1
                do {
                    state.connectionThreads[number] = try JoinableThread.spawn { [self] in
                        serve(fd: fd, connection: number)
                        connectionFinished(number)
                    }
                } catch {
                    close(fd)
                }
            }
        }
    }

    private func connectionFinished(_ number: Int) {
        state.withLock { state in
            guard !state.isStopping, let thread = state.connectionThreads.removeValue(forKey: number) else { return }
            JoinableThread.detach(thread)
        }
    }

    // MARK: Serving

    private func serve(fd: Int32, connection number: Int) {
        defer { close(fd) }
        var connection = ServerConnection(fd: fd, wake: wake.read)
        while true {
            switch connection.readRequest() {
            case .closed:
                return
            case .malformed(let status, let message):
                var reply = Reply.status(status, body: message + "\n")
                reply.headers.set("Connection", "close")
                connection.send(ResponseWriter.head(of: reply, contentLength: reply.body.count) + reply.body)
                return
            case .request(let method, let target, let version, let headers, let body):
                let (path, query) = Self.split(target: target)
                let request = RecordedRequest(
                    method: method, path: path, query: query, version: version, headers: headers, body: body,
                    receivedAt: Date(), connection: number)
                record(request)
                let reply = handler(for: path)?(request) ?? .status(404, body: "no route for \(path)\n")
                let writer = ResponseWriter(connection: connection, deadline: .now + misbehaviourLimit)
                guard writer.respond(reply, to: request) else { return }
            }
        }
    }

    private func handler(for path: String) -> LoopbackHTTPServer.Handler? {
        state.withLock { state in
            if let exact = state.exactRoutes[path] { return exact }
            return state.prefixRoutes
                .filter { path.hasPrefix($0.key) }
                .max { $0.key.count < $1.key.count }?
                .value
        }
    }

    /// Splits an origin-form target (or an absolute-form one, as proxies get) into path and query.
    static func split(target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if let scheme = rest.range(of: "://") {
            let afterAuthority = rest[scheme.upperBound...].firstIndex(of: "/") ?? rest.endIndex
            rest = rest[afterAuthority...]
            if rest.isEmpty { rest = "/" }
        }
        guard let mark = rest.firstIndex(of: "?") else { return (String(rest), nil) }
        return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
    }

    // MARK: Recording

    private func record(_ request: RecordedRequest) {
        let ready = state.withLock { state in
            state.requests.append(request)
            let total = state.requests.count
            let due = state.waiters.filter { $0.value.count <= total }
            for key in due.keys { state.waiters.removeValue(forKey: key) }
            return due.values.map(\.continuation)
        }
        ready.forEach { $0.resume() }
    }

    /// Returns once `count` requests have been recorded, the server stops, or the task is cancelled.
    func requestCount(reaching count: Int) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.requests.count >= count || state.isStopping || state.cancelledWaiters.remove(id) != nil {
                        return true
                    }
                    state.waiters[id] = (count, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiting = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.cancelledWaiters.insert(id)
                    return nil as CheckedContinuation<Void, Never>?
                }
                return waiter.continuation
            }
            waiting?.resume()
        }
    }
}
