/// Why a transfer produced no HTTP response: the URL, what went wrong, and curl's own words.
public struct TransferError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad classes of failure, for metrics, back-off policy and tests.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidURL = Kind(rawValue: "invalid-url")
        public static let invalidRequest = Kind(rawValue: "invalid-request")
        public static let unsupportedProtocol = Kind(rawValue: "unsupported-protocol")
        public static let resolve = Kind(rawValue: "resolve")
        public static let connect = Kind(rawValue: "connect")
        public static let tls = Kind(rawValue: "tls")
        public static let timeout = Kind(rawValue: "timeout")
        public static let stalled = Kind(rawValue: "stalled")
        public static let tooLarge = Kind(rawValue: "too-large")
        public static let tooManyRedirects = Kind(rawValue: "too-many-redirects")
        public static let badContent = Kind(rawValue: "bad-content")
        public static let cancelled = Kind(rawValue: "cancelled")
        public static let shutdown = Kind(rawValue: "shutdown")
        public static let other = Kind(rawValue: "transfer")
    }

    public var url: String
    public var kind: Kind
    public var message: String
    /// The CURLcode, or 0 when the failure was detected by hark itself.
    public var curlCode: Int

    public init(url: String, kind: Kind, message: String, curlCode: Int = 0) {
        self.url = url
        self.kind = kind
        self.message = message
        self.curlCode = curlCode
    }

    public var description: String { "\(url): \(message)" }
}
