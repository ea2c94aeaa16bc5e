public import Foundation
public import HarkCore
public import HarkHTTP
public import Logging

/// A source of mentions: one type per kind of source, configured by one `connectors/*.yaml` file.
///
/// Adding a source to hark is writing one type that conforms to this protocol (or to
/// `HTTPConnector`, which supplies the fetching) and one `register` line in `ConnectorRegistry`.
public protocol Connector: Sendable {
    /// The `type:` value that selects this connector in a connector file.
    static var typeName: String { get }
    /// Builds the connector, reading its own keys from `definition.options` and rejecting unknown ones.
    init(definition: ConnectorDefinition) throws(ConfigError)
    /// The file this connector was configured from.
    var definition: ConnectorDefinition { get }
    /// Fetches once and returns everything the source currently offers (de-duplication is the poller's job).
    func poll(_ context: PollContext) async throws(PollFailure) -> PollResult
}

/// What a connector gets for one poll: the shared HTTP driver and what the last poll left behind.
public struct PollContext: Sendable {
    public var http: CurlDriver
    /// Validators from the last successful fetch, for a conditional GET.
    public var validators: Validators
    /// The poll's time, used for mentions whose source gives no publication time.
    public var now: Date
    public var logger: Logger

    public init(http: CurlDriver, validators: Validators = Validators(), now: Date = Date(), logger: Logger) {
        self.http = http
        self.validators = validators
        self.now = now
        self.logger = logger
    }
}

/// HTTP cache validators kept per source so the next poll can ask "anything new?" for free.
public struct Validators: Sendable, Hashable, Codable {
    public var etag: String?
    public var lastModified: String?
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// What one poll produced.
public struct PollResult: Sendable {
    public var mentions: [Mention]
    /// True when the server answered 304: nothing changed, nothing to parse.
    public var notModified: Bool
    /// Validators to send next time.
    public var validators: Validators
    /// The source's own hint of how often to poll (RSS `<ttl>`); the scheduler never polls faster.
    public var ttl: Duration?
    /// Problems with single items that were skipped while the rest were kept.
    public var warnings: [String]

    public init(
        mentions: [Mention] = [], notModified: Bool = false, validators: Validators = Validators(),
        ttl: Duration? = nil, warnings: [String] = []
    ) {
        self.mentions = mentions
        self.notModified = notModified
        self.validators = validators
        self.ttl = ttl
        self.warnings = warnings
    }
}

/// A poll that failed as a whole: which connector, which URL, why, and when the source asked
/// to be tried again (`Retry-After`).
public struct PollFailure: Error, Sendable, CustomStringConvertible {
    public var connector: String
    public var url: String
    public var message: String
    /// The HTTP status, when the failure was an HTTP answer.
    public var status: Int?
    /// The server's `Retry-After`, when it gave one.
    public var retryAfter: Duration?
    /// The transport failure class, when the failure was in transport.
    public var transferKind: TransferError.Kind?

    public init(
        connector: String, url: String, message: String, status: Int? = nil, retryAfter: Duration? = nil,
        transferKind: TransferError.Kind? = nil
    ) {
        self.connector = connector
        self.url = url
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
        self.transferKind = transferKind
    }

    public var description: String { "connector '\(connector)' (\(url)): \(message)" }
}
