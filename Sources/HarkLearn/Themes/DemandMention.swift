public import Foundation
public import HarkCore

/// A demand as the theme engine reads it: what was asked for, who asked, where and when.
///
/// It is the mention and its `DemandResult` boiled down to what clustering and closing the loop need,
/// so the engine can be fed from `hark replay`, the daemon or a benchmark alike.
public struct DemandMention: Sendable, Hashable {
    /// The connector the mention came from.
    public var connector: String
    /// The mention's id within its connector.
    public var mentionID: String
    /// The author's handle or name, if the source gave one.
    public var author: String?
    /// Permalink to the mention.
    public var url: String?
    /// The whole post (title and text): context for clustering, and what near-duplicates are told by.
    public var text: String
    /// The clause that holds the demand: what is clustered when the request is empty.
    public var clause: String
    /// The thing asked for, in the author's words (`DemandResult.request`).
    public var request: String
    /// When it was said (`published_at`); the engine clamps times far from the arrival time.
    public var publishedAt: Date

    /// Creates a demand from its parts (tests, benchmarks, tools).
    public init(
        connector: String, mentionID: String, author: String?, url: String? = nil, text: String,
        clause: String? = nil, request: String, publishedAt: Date
    ) {
        self.connector = connector
        self.mentionID = mentionID
        self.author = author
        self.url = url
        self.text = text
        self.clause = clause ?? text
        self.request = request
        self.publishedAt = publishedAt
    }

    /// The demand `demand` found in `mention`, whose text is `text` (what the detector read, usually
    /// `Classifier.sentimentText(of:)`; the demand's range points into it).
    public init(mention: Mention, demand: DemandResult, text: String) {
        let clause = demand.range.upperBound <= text.endIndex ? String(text[demand.range]) : text
        self.init(
            connector: mention.connector, mentionID: mention.id, author: mention.author, url: mention.url,
            text: text, clause: clause, request: demand.request, publishedAt: mention.publishedAt)
    }

    /// The key distinct authors are counted by: the handle within its connector, case folded. A
    /// mention without an author counts as its own author, since nothing says it repeats anyone.
    var authorKey: String {
        if let author, !author.isEmpty { return connector + ":" + author.lowercased() }
        return connector + ":?" + mentionID
    }
}
