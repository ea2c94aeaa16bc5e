import HarkCore
import HarkLearn

extension LabelMatcher {
    /// Reads the `match:` (equality) and `match_re:` (anchored regular expression) mappings of a
    /// route, silence or inhibit rule, in that order.
    ///
    /// Label names must be known (a misspelt one gets a suggestion); for labels with a fixed set of
    /// values (`kind`, `sentiment`, `abusive`, `demand`) an equality value outside the set is an
    /// error too, since such a matcher could never hold. Label values are strings as in
    /// Alertmanager, but an unquoted `true` is read as the string `"true"`.
    static func parse(match: ConfigNode?, matchRE: ConfigNode?, in what: String) throws(ConfigError) -> [LabelMatcher] {
        var matchers: [LabelMatcher] = []
        for entry in try match?.entries("\(what) match") ?? [] {
            let name = try labelName(entry.key, at: entry.keyPosition)
            let value = try entry.value.string("the value of '\(entry.key)'")
            try checkValue(value, of: name, at: entry.value.position)
            matchers.append(LabelMatcher(name, .equal(value), at: entry.keyPosition))
        }
        for entry in try matchRE?.entries("\(what) match_re") ?? [] {
            let name = try labelName(entry.key, at: entry.keyPosition)
            let source = try entry.value.string("the pattern of '\(entry.key)'")
            do throws(LabelPattern.PatternError) {
                matchers.append(LabelMatcher(name, .regex(try LabelPattern(source)), at: entry.keyPosition))
            } catch {
                throw ConfigError(error.message, at: entry.value.position)
            }
        }
        return matchers
    }

    /// A label name as written in a rule; unknown names are errors with a suggestion.
    static func labelName(_ text: String, at position: SourcePosition) throws(ConfigError) -> LabelName {
        if let name = LabelName(text) { return name }
        let known = LabelName.allCases.map(\.rawValue)
        var message = "unknown label '\(text)'"
        if let suggestion = Spelling.closest(to: text, among: known) {
            message += "; did you mean '\(suggestion)'?"
        } else {
            message += " (labels: \(known.joined(separator: ", ")))"
        }
        throw ConfigError(message, at: position)
    }

    /// Rejects an equality value a label can never have.
    private static func checkValue(_ value: String, of name: LabelName, at position: SourcePosition) throws(ConfigError) {
        let allowed: [String]
        switch name {
        case .kind: allowed = AlertKind.allCases.map(\.rawValue)
        case .sentiment: allowed = SentimentLabel.allCases.map(\.rawValue)
        case .abusive, .demand: allowed = ["true", "false"]
        default: return
        }
        guard !allowed.contains(value) else { return }
        var message = "label '\(name)' is never '\(value)'"
        if let suggestion = Spelling.closest(to: value, among: allowed) {
            message += "; did you mean '\(suggestion)'?"
        } else {
            message += " (values: \(allowed.joined(separator: ", ")))"
        }
        throw ConfigError(message, at: position)
    }
}
