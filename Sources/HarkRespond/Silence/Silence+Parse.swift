public import HarkCore
import Foundation

extension Silence {
    /// Reads a `silences:` section, stopping at the first error.
    ///
    /// ```yaml
    /// silences:
    ///   - match: { connector: appstore-beta }
    ///     match_re: { topic: "checkin|login" }
    ///     starts_at: 2026-03-01T09:00:00Z     # optional: in force from the start
    ///     ends_at: 2026-03-02T09:00:00Z       # required, RFC 3339
    ///     comment: beta build, known issue
    ///     created_by: ana
    /// ```
    public static func parseList(_ node: ConfigNode) throws(ConfigError) -> [Silence] {
        let (silences, errors) = parseAll(node)
        if let first = errors.first { throw first }
        return silences
    }

    /// Reads a `silences:` section, returning the good silences and every error.
    public static func parseAll(_ node: ConfigNode) -> (silences: [Silence], errors: [ConfigError]) {
        var silences: [Silence] = []
        var errors: [ConfigError] = []
        let items: [ConfigNode]
        do throws(ConfigError) {
            items = try node.list("silences")
        } catch {
            return ([], [error])
        }
        for item in items {
            do throws(ConfigError) {
                silences.append(try parse(item))
            } catch {
                errors.append(error)
            }
        }
        return (silences, errors)
    }

    /// Reads one silence.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> Silence {
        var mapping = try node.mapping("silence")
        let matchers = try LabelMatcher.parse(
            match: mapping.optional("match"), matchRE: mapping.optional("match_re"), in: "silence")
        guard !matchers.isEmpty else {
            throw ConfigError("a silence needs 'match' or 'match_re' (a silence of everything is a mistake)", at: node.position)
        }
        let startsNode = mapping.optional("starts_at")
        let startsAt = try startsNode.map { node throws(ConfigError) in try time(node, "starts_at") } ?? .distantPast
        let endsNode = try mapping.required("ends_at")
        let endsAt = try time(endsNode, "ends_at")
        guard endsAt > startsAt else {
            throw ConfigError("ends_at must be after starts_at", at: endsNode.position)
        }
        let comment = try mapping.optional("comment")?.string("comment")
        let createdBy = try mapping.optional("created_by")?.string("created_by")
        try mapping.rejectUnknownKeys()
        return Silence(
            matchers: matchers, startsAt: startsAt, endsAt: endsAt, comment: comment, createdBy: createdBy,
            position: node.position)
    }

    /// An RFC 3339 time (`2026-03-01T09:00:00Z`, an offset, or a date alone meaning midnight UTC).
    static func time(_ node: ConfigNode, _ what: String) throws(ConfigError) -> Date {
        let text = try node.string(what)
        let bytes = Array(text.utf8)
        let looksRFC3339 = bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
        guard looksRFC3339, let date = Timestamp.parse(text) else {
            throw ConfigError("expected \(what) as an RFC 3339 time like 2026-03-01T09:00:00Z, found '\(text)'", at: node.position)
        }
        return date
    }
}
