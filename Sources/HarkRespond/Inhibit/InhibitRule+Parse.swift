public import HarkCore

extension InhibitRule {
    /// Reads an `inhibit:` section (a list of rules), returning the good rules and every error.
    public static func parseAll(_ node: ConfigNode) -> (rules: [InhibitRule], errors: [ConfigError]) {
        var rules: [InhibitRule] = []
        var errors: [ConfigError] = []
        let items: [ConfigNode]
        do throws(ConfigError) {
            items = try node.list("inhibit")
        } catch {
            return ([], [error])
        }
        for item in items {
            do throws(ConfigError) {
                rules.append(try parse(item))
            } catch {
                errors.append(error)
            }
        }
        return (rules, errors)
    }

    /// Reads an `inhibit:` section, stopping at the first error.
    public static func parseList(_ node: ConfigNode) throws(ConfigError) -> [InhibitRule] {
        let (rules, errors) = parseAll(node)
        if let first = errors.first { throw first }
        return rules
    }

    /// Reads one inhibit rule; both sides need at least one matcher (an empty side would mute or be
    /// muted by everything).
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> InhibitRule {
        var mapping = try node.mapping("inhibit rule")
        let source = try LabelMatcher.parse(
            match: mapping.optional("source_match"), matchRE: mapping.optional("source_match_re"), in: "inhibit rule")
        guard !source.isEmpty else {
            throw ConfigError("inhibit rule needs 'source_match' or 'source_match_re'", at: node.position)
        }
        let target = try LabelMatcher.parse(
            match: mapping.optional("target_match"), matchRE: mapping.optional("target_match_re"), in: "inhibit rule")
        guard !target.isEmpty else {
            throw ConfigError("inhibit rule needs 'target_match' or 'target_match_re'", at: node.position)
        }
        var equal: [LabelName] = []
        for item in try mapping.optional("equal")?.list("equal") ?? [] {
            let name = try LabelMatcher.labelName(try item.string("a label name"), at: item.position)
            if !equal.contains(name) { equal.append(name) }
        }
        var duration: Duration?
        if let value = mapping.optional("duration") {
            let parsed = try value.duration("duration")
            guard parsed > .zero else { throw ConfigError("duration must be longer than 0s", at: value.position) }
            duration = parsed
        }
        try mapping.rejectUnknownKeys()
        return InhibitRule(
            sourceMatchers: source, targetMatchers: target, equal: equal, duration: duration, position: node.position)
    }
}
