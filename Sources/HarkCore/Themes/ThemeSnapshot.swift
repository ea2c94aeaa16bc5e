public import Foundation

/// Everything the demand-theme engine needs to continue after a restart, as plain values.
///
/// The engine lives in HarkLearn (pure, no SQLite) and the state store in HarkState (which may depend
/// on HarkCore only), so the value that travels between them lives here, below both. It holds no
/// behaviour: the engine turns itself into a snapshot and back, the store writes it to tables and
/// reads it back. Restoring a snapshot and clustering on gives exactly what clustering without the
/// pause would have given, so every piece of state that affects a decision is in it: term statistics,
/// each theme's centroid, the inverted index's order, the near-duplicate memory and the counters that
/// make ids.
///
/// Arrays are in a deterministic order (themes by creation, terms by text) so that equal engines give
/// equal snapshots.
public struct ThemeSnapshot: Sendable, Hashable, Codable {
    /// Demands clustered (near-duplicates excluded), for the record.
    public var documents: Int
    /// The next theme sequence number: ids are derived from it and it only grows, so no id is reused.
    public var nextSequence: Int
    /// The engine's clock: the latest event time it has seen.
    public var clock: Date?
    /// Theme frequency and inverted-index entry of every term the engine remembers.
    public var terms: [Term]
    /// Themes in memory, oldest first.
    public var themes: [Theme]
    /// Ids of themes merged into others, and the id each now answers to.
    public var aliases: [String: String]
    /// Recently seen normalized texts and the theme each joined, oldest first (the near-duplicate memory).
    public var duplicates: [Duplicate]
    /// Themes dropped from memory since the last save (kept in storage, never clustered into again).
    public var retired: [String]
    /// Askers recorded since the last save; the store appends them to its full list of askers.
    public var newAskers: [Asker]

    /// Creates a snapshot; the engine is the usual source.
    public init(
        documents: Int = 0, nextSequence: Int = 0, clock: Date? = nil, terms: [Term] = [], themes: [Theme] = [],
        aliases: [String: String] = [:], duplicates: [Duplicate] = [], retired: [String] = [], newAskers: [Asker] = []
    ) {
        self.documents = documents
        self.nextSequence = nextSequence
        self.clock = clock
        self.terms = terms
        self.themes = themes
        self.aliases = aliases
        self.duplicates = duplicates
        self.retired = retired
        self.newAskers = newAskers
    }

    /// One term: how many themes use it and which themes the inverted index lists for it.
    public struct Term: Sendable, Hashable, Codable {
        /// The folded (and stemmed) term: a word, a word pair (`guest pass`) or a character pair.
        public var text: String
        /// How many themes in memory have the term in their centroid.
        public var themeFrequency: Int
        /// Theme ids listed for the term, in index order (order matters for identical scoring).
        public var themes: [String]

        /// Creates a term record.
        public init(text: String, themeFrequency: Int, themes: [String] = []) {
            self.text = text
            self.themeFrequency = themeFrequency
            self.themes = themes
        }
    }

    /// A remembered text: its stable hash and the theme it joined.
    public struct Duplicate: Sendable, Hashable, Codable {
        public var key: UInt64
        public var theme: String
        public init(key: UInt64, theme: String) {
            self.key = key
            self.theme = theme
        }
    }

    /// A weighted term of a theme's centroid.
    public struct Weight: Sendable, Hashable, Codable {
        public var term: String
        public var weight: Double
        public init(term: String, weight: Double) {
            self.term = term
            self.weight = weight
        }
    }

    /// A candidate label phrase and how many distinct requests used it.
    public struct Phrase: Sendable, Hashable, Codable {
        /// The phrase folded and stemmed: what is counted.
        public var key: String
        /// The phrase as first written, for display.
        public var display: String
        /// How many requests contained it.
        public var count: Int
        /// How many words (or characters, for Chinese) it has.
        public var length: Int
        /// Where it started in the first request that used it: earlier phrases name the object.
        public var position: Int
        public init(key: String, display: String, count: Int, length: Int, position: Int) {
            self.key = key
            self.display = display
            self.count = count
            self.length = length
            self.position = position
        }
    }

    /// The distinct authors who asked within one bucket of the growth window.
    public struct Bucket: Sendable, Hashable, Codable {
        /// The bucket number: event time divided by the bucket width.
        public var index: Int
        /// Author keys, sorted.
        public var authors: [String]
        public init(index: Int, authors: [String]) {
            self.index = index
            self.authors = authors
        }
    }

