/// What a loopback route answers: a status, headers and body, and how the server delivers them.
///
/// The `behaviour` is what makes the server useful for hark: a real HTTP client has to survive
/// servers that drip, stream forever, lie about lengths, hang or hang up, and each of those is one
/// value here so a test can reproduce it exactly.
public struct Reply: Sendable {
    /// How the server delivers (or fails to deliver) the reply.
    public enum Behaviour: Sendable {
        /// A well-formed response; `Content-Length` is added unless the headers already frame the body.
        case normal
        /// Sends the head at once, then `bytesPerInterval` bytes of the body every `interval`
        /// (a "slow loris" server), then keeps the connection.
        case drip(bytesPerInterval: Int, interval: Duration)
        /// A chunked response that repeats `chunk` until the client hangs up, the server stops,
        /// or the server's misbehaviour limit passes. The status and headers are sent as given.
        case endless(chunk: [UInt8])
        /// Declares the full `Content-Length`, sends only the first `afterBytes` bytes of the body,
        /// then closes the connection.
        case truncated(afterBytes: Int)
        /// Reads the request and never answers, until the client hangs up or the server stops.
        case hang
        /// Reads the request and closes the connection without sending a byte.
        case closeImmediately
        /// Sends exactly these bytes instead of a serialized response, then closes; for malformed
        /// status lines, broken chunk framing and other protocol violations.
        case raw([UInt8])
    }

    /// The status code, e.g. 200.
    public var status: Int
    /// The header fields, in the order they are sent.
    public var headers: HeaderFields
    /// The body as sent on the wire (already compressed for the gzip helpers).
    public var body: [UInt8]
    /// How the reply is delivered.
    public var behaviour: Behaviour

    /// Creates a reply; the static helpers below cover the usual cases.
    public init(status: Int = 200, headers: HeaderFields = [:], body: [UInt8] = [], behaviour: Behaviour = .normal) {
        self.status = status
        self.headers = headers
        self.body = body
        self.behaviour = behaviour
    }

    /// The same reply delivered with another behaviour, e.g. `.ok(text).behaving(.drip(...))`.
    public func behaving(_ behaviour: Behaviour) -> Reply {
        var copy = self
        copy.behaviour = behaviour
        return copy
    }

    /// The same reply with one more header field.
    public func adding(_ name: String, _ value: String) -> Reply {
        var copy = self
        copy.headers.add(name, value)
        return copy
    }

    /// 200 with a text body.
    public static func ok(_ body: String, contentType: String = "text/plain; charset=utf-8") -> Reply {
        ok(Array(body.utf8), contentType: contentType)
    }

    /// 200 with a binary body.
    public static func ok(_ body: [UInt8], contentType: String = "application/octet-stream") -> Reply {
        Reply(status: 200, headers: ["Content-Type": contentType], body: body)
    }

    /// 200 with a JSON document given as text.
    public static func json(_ text: String, status: Int = 200) -> Reply {
        Reply(status: status, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
    }

    /// Any status with optional headers and a text body, e.g. `.status(503, headers: ["Retry-After": "120"])`.
    public static func status(_ code: Int, headers: HeaderFields = [:], body: String = "") -> Reply {
        Reply(status: code, headers: headers, body: Array(body.utf8))
    }

    /// A redirect to `location` (absolute or relative, sent verbatim).
    public static func redirect(to location: String, status: Int = 302) -> Reply {
        Reply(status: status, headers: ["Location": location])
    }

    /// 304 Not Modified with no body.
    public static var notModified: Reply { Reply(status: 304) }

    /// Reads the request and never answers.
    public static var hang: Reply { Reply(behaviour: .hang) }

    /// Reads the request and closes the connection without answering.
    public static var closeImmediately: Reply { Reply(behaviour: .closeImmediately) }

    /// A 200 chunked response that repeats `chunk` forever.
    public static func endless(_ chunk: String, contentType: String = "text/plain") -> Reply {
        Reply(status: 200, headers: ["Content-Type": contentType], behaviour: .endless(chunk: Array(chunk.utf8)))
    }

    /// 200 with `body` gzip-compressed and `Content-Encoding: gzip`, to test transparent decoding.
    public static func gzip(_ body: [UInt8], contentType: String = "text/plain; charset=utf-8") -> Reply {
        Reply(
            status: 200,
            headers: ["Content-Type": contentType, "Content-Encoding": "gzip"],
            body: GzipEncoder.stored(body)
        )
    }

    /// 200 with a gzip body that expands to `decompressedBytes` zeros: about a thousandth of that
    /// on the wire, so a client without a cap on the decoded size exhausts its memory.
    public static func gzipBomb(decompressedBytes: Int, contentType: String = "text/plain; charset=utf-8") -> Reply {
        Reply(
            status: 200,
            headers: ["Content-Type": contentType, "Content-Encoding": "gzip"],
            body: GzipEncoder.zeros(count: decompressedBytes)
        )
    }
}

extension Reply {
    /// The reason phrase sent after the status code; clients must not depend on it.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }

    /// Whether a response with this status to this method never carries a body (RFC 9110 §6.4.1).
    static func hasNoBody(status: Int, method: String) -> Bool {
        method == "HEAD" || (100..<200).contains(status) || status == 204 || status == 304
    }
}
