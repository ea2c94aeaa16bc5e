import CCurl
import Foundation

/// One easy handle and what it has received so far. Lives only on the driver thread.
///
/// curl calls back into it through plain C function pointers with an unretained pointer to the
/// instance as user data; the driver's `running` table keeps it alive until curl is done with it.
final class Transfer {
    let job: Job
    let host: String
    let handle: UnsafeMutableRawPointer
    private let limits: TransferLimits
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private(set) var body: [UInt8] = []
    private(set) var headers = HTTPHeaders()
    /// Set when a callback aborted the transfer because a size cap was hit.
    private(set) var exceededLimit = false
    /// The `Content-Length` of the current header block, to refuse a response that states two.
    private var contentLength: String?
    /// Set when the header callback aborted because of two different `Content-Length` values.
    private(set) var conflictingLength = false
    /// What a mail transfer uploads, and how much of it curl has read.
    private var upload: [UInt8] = []
    private var uploaded = 0

    init(job: Job, host: String, userAgent: String) throws(TransferError) {
        self.job = job
        self.host = host
        limits = job.request.limits
        guard let handle = curl_easy_init() else {
            throw TransferError(url: job.request.url, kind: .other, message: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        if let problem = configure(userAgent: userAgent) {
            cleanUp()
            throw problem
        }
    }

    /// Sets every option a robust poller needs; the first option curl refuses becomes the error.
    private func configure(userAgent: String) -> TransferError? {
        if let mail = job.mail { return configure(mail: mail) }
        let request = job.request
        let me = Unmanaged.passUnretained(self).toOpaque()
        var failed: (String, CURLcode)?
        func check(_ what: String, _ code: CURLcode) {
            if code != CURLE_OK, failed == nil { failed = (what, code) }
        }
        check("url", hark_easy_setopt_string(handle, CURLOPT_URL, request.url))
        check("protocols", hark_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        check("redirect protocols", hark_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        check("follow", hark_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1))
        check("max redirects", hark_easy_setopt_long(handle, CURLOPT_MAXREDIRS, limits.maxRedirects))
        check("connect timeout", hark_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(limits.connectTimeout)))
        check("timeout", hark_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(limits.totalTimeout)))
        check("low speed limit", hark_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, max(1, limits.stallBytesPerSecond)))
        check("low speed time", hark_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, Int(limits.stallTimeout.inSeconds.rounded(.up)))))
        check("max file size", hark_easy_setopt_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limits.maxResponseBytes)))
        // An empty string asks for every encoding this libcurl can decode, and decodes it.
        check("accept encoding", hark_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        check("http version", hark_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
        // Waiting to multiplex only pays off where HTTP/2 is likely (TLS); on plain http it would
        // park every transfer to a host behind that host's first, possibly hanging, response.
        if request.url.lowercased().hasPrefix("https:") {
            check("pipewait", hark_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1))
        }
        check("user agent", hark_easy_setopt_string(handle, CURLOPT_USERAGENT, userAgent))
        check("nosignal", hark_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check("error buffer", hark_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        check("private", hark_easy_setopt_pointer(handle, CURLOPT_PRIVATE, me))
        check("write function", hark_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, Transfer.onBody))
        check("write data", hark_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me))
        check("header function", hark_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, Transfer.onHeader))
        check("header data", hark_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me))
        check("progress function", hark_easy_setopt_progress_callback(handle, Transfer.onProgress))
        check("progress data", hark_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, me))
        check("progress", hark_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0))

        var fields: [String] = []
        for (name, value) in request.headers.fields {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard Self.isSafeHeader(name: name, value: trimmed) else {
                return TransferError(
                    url: request.url, kind: .invalidRequest,
                    message: "header '\(name)' contains a line break or control character")
            }
            // "Name:" alone tells curl to remove the header; "Name;" sends it with an empty value.
            fields.append(trimmed.isEmpty ? "\(name);" : "\(name): \(trimmed)")
        }
        switch request.method {
        case .get:
            check("get", hark_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case .head:
            check("head", hark_easy_setopt_long(handle, CURLOPT_NOBODY, 1))
        default:
            if request.method == .post {
                check("post", hark_easy_setopt_long(handle, CURLOPT_POST, 1))
            } else {
                check("method", hark_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
            }
            check("body size", hark_easy_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            request.body.withUnsafeBytes { bytes in
                let base = UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(errorBuffer))
                check("body", hark_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, base))
            }
            // Servers that never answer `Expect: 100-continue` would cost a second per delivery.
            fields.append("Expect:")
        }
        for field in fields { headerList = curl_slist_append(headerList, field) }
        if let headerList { check("headers", hark_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)) }

        return optionError(failed)
    }

    /// Sets up an SMTP dialogue: envelope, login, TLS, and the message uploaded from memory.
    private func configure(mail: MailRequest) -> TransferError? {
        let me = Unmanaged.passUnretained(self).toOpaque()
        var failed: (String, CURLcode)?
        func check(_ what: String, _ code: CURLcode) {
            if code != CURLE_OK, failed == nil { failed = (what, code) }
        }
        upload = mail.message
        let connectMilliseconds = Self.milliseconds(limits.connectTimeout)
        let stallSeconds = max(1, Int(limits.stallTimeout.inSeconds.rounded(.up)))
        check("url", hark_easy_setopt_string(handle, CURLOPT_URL, mail.url))
        check("protocols", hark_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
        check("connect timeout", hark_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectMilliseconds))
        check("timeout", hark_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(limits.totalTimeout)))
        check("low speed limit", hark_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, max(1, limits.stallBytesPerSecond)))
        check("low speed time", hark_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, stallSeconds))
        check("nosignal", hark_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check("error buffer", hark_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        check("private", hark_easy_setopt_pointer(handle, CURLOPT_PRIVATE, me))
        check("mail from", hark_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(mail.from)>"))
        for recipient in mail.recipients { headerList = curl_slist_append(headerList, "<\(recipient)>") }
        check("mail recipients", hark_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, headerList))
        if let username = mail.username {
            check("username", hark_easy_setopt_string(handle, CURLOPT_USERNAME, username))
        }
        if let password = mail.password {
            check("password", hark_easy_setopt_string(handle, CURLOPT_PASSWORD, password))
        }
        if mail.requireStartTLS {
            check("use ssl", hark_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
        }
        if let caFile = mail.caFile {
            check("ca file", hark_easy_setopt_string(handle, CURLOPT_CAINFO, caFile))
        }
        check("upload", hark_easy_setopt_long(handle, CURLOPT_UPLOAD, 1))
        check("upload size", hark_easy_setopt_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(mail.message.count)))
        check("read function", hark_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION, Transfer.onRead))
        check("read data", hark_easy_setopt_pointer(handle, CURLOPT_READDATA, me))
        check("write function", hark_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, Transfer.onBody))
        check("write data", hark_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me))
        return optionError(failed)
    }

    /// The error for the first option curl refused, if any.
    private func optionError(_ failed: (String, CURLcode)?) -> TransferError? {
        guard let (what, code) = failed else { return nil }
        let kind: TransferError.Kind = code == CURLE_URL_MALFORMAT ? .invalidURL : .other
        return TransferError(
            url: job.request.url, kind: kind,
            message: "cannot set \(what): \(String(cString: curl_easy_strerror(code)))",
            curlCode: Int(code.rawValue))
    }

    /// The response, or the error that ended the transfer.
    func result(_ code: CURLcode) -> TransferResult {
        let url = job.request.url
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        var status = 0
        _ = hark_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var redirects = 0
        _ = hark_easy_getinfo_long(handle, CURLINFO_REDIRECT_COUNT, &redirects)
        var effective: UnsafeMutablePointer<CChar>?
        _ = hark_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        var micros: curl_off_t = 0
        _ = hark_easy_getinfo_offset(handle, CURLINFO_TOTAL_TIME_T, &micros)
        return .success(
            HTTPResponse(
                status: status, headers: headers, body: body, url: effective.map { String(cString: $0) } ?? url,
                redirects: redirects, elapsed: .microseconds(Int64(micros))))
    }

    private func error(for code: CURLcode) -> TransferError {
        let url = job.request.url
        let detail = String(cString: errorBuffer)
        let summary = String(cString: curl_easy_strerror(code))
        var message = detail.isEmpty ? summary : "\(summary): \(detail)"
        let raw = Int(code.rawValue)
        if job.mail != nil {
            // The SMTP reply code tells a refusal (5xx, permanent) from a deferral (4xx).
            var reply = 0
            _ = hark_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
            if reply > 0 { message += " (server replied \(reply))" }
        }
        if conflictingLength {
            return TransferError(
                url: url, kind: .badContent, message: "response states two different Content-Length values",
                curlCode: raw)
        }
        if exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            return TransferError(
                url: url, kind: .tooLarge, message: "response larger than the \(limits.maxResponseBytes) byte limit",
                curlCode: raw)
        }
        let kind: TransferError.Kind
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL: kind = .unsupportedProtocol
        case CURLE_URL_MALFORMAT: kind = .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .resolve
        case CURLE_COULDNT_CONNECT: kind = .connect
        case CURLE_OPERATION_TIMEDOUT: kind = detail.contains("too slow") ? .stalled : .timeout
        case CURLE_TOO_MANY_REDIRECTS: kind = .tooManyRedirects
        case CURLE_BAD_CONTENT_ENCODING: kind = .badContent
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_USE_SSL_FAILED:
            kind = .tls
        default: kind = .other
        }
        return TransferError(url: url, kind: kind, message: message, curlCode: raw)
    }

    func cleanUp() {
        curl_easy_cleanup(handle)
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        errorBuffer.deallocate()
    }

    /// A header name of token characters and a value without line breaks or other controls.
    static func isSafeHeader(name: String, value: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            && value.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.inSeconds * 1000))
    }

    private static func from(_ userdata: UnsafeMutableRawPointer?) -> Transfer {
        Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
    }

    /// Body bytes, already decoded; returning less than given makes curl abort with a write error.
    private static let onBody: hark_curl_data_callback = { data, size, count, userdata in
        let transfer = Transfer.from(userdata)
        let length = size * count
        guard let data, length > 0 else { return length }
        if transfer.body.count + length > transfer.limits.maxResponseBytes {
            transfer.exceededLimit = true
            return 0
        }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    /// The next piece of an upload (a mail message); returning 0 tells curl the message is complete.
    private static let onRead: hark_curl_data_callback = { buffer, size, count, userdata in
        let transfer = Transfer.from(userdata)
        guard let buffer else { return 0 }
        let length = min(size * count, transfer.upload.count - transfer.uploaded)
        guard length > 0 else { return 0 }
        transfer.upload.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(
                from: bytes.baseAddress! + transfer.uploaded, byteCount: length)
        }
        transfer.uploaded += length
        return length
    }

    /// One header line; a status line starts a new header block (after a redirect or a 100).
    private static let onHeader: hark_curl_data_callback = { data, size, count, userdata in
        let transfer = Transfer.from(userdata)
        let length = size * count
        guard let data else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            transfer.headers = HTTPHeaders()
            transfer.contentLength = nil
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            if name.lowercased() == "content-length" {
                if let earlier = transfer.contentLength, earlier != value {
                    transfer.conflictingLength = true
                    return 0
                }
                transfer.contentLength = value
            }
            if !name.isEmpty { transfer.headers.add(name, value) }
        }
        return length
    }

    /// Bytes received on the wire (before decoding): caps compressed bodies as they arrive.
    private static let onProgress: hark_curl_progress_callback = { userdata, _, received, _, _ in
        let transfer = Transfer.from(userdata)
        if received > curl_off_t(transfer.limits.maxResponseBytes) {
            transfer.exceededLimit = true
            return 1
        }
        return 0
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
