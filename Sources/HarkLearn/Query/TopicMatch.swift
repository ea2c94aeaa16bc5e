public import HarkCore

/// Why a mention matched a topic: the clauses that held and the words that made them hold.
///
/// `hark try` prints this so a marketer can see that "billing" matched on `charge*` via "charged"
/// rather than guess; `hark try --json` hands it to tools.
public struct TopicMatch: Sendable, Hashable {
    /// The topic's name.
    public var topic: String
    /// The rule's query as written.
    public var query: String
    /// The positive clauses that held, in query order (negations that held are not evidence).
    public var clauses: [Clause]

    /// Makes a match record.
    public init(topic: String, query: String, clauses: [Clause]) {
        self.topic = topic
        self.query = query
        self.clauses = clauses
    }

    /// One clause that held.
    public struct Clause: Sendable, Hashable {
        /// The clause as written in the query (`charge*`, `"check in" NEAR/5 broken`, `rating:<=2`).
        public var text: String
        /// Where the clause is written: Unicode-scalar offsets in the query.
        public var range: Range<Int>
        /// Where the clause is written in the rule file.
        public var position: SourcePosition
        /// The words that satisfied it; empty for metadata filters.
        public var words: [MatchedWords]

        /// Makes a clause record.
        public init(text: String, range: Range<Int>, position: SourcePosition, words: [MatchedWords]) {
            self.text = text
            self.range = range
            self.position = position
            self.words = words
        }
    }

    /// Which part of a mention a match was found in.
    public enum Field: String, Sendable, Hashable {
        /// The mention's title.
        case title
        /// The mention's body text.
        case text
    }

    /// One occurrence: a word, a phrase, or the stretch a `NEAR` covered.
    public struct MatchedWords: Sendable, Hashable {
        /// The folded words as they occur (`double charged`, `退款`).
        public var text: String
        /// Title or text.
        public var field: Field
        /// The token positions covered in that field (see `NormalizedText`).
        public var positions: ClosedRange<Int>
        /// The byte range in the folded field text (`NormalizedText.utf8`).
        public var utf8Range: Range<Int>

        /// Makes an occurrence record.
        public init(text: String, field: Field, positions: ClosedRange<Int>, utf8Range: Range<Int>) {
            self.text = text
            self.field = field
            self.positions = positions
            self.utf8Range = utf8Range
        }
    }
}
