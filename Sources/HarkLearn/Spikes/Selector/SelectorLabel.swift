import HarkCore

/// A label a selector can test: the labels hark adds to a mention and the mention fields routes read.
///
/// Spike rules and routes talk about mentions in the same words (`topic:billing`, `theme:*`,
/// `connector:app-store`), so the names here are the label names of SPEC "Routes and receivers".
public enum SelectorLabel: String, Sendable, Hashable, CaseIterable, Codable {
    case topic, sentiment, theme, connector, source, language, tag, abusive, demand

    /// Whether a mention can carry several values at once (`topic`, `tag`): a term matches when
    /// any of them matches.
    public var isMultiValued: Bool { self == .topic || self == .tag }

    /// The only values the label can take, when it is a closed set; nil for open ones (names, ids).
    public var allowedValues: [String]? {
        switch self {
        case .sentiment: SentimentLabel.allCases.map(\.rawValue)
        case .abusive, .demand: ["true", "false"]
        default: nil
        }
    }

    /// Calls `body` with each value `mention` has for this label, stopping when it returns true.
    /// Allocation-free for the single-valued labels, which the per-mention hot path mostly tests.
    @inline(__always)
    func anyValue(of mention: LabelledMention, _ body: (String) -> Bool) -> Bool {
        switch self {
        case .topic: return mention.labels.topics.contains(where: body)
        case .tag: return mention.mention.tags.contains(where: body)
        case .sentiment: return body(mention.labels.sentimentLabel.rawValue)
        case .theme: return mention.labels.theme.map(body) ?? false
        case .connector: return body(mention.mention.connector)
        case .source: return body(mention.mention.source.rawValue)
        case .language: return mention.mention.language.map(body) ?? false
        case .abusive: return body(mention.labels.abusive ? "true" : "false")
        case .demand: return body(mention.labels.demand ? "true" : "false")
        }
    }
}
