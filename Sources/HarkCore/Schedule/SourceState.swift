public import Foundation

/// Everything hark remembers about polling one connector between polls and across restarts:
/// when it is next due, how it has been failing, and the validators for a conditional GET.
public struct SourceState: Sendable, Hashable, Codable {
    /// The connector's name.
    public var connector: String
    /// The URL last polled (a changed URL resets validators).
    public var url: String?
    public var etag: String?
    public var lastModified: String?
    /// When the next poll is due.
    public var nextDue: Date?
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    /// Consecutive failed polls; zero after a success.
    public var consecutiveFailures: Int
    /// The last failure's message (never containing secrets).
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Mentions parsed on the last successful poll that returned a document.
    public var lastItemCount: Int
    /// The source's own minimum interval hint (RSS `<ttl>`), in seconds.
    public var ttlSeconds: Double?
    /// Total mentions this source produced that were new.
    public var totalNew: Int

    public init(
        connector: String, url: String? = nil, etag: String? = nil, lastModified: String? = nil,
        nextDue: Date? = nil, lastAttempt: Date? = nil, lastSuccess: Date? = nil, consecutiveFailures: Int = 0,
        lastError: String? = nil, lastErrorAt: Date? = nil, lastItemCount: Int = 0, ttlSeconds: Double? = nil,
        totalNew: Int = 0
    ) {
        self.connector = connector
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.nextDue = nextDue
        self.lastAttempt = lastAttempt
        self.lastSuccess = lastSuccess
        self.consecutiveFailures = consecutiveFailures
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.lastItemCount = lastItemCount
        self.ttlSeconds = ttlSeconds
        self.totalNew = totalNew
    }
}
