public import Foundation
public import HarkCore
public import HarkHTTP

/// A connector that fetches one URL and parses the body; the fetching, conditional GET,
/// status handling and `Retry-After` live here once, so connector types only parse.
public protocol HTTPConnector: Connector {
    /// Turns a successful response body into mentions. Throw only when the document as a whole is
    /// unusable; skip bad items and report them in `ParsedPage.warnings`.
    func parse(_ response: HTTPResponse, fetchedAt: Date) throws(ParseFailure) -> ParsedPage
    /// The request to make; the default is a GET of `definition.url` with the file's headers.
    func request(_ context: PollContext) throws(PollFailure) -> HTTPRequest
}

/// What a parser found in one document.
public struct ParsedPage: Sendable {
    public var mentions: [Mention]
    public var ttl: Duration?
    public var warnings: [String]

    public init(mentions: [Mention], ttl: Duration? = nil, warnings: [String] = []) {
        self.mentions = mentions
        self.ttl = ttl
        self.warnings = warnings
    }
}

/// A document that could not be used at all, with where in it the problem was when known.
public struct ParseFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// "line 3, column 14" or "item 7" — whatever locates the problem in this format.
    public var location: String?

    public init(_ message: String, at location: String? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

extension HTTPConnector {
    public func request(_ context: PollContext) throws(PollFailure) -> HTTPRequest {
        let url = definition.url ?? ""
        var headers = HTTPHeaders()
        do {
            for header in definition.headers { headers.add(header.name, try header.value.resolve()) }
        } catch {
            throw PollFailure(connector: definition.name, url: url, message: error.description)
        }
        if let etag = context.validators.etag { headers.set("If-None-Match", etag) }
        if let lastModified = context.validators.lastModified { headers.set("If-Modified-Since", lastModified) }
        return HTTPRequest(url: url, headers: headers, limits: definition.limits)
    }

    public func poll(_ context: PollContext) async throws(PollFailure) -> PollResult {
        let request = try request(context)
        let response: HTTPResponse
        do {
            response = try await context.http.perform(request)
        } catch {
            throw PollFailure(
                connector: definition.name, url: request.url, message: error.message, transferKind: error.kind)
        }
        if response.status == 304 {
            return PollResult(notModified: true, validators: context.validators)
        }
        guard (200..<300).contains(response.status) else {
            throw PollFailure(
                connector: definition.name, url: request.url,
                message: "HTTP \(response.status)\(Self.snippet(response.body))", status: response.status,
                retryAfter: RetryAfter.parse(response.headers["Retry-After"], now: context.now))
        }
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw PollFailure(
                connector: definition.name, url: request.url, message: "empty response body", status: response.status)
        }
        let page: ParsedPage
        do {
            page = try parse(response, fetchedAt: context.now)
        } catch {
            throw PollFailure(
                connector: definition.name, url: response.url, message: "unreadable document: \(error)",
                status: response.status)
        }
        let validators = Validators(
            etag: response.headers["ETag"], lastModified: response.headers["Last-Modified"])
        return PollResult(mentions: page.mentions, validators: validators, ttl: page.ttl, warnings: page.warnings)
    }

    /// The start of an error body, so "HTTP 403" comes with the server's reason when it gave one.
    static func snippet(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        let text = PlainText.collapseWhitespace(String(decoding: body.prefix(200), as: UTF8.self))
        return text.isEmpty ? "" : ": " + String(text.prefix(120))
    }
}

/// The `Retry-After` header: delay-seconds or an HTTP date.
public enum RetryAfter {
    public static func parse(_ value: String?, now: Date) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
        if let date = Timestamp.parse(value) { return .seconds(max(0, date.timeIntervalSince(now))) }
        return nil
    }
}
