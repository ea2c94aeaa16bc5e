public import Foundation

/// One request as the loopback server received it, kept so a test can assert on what the client sent.
public struct RecordedRequest: Sendable {
    /// The method as written on the request line, e.g. `GET`.
    public var method: String
    /// The path of the request target, without the query.
    public var path: String
    /// The query after `?`, or nil when the target had none.
    public var query: String?
    /// The protocol version from the request line, e.g. `HTTP/1.1`.
    public var version: String
    /// The header fields in the order the client sent them.
    public var headers: HeaderFields
    /// The body, already de-chunked when the client sent it chunked.
    public var body: [UInt8]
    /// When the server finished reading the request.
    public var receivedAt: Date
    /// Which TCP connection carried the request, numbered from 1 per server; equal numbers mean
    /// the client reused a persistent connection.
    public var connection: Int

    /// Creates a recorded request; the server makes these, tests may too for handler unit tests.
    public init(
        method: String, path: String, query: String? = nil, version: String = "HTTP/1.1",
        headers: HeaderFields = [:], body: [UInt8] = [], receivedAt: Date = Date(), connection: Int = 0
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
        self.connection = connection
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers[name] }

    /// The body decoded as UTF-8 (invalid bytes replaced), for readable assertions.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
