/// One HTTP request for the curl driver, with the limits that keep a hostile server harmless.
public struct HTTPRequest: Sendable {
    /// The method; hark polls with GET and delivers with POST.
    public struct Method: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let get = Method(rawValue: "GET")
        public static let post = Method(rawValue: "POST")
        public static let put = Method(rawValue: "PUT")
        public static let head = Method(rawValue: "HEAD")
    }

    public var url: String
    public var method: Method
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var limits: TransferLimits

    public init(
        url: String, method: Method = .get, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        limits: TransferLimits = TransferLimits()
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.limits = limits
    }
}

/// Bounds on one transfer. The defaults suit polling public feeds and APIs.
///
/// A poller pointed at thousands of sources meets every failure mode: servers that never answer,
/// drip one byte a minute, stream forever, or expand 10 kB into 10 GB. Each limit turns one of those
/// into a prompt, named error instead of a stuck task or an exhausted heap.
public struct TransferLimits: Sendable, Hashable {
    /// Time allowed to establish the connection (DNS, TCP, TLS).
    public var connectTimeout: Duration
    /// Time allowed for the whole transfer, redirects included.
    public var totalTimeout: Duration
    /// A transfer slower than `stallBytesPerSecond` for this long is abandoned.
    public var stallTimeout: Duration
    public var stallBytesPerSecond: Int
    /// Cap on the response body, counted both as received and after decompression.
    public var maxResponseBytes: Int
    /// Cap on redirects followed (only to http and https).
    public var maxRedirects: Int

    public init(
        connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(60),
        stallTimeout: Duration = .seconds(15), stallBytesPerSecond: Int = 16,
        maxResponseBytes: Int = 16 << 20, maxRedirects: Int = 5
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.stallTimeout = stallTimeout
        self.stallBytesPerSecond = stallBytesPerSecond
        self.maxResponseBytes = maxResponseBytes
        self.maxRedirects = maxRedirects
    }
}

/// Header fields in order, looked up case-insensitively.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every value of `name` with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        let lowered = name.lowercased()
        fields.removeAll { $0.name.lowercased() == lowered }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

/// A completed HTTP exchange. Any status is a response; only transport failures are errors.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body, already decompressed.
    public var body: [UInt8]
    /// The URL finally answered, after redirects.
    public var url: String
    public var redirects: Int
    public var elapsed: Duration

    public init(
        status: Int, headers: HTTPHeaders, body: [UInt8], url: String, redirects: Int = 0,
        elapsed: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.redirects = redirects
        self.elapsed = elapsed
    }
}
