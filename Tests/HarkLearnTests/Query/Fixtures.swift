import Foundation
import HarkCore
import HarkLearn

/// A mention with only what a test cares about set.
func mention(
    _ text: String, title: String? = nil, source: SourceKind = .rss, author: String? = nil, url: String? = nil,
    language: String? = nil, rating: Int? = nil, connector: String = "test", tags: [String] = []
) -> Mention {
    Mention(
        id: UUID().uuidString, connector: connector, source: source, url: url, author: author, title: title, text: text,
        publishedAt: Date(timeIntervalSince1970: 0), language: language, rating: rating, tags: tags)
}

/// A rule whose query starts at line 12, column 9 of `rules/topics.yaml`.
func rule(_ name: String, _ query: String, where filter: MentionFilter = MentionFilter()) throws -> TopicRule {
    try TopicRule(
        name: name, query: query, where: filter, at: SourcePosition(file: "rules/topics.yaml", line: 12, column: 9))
}

/// Which of the queries match the mention, by name.
func topics(_ queries: [String: String], _ mention: Mention) throws -> [String] {
    let rules = try queries.sorted { $0.key < $1.key }.map { try rule($0.key, $0.value) }
    return TopicMatcher(rules: rules).topics(for: mention)
}

/// True when `query` matches `text`.
func matches(_ query: String, _ text: String) throws -> Bool {
    try !topics(["t": query], mention(text)).isEmpty
}

/// True when `query` matches `mention`.
func matches(_ query: String, _ mention: Mention) throws -> Bool {
    try !topics(["t": query], mention).isEmpty
}
