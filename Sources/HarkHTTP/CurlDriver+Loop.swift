import CCurl
import Foundation

/// The driver thread's side: admission, curl's event loop, completion. Everything here runs on
/// that one thread, so none of it needs locks.
final class DriverLoop {
    private let shared: DriverShared
    private let configuration: CurlDriver.Configuration
    private var multi: UnsafeMutableRawPointer { shared.multi.raw }

    /// Running transfers by easy-handle address.
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var runningPerHost: [String: Int] = [:]
    /// Queued jobs per host, and the hosts with queued jobs in round-robin order.
    private var queued: [String: JobQueue] = [:]
    private var hostRotation: [String] = []
    private var queuedCount = 0

    init(shared: DriverShared, configuration: CurlDriver.Configuration) {
        self.shared = shared
        self.configuration = configuration
        _ = hark_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxTransfers)
    }

    func run() {
        while true {
            let mail = shared.takeMail()
            for job in mail.jobs { enqueue(job) }
            for id in mail.cancellations { cancel(id) }
            if mail.shutdown {
                stopEverything()
                return
            }
            admit()
            var stillRunning: Int32 = 0
            _ = curl_multi_perform(multi, &stillRunning)
            collectFinished()
            if queuedCount > 0, running.count < configuration.maxTransfers { admit() }
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func enqueue(_ job: Job) {
        let host = Self.hostKey(job.request.url)
        if queued[host] == nil {
            queued[host] = JobQueue()
            hostRotation.append(host)
        }
        queued[host]!.append(job)
        queuedCount += 1
    }

    /// Starts queued transfers, one host at a time in turn, within the global and per-host limits.
    private func admit() {
        var progressed = true
        while progressed, queuedCount > 0, running.count < configuration.maxTransfers {
            progressed = false
            var index = 0
            while index < hostRotation.count, running.count < configuration.maxTransfers {
                let host = hostRotation[index]
                guard runningPerHost[host, default: 0] < configuration.maxTransfersPerHost,
                    let job = queued[host]?.popFirst()
                else {
                    index += 1
                    continue
                }
                queuedCount -= 1
                if queued[host]!.isEmpty {
                    queued[host] = nil
                    hostRotation.remove(at: index)
                } else {
                    index += 1
                }
                start(job, host: host)
                progressed = true
            }
        }
    }

    private func start(_ job: Job, host: String) {
        if job.call.isCancelled {
            job.finish(.failure(TransferError(url: job.request.url, kind: .cancelled, message: "cancelled")))
            return
        }
        let transfer: Transfer
        do {
            transfer = try Transfer(job: job, host: host, userAgent: configuration.userAgent)
        } catch {
            job.finish(.failure(error))
            return
        }
        let code = curl_multi_add_handle(multi, transfer.handle)
        guard code == CURLM_OK else {
            let message = String(cString: curl_multi_strerror(code))
            transfer.cleanUp()
            job.finish(.failure(TransferError(url: job.request.url, kind: .other, message: message)))
            return
        }
        running[transfer.handle] = transfer
        runningPerHost[host, default: 0] += 1
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            var handle: UnsafeMutableRawPointer?
            var code = CURLE_OK
            guard hark_multi_done(message, &handle, &code) != 0, let handle, let transfer = running[handle] else {
                continue
            }
            let result = transfer.result(code)
            remove(transfer)
            transfer.job.finish(result)
        }
    }

    private func remove(_ transfer: Transfer) {
        _ = curl_multi_remove_handle(multi, transfer.handle)
        running[transfer.handle] = nil
        let host = transfer.host
        let count = runningPerHost[host, default: 1] - 1
        runningPerHost[host] = count > 0 ? count : nil
        transfer.cleanUp()
    }

    private func cancel(_ id: UInt64) {
        let cancelled = { (url: String) in TransferError(url: url, kind: .cancelled, message: "cancelled") }
        if let transfer = running.values.first(where: { $0.job.call.id == id }) {
            remove(transfer)
            transfer.job.finish(.failure(cancelled(transfer.job.request.url)))
            return
        }
        for host in hostRotation {
            if let job = queued[host]?.remove(id: id) {
                queuedCount -= 1
                job.finish(.failure(cancelled(job.request.url)))
                return
            }
        }
    }

    private func stopEverything() {
        let error = { (url: String) in TransferError(url: url, kind: .shutdown, message: "HTTP driver is shut down") }
        for transfer in Array(running.values) {
            remove(transfer)
            transfer.job.finish(.failure(error(transfer.job.request.url)))
        }
        for host in hostRotation {
            while let job = queued[host]?.popFirst() { job.finish(.failure(error(job.request.url))) }
        }
        queued = [:]
        hostRotation = []
        queuedCount = 0
        // Late submissions are refused once `shutdown` is set; answer any that raced in.
        for job in shared.takeMail().jobs { job.finish(.failure(error(job.request.url))) }
        _ = curl_multi_cleanup(multi)
    }

    private static let defaultPorts = ["http": 80, "https": 443, "smtp": 25, "smtps": 465]

    /// `scheme://host:port` of a URL, lowercased: the unit of per-host politeness.
    static func hostKey(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority.lowercased()
        let hasPort = host.hasPrefix("[") ? host.contains("]:") : host.contains(":")
        if !hasPort { host += ":\(defaultPorts[scheme] ?? 80)" }
        return scheme + "://" + host
    }
}

/// A FIFO of jobs for one host (amortised O(1) pops without shifting the array).
struct JobQueue {
    private var jobs: [Job] = []
    private var head = 0

    var isEmpty: Bool { head == jobs.count }

    mutating func append(_ job: Job) { jobs.append(job) }

    mutating func popFirst() -> Job? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head > 64, head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    mutating func remove(id: UInt64) -> Job? {
        guard let index = jobs[head...].firstIndex(where: { $0.call.id == id }) else { return nil }
        return jobs.remove(at: index)
    }
}