    /// Someone who asked for a theme: who, where, and which mention, for closing the loop later.
    public struct Asker: Sendable, Hashable, Codable {
        /// The theme the mention joined (as it was then; a later merge moves it to the survivor).
        public var theme: String
        /// The author's handle or name, if the source gave one.
        public var author: String?
        /// Permalink to the mention.
        public var url: String?
        /// The connector the mention came from.
        public var connector: String
        /// The mention's id within its connector.
        public var mentionID: String
        /// The mention's event time (clamped).
        public var at: Date
        /// True when the text repeated an earlier demand (a retweet or copy): notified, not counted.
        public var duplicate: Bool

        /// Creates an asker record.
        public init(
            theme: String, author: String?, url: String?, connector: String, mentionID: String, at: Date,
            duplicate: Bool = false
        ) {
            self.theme = theme
            self.author = author
            self.url = url
            self.connector = connector
            self.mentionID = mentionID
            self.at = at
            self.duplicate = duplicate
        }
    }

    /// One theme's full state.
    public struct Theme: Sendable, Hashable, Codable {
        /// The stable id (`t-…`, or the pinned theme's name).
        public var id: String
        /// The rules' name for a pinned theme; nil for themes found in the stream.
        public var pinnedName: String?
        /// The readable label as last computed.
        public var label: String
        /// Creation order; the older of two merged themes survives.
        public var sequence: Int
        /// Event time of the first and the latest demand.
        public var firstSeen: Date?
        public var lastSeen: Date?
        /// Demands counted (near-duplicates excluded).
        public var mentions: Int
        /// Near-duplicates seen (retweets, copies).
        public var duplicates: Int
        /// Distinct author keys, sorted.
        public var authors: [String]
        /// Summed term weights of the members (idf is applied when comparing), heaviest first.
        public var centroid: [Weight]
        /// The centroid's length as last computed, and the number of themes it was computed at.
        public var norm: Double
        public var normThemes: Int
        /// Member count at which the theme next looks for a theme to merge with.
        public var nextMergeCheck: Int
        /// Candidate label phrases.
        public var phrases: [Phrase]
        /// A few sample request texts.
        public var samples: [String]
        /// Growth-window buckets of distinct authors, oldest first.
        public var buckets: [Bucket]
        /// When the theme crossed the minimum number of authors, if it has.
        public var emergedAt: Date?
        /// When a "growing fast" event last fired.
        public var growthEventAt: Date?
        /// The bucket and distinct-author count at which growth was last evaluated: it is evaluated
        /// again in a new bucket or once authors grew by a tenth, not on every demand.
        public var growthCheckBucket: Int?
        public var growthCheckAuthors: Int
        /// When it was shipped, and the message.
        public var shippedAt: Date?
        public var shipMessage: String?
        /// The most recent askers (bounded); the store keeps all of them.
        public var recentAskers: [Asker]

        /// Creates a theme record.
        public init(
            id: String, pinnedName: String? = nil, label: String, sequence: Int, firstSeen: Date? = nil,
            lastSeen: Date? = nil, mentions: Int = 0, duplicates: Int = 0, authors: [String] = [],
            centroid: [Weight] = [], norm: Double = 0, normThemes: Int = 0, nextMergeCheck: Int = 2,
            phrases: [Phrase] = [], samples: [String] = [], buckets: [Bucket] = [], emergedAt: Date? = nil,
            growthEventAt: Date? = nil, growthCheckBucket: Int? = nil, growthCheckAuthors: Int = 0,
            shippedAt: Date? = nil, shipMessage: String? = nil, recentAskers: [Asker] = []
        ) {
            self.growthCheckBucket = growthCheckBucket
            self.growthCheckAuthors = growthCheckAuthors
            self.id = id
            self.pinnedName = pinnedName
            self.label = label
            self.sequence = sequence
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.mentions = mentions
            self.duplicates = duplicates
            self.authors = authors
            self.centroid = centroid
            self.norm = norm
            self.normThemes = normThemes
            self.nextMergeCheck = nextMergeCheck
            self.phrases = phrases
            self.samples = samples
            self.buckets = buckets
            self.emergedAt = emergedAt
            self.growthEventAt = growthEventAt
            self.shippedAt = shippedAt
            self.shipMessage = shipMessage
            self.recentAskers = recentAskers
        }
    }
}
