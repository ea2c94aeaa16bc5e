import CCurl
import Foundation
import Synchronization

/// Owns every curl handle and runs all transfers on libcurl's multi interface on one thread.
///
/// A poller pointed at thousands of sources cannot afford a thread (or a task blocked in I/O) per
/// request. Here one dedicated thread drives a single `CURLM`: it admits queued transfers while
/// respecting a global and a per-host limit, lets curl multiplex them, and resumes each caller's
/// continuation when its transfer ends. Callers only see `perform(_:)`; nothing outside this module
/// touches a curl handle.
public final class CurlDriver: Sendable {
    /// How many transfers run at once, overall and per host, and how hark introduces itself.
    public struct Configuration: Sendable {
        /// Sent with every request; sites like Reddit reject anonymous clients.
        public var userAgent: String
        /// Transfers running at once; the rest wait in a queue (memory and descriptors stay bounded).
        public var maxTransfers: Int
        /// Transfers running at once against one scheme://host:port, to be polite to every site.
        public var maxTransfersPerHost: Int

        public init(userAgent: String = CurlDriver.defaultUserAgent, maxTransfers: Int = 256, maxTransfersPerHost: Int = 6) {
            self.userAgent = userAgent
            self.maxTransfers = max(1, maxTransfers)
            self.maxTransfersPerHost = max(1, maxTransfersPerHost)
        }
    }

    /// hark's User-Agent: names the program, its version and where to learn about it.
    public static let defaultUserAgent = "hark/\(HarkVersion.string) (social listening; +https://github.com/hark-listens/hark)"

    private let shared: DriverShared
    private let ids = Atomic<UInt64>(0)

    /// Starts the driver thread.
    public init(configuration: Configuration = Configuration()) {
        CurlGlobal.ensureInitialized()
        shared = DriverShared()
        let shared = self.shared
        let thread = Thread { DriverLoop(shared: shared, configuration: configuration).run() }
        thread.name = "hark-curl"
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        shared.requestShutdown()
    }

    /// Runs one transfer. Any HTTP status is a response; only transport failures throw.
    ///
    /// Cancelling the calling task removes the transfer from curl promptly and throws `.cancelled`.
    public func perform(_ request: HTTPRequest) async throws(TransferError) -> HTTPResponse {
        if let problem = Self.validate(request.url) { throw problem }
        let call = CallState(id: ids.add(1, ordering: .relaxed).newValue)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<TransferResult, Never>) in
                shared.submit(Job(call: call, request: request, continuation: continuation))
            }
        } onCancel: {
            shared.cancel(call)
        }
        return try result.get()
    }

    /// Hands one e-mail to an SMTP server (`smtp://` or `smtps://`) and returns once it was accepted.
    ///
    /// Runs on the same thread and under the same limits as HTTP transfers; a refusal by the server
    /// (a rejected sender or recipient, a failed login) throws with curl's account of the reply.
    /// Cancelling the calling task aborts the dialogue and throws `.cancelled`.
    public func send(_ mail: MailRequest) async throws(TransferError) -> MailReceipt {
        if let problem = Self.validate(mail: mail) { throw problem }
        let call = CallState(id: ids.add(1, ordering: .relaxed).newValue)
        let carrier = HTTPRequest(url: mail.url, method: .post, limits: mail.limits)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<TransferResult, Never>) in
                shared.submit(Job(call: call, request: carrier, mail: mail, continuation: continuation))
            }
        } onCancel: {
            shared.cancel(call)
        }
        let response = try result.get()
        return MailReceipt(responseCode: response.status, elapsed: response.elapsed)
    }

    /// Stops the driver thread; queued and running transfers fail with `.shutdown`.
    public func shutdown() {
        shared.requestShutdown()
    }

    /// Refuses what curl must never be asked to fetch: anything but http and https.
    static func validate(_ url: String) -> TransferError? {
        guard let schemeEnd = url.range(of: "://") else {
            return TransferError(url: url, kind: .invalidURL, message: "not an absolute http(s) URL")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return TransferError(
                url: url, kind: .unsupportedProtocol, message: "only http and https are allowed, not '\(scheme)'")
        }
        if url.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F }) {
            return TransferError(url: url, kind: .invalidURL, message: "URL contains spaces or control characters")
        }
        return nil
    }

    /// Refuses a mail curl must not be asked to send: another scheme, an address that could inject
    /// SMTP commands, or no recipient.
    static func validate(mail: MailRequest) -> TransferError? {
        let url = mail.url
        guard let schemeEnd = url.range(of: "://") else {
            return TransferError(url: url, kind: .invalidURL, message: "not an absolute smtp(s) URL")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            return TransferError(
                url: url, kind: .unsupportedProtocol, message: "mail goes over smtp or smtps, not '\(scheme)'")
        }
        if url.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F }) {
            return TransferError(url: url, kind: .invalidURL, message: "URL contains spaces or control characters")
        }
        guard !mail.recipients.isEmpty else {
            return TransferError(url: url, kind: .invalidRequest, message: "a mail needs at least one recipient")
        }
        for address in [mail.from] + mail.recipients where !isPlainAddress(address) {
            return TransferError(
                url: url, kind: .invalidRequest, message: "'\(address)' is not a plain e-mail address")
        }
        return nil
    }

    /// `local@domain` with no spaces, controls or angle brackets (which would end the SMTP command).
    static func isPlainAddress(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex
        else { return false }
        return address.utf8.allSatisfy { byte in
            byte > 0x20 && byte != 0x7F && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
        }
    }
}

