/// A demand found in a post: which trigger fired and what was asked for.
///
/// The request is what themes are built from: the next step clusters demands by what distinguishes
/// them ("dark mode", "$10 plan"), so the request keeps the author's words but loses the politeness,
/// pronouns and filler around them.
public struct DemandResult: Sendable, Hashable {
    /// The trigger pattern as written in its file (`please add {request}`).
    public var pattern: String
    /// The language of the pattern file that matched.
    public var language: String
    /// The thing asked for, in the author's spelling, trimmed of filler ("dark mode"); empty when the
    /// trigger has no `{request}`.
    public var request: String
    /// Folded content words of the request (character pairs for Chinese), for clustering.
    public var requestTerms: [String]
    /// The clause of the original text that holds the demand.
    public var range: Range<String.Index>

    /// Creates a result; the detector is the usual source.
    public init(pattern: String, language: String, request: String, requestTerms: [String], range: Range<String.Index>) {
        self.pattern = pattern
        self.language = language
        self.request = request
        self.requestTerms = requestTerms
        self.range = range
    }
}