/// The release of hark this build is.
public enum HarkVersion {
    public static let string = "0.1.0"
}

typealias TransferResult = Result<HTTPResponse, TransferError>

/// One queued transfer: the request, whom to tell, and the call's cancellation state.
struct Job: Sendable {
    let call: CallState
    /// The request; for a mail, a carrier with its URL and limits, which is all the queue looks at.
    let request: HTTPRequest
    /// The mail to send instead of an HTTP exchange, if this job is one.
    var mail: MailRequest? = nil
    let continuation: CheckedContinuation<TransferResult, Never>

    func finish(_ result: TransferResult) {
        if call.markFinished() { continuation.resume(returning: result) }
    }
}

/// The life of one `perform` call, so a cancellation that races with submission or completion is
/// neither lost nor remembered forever.
final class CallState: Sendable {
    enum Phase { case new, submitted, cancelled, finished }
    let id: UInt64
    private let phase = Mutex(Phase.new)

    init(id: UInt64) { self.id = id }

    /// Moves to `submitted`; false when the call was cancelled before it got there.
    func markSubmitted() -> Bool {
        phase.withLock {
            guard $0 == .new else { return false }
            $0 = .submitted
            return true
        }
    }

    /// Records a cancellation; true when the driver must be told (the transfer is queued or running).
    func markCancelled() -> Bool {
        phase.withLock {
            switch $0 {
            case .new:
                $0 = .cancelled
                return false
            case .submitted:
                $0 = .cancelled
                return true
            case .cancelled, .finished:
                return false
            }
        }
    }

    /// Moves to `finished`; false when it already was (the continuation must resume exactly once).
    func markFinished() -> Bool {
        phase.withLock {
            guard $0 != .finished else { return false }
            $0 = .finished
            return true
        }
    }

    var isCancelled: Bool { phase.withLock { $0 == .cancelled } }
}

/// What callers hand to the driver thread: new jobs, cancellations and the shutdown request.
struct Mailbox {
    var jobs: [Job] = []
    var cancellations: [UInt64] = []
    var shutdown = false
}

/// The state both sides of the thread boundary share: the mailbox (under a mutex) and the multi
/// handle, of which other threads only ever call `curl_multi_wakeup`.
final class DriverShared: Sendable {
    let mailbox = Mutex(Mailbox())
    let multi: MultiHandle

    init() {
        multi = MultiHandle()
    }

    func submit(_ job: Job) {
        guard job.call.markSubmitted() else {
            job.finish(.failure(TransferError(url: job.request.url, kind: .cancelled, message: "cancelled")))
            return
        }
        let accepted = mailbox.withLock { mailbox -> Bool in
            guard !mailbox.shutdown else { return false }
            mailbox.jobs.append(job)
            return true
        }
        guard accepted else {
            job.finish(.failure(TransferError(url: job.request.url, kind: .shutdown, message: "HTTP driver is shut down")))
            return
        }
        multi.wakeup()
    }

    func cancel(_ call: CallState) {
        guard call.markCancelled() else { return }
        mailbox.withLock { $0.cancellations.append(call.id) }
        multi.wakeup()
    }

    func requestShutdown() {
        mailbox.withLock { $0.shutdown = true }
        multi.wakeup()
    }

    func takeMail() -> Mailbox {
        mailbox.withLock { mailbox in
            let taken = mailbox
            mailbox.jobs.removeAll(keepingCapacity: true)
            mailbox.cancellations.removeAll(keepingCapacity: true)
            return taken
        }
    }
}

/// The `CURLM` handle.
///
/// `@unchecked Sendable` is sound because the driver thread is the only user of the handle except
/// for `curl_multi_wakeup`, which libcurl documents as safe to call from any thread; the handle is
/// cleaned up by the driver thread when its loop ends, after which `wakeup` is never called
/// (`DriverShared` refuses jobs once shut down, and the loop exits only after shutdown).
final class MultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init() {
        guard let handle = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        raw = handle
    }

    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }
}

/// libcurl's process-wide initialisation, done once before the first handle exists.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func ensureInitialized() {
        precondition(initialized, "curl_global_init failed")
    }
}
