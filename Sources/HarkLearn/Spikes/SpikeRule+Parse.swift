public import HarkCore
import Foundation

extension SpikeRule {
    /// Keys every rule may have.
    static let commonKeys = ["name", "kind", "select", "window", "baseline", "cooldown", "description"]
    /// Keys only surge rules may have.
    static let surgeKeys = ["min_count", "factor", "min_authors", "min_baseline"]
    /// Keys only silence rules may have.
    static let silenceKeys = ["min_expected", "max_count"]

    /// Reads a whole `spikes:` list, collecting every error with its position (so `hark check` shows
    /// them all): unknown keys with a suggestion, keys of the other kind, bad durations and numbers,
    /// a window not shorter than its baseline, selector mistakes at their column, a name used twice.
    /// Rules with any error are left out.
    public static func parseList(_ node: ConfigNode) -> ([SpikeRule], [ConfigError]) {
        let items: [ConfigNode]
        do {
            items = try node.list("spikes")
        } catch {
            return ([], [error])
        }
        var rules: [SpikeRule] = []
        var errors: [ConfigError] = []
        var seen: [String: SourcePosition] = [:]
        for item in items {
            let (rule, itemErrors) = parse(item)
            errors += itemErrors
            guard let rule else { continue }
            if let first = seen[rule.name] {
                errors.append(
                    ConfigError(
                        "spike rule '\(rule.name)' is defined twice (first at \(first.line):\(first.column))",
                        at: rule.position))
                continue
            }
            seen[rule.name] = rule.position
            rules.append(rule)
        }
        return (rules, errors)
    }

    /// Reads one entry of a `spikes:` list; the rule is nil when anything in it is wrong.
    public static func parse(_ node: ConfigNode) -> (SpikeRule?, [ConfigError]) {
        var errors: [ConfigError] = []
        var mapping: ConfigMapping
        do {
            mapping = try node.mapping("spike rule")
        } catch {
            return (nil, [error])
        }
        func read<T>(_ body: () throws(ConfigError) -> T?) -> T? {
            do {
                return try body()
            } catch {
                errors.append(error)
                return nil
            }
        }

        let name: String? = read { () throws(ConfigError) -> String? in
            let nameNode = try mapping.required("name")
            let name = try nameNode.string("name")
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigError("a spike rule needs a non-empty name", at: nameNode.position)
            }
            return name
        }
        let kind = read { () throws(ConfigError) -> Kind? in
            guard let kindNode = mapping.optional("kind") else { return .surge }
            let text = try kindNode.string("kind")
            guard let kind = Kind(rawValue: text) else {
                var message = "kind is surge or silence, found '\(text)'"
                if let suggestion = Spelling.closest(to: text, among: Kind.allCases.map(\.rawValue)) {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw ConfigError(message, at: kindNode.position)
            }
            return kind
        }
        let selector = read { () throws(ConfigError) -> MentionSelector? in
            let selectNode = try mapping.required("select")
            var position = selectNode.position
            if selectNode.isQuoted { position.column += 1 }
            return try MentionSelector(try selectNode.string("select"), at: position)
        }
        let windowNode = mapping.optional("window")
        let window = read { () throws(ConfigError) -> Duration? in
            let node = try mapping.required("window")
            return try positive(try node.duration("window"), "window", at: node)
        }
        let baselineNode = mapping.optional("baseline")
        let baseline = read { () throws(ConfigError) -> Duration? in
            guard let node = baselineNode else { return defaultBaseline }
            return try positive(try node.duration("baseline"), "baseline", at: node)
        }
        if let window, let baseline, window >= baseline {
            errors.append(
                ConfigError(
                    "window (\(DurationText.format(window))) must be shorter than baseline "
                        + "(\(DurationText.format(baseline))): the baseline is the history before the window",
                    at: (baselineNode ?? windowNode ?? node).position))
        }
        let cooldown = read { () throws(ConfigError) -> Duration? in
            try mapping.optional("cooldown")?.duration("cooldown")
        }
        let description = read { () throws(ConfigError) -> String? in
            try mapping.optional("description")?.string("description")
        }

        let minCount = read { () throws(ConfigError) -> Int? in
            try mapping.optional("min_count").map { node throws(ConfigError) in
                try atLeast(1, try node.int("min_count"), "min_count", at: node)
            }
        }
        let factor = read { () throws(ConfigError) -> Double? in
            guard let node = mapping.optional("factor") else { return nil }
            let factor = try node.double("factor")
            guard factor.isFinite, factor > 1 else {
                throw ConfigError(
                    "factor must be a number above 1 (how many times the usual count is unusual), found \((try? node.string()) ?? "")",
                    at: node.position)
            }
            return factor
        }
        let minAuthors = read { () throws(ConfigError) -> Int? in
            try mapping.optional("min_authors").map { node throws(ConfigError) in
                try atLeast(1, try node.int("min_authors"), "min_authors", at: node)
            }
        }
        let minBaseline = read { () throws(ConfigError) -> Double? in
            try mapping.optional("min_baseline").map { node throws(ConfigError) in
                try positive(try node.double("min_baseline"), "min_baseline", at: node)
            }
        }
        let minExpected = read { () throws(ConfigError) -> Double? in
            try mapping.optional("min_expected").map { node throws(ConfigError) in
                try positive(try node.double("min_expected"), "min_expected", at: node)
            }
        }
        let maxCount = read { () throws(ConfigError) -> Int? in
            try mapping.optional("max_count").map { node throws(ConfigError) in
                try atLeast(0, try node.int("max_count"), "max_count", at: node)
            }
        }

        let known = commonKeys + surgeKeys + silenceKeys
        for entry in mapping.entries where !known.contains(entry.key) {
            var message = "unknown key '\(entry.key)' in spike rule"
            if let suggestion = Spelling.closest(to: entry.key, among: known) {
                message += "; did you mean '\(suggestion)'?"
            }
            errors.append(ConfigError(message, at: entry.keyPosition))
        }
        if let kind {
            let (foreign, own) = kind == .surge ? (silenceKeys, "surge") : (surgeKeys, "silence")
            for entry in mapping.entries where foreign.contains(entry.key) {
                errors.append(
                    ConfigError(
                        "'\(entry.key)' applies to \(own == "surge" ? "silence" : "surge") rules, not to a \(own) rule"
                            + (own == "surge" ? " (add 'kind: silence'?)" : ""), at: entry.keyPosition))
            }
        }

        guard errors.isEmpty, let name, let kind, let selector, let window, let baseline else { return (nil, errors) }
        let rule = SpikeRule(
            name: name, kind: kind, selector: selector, window: window, baseline: baseline,
            minCount: minCount ?? defaultMinCount, factor: factor ?? defaultFactor, minAuthors: minAuthors ?? 1,
            minBaseline: minBaseline ?? 1, minExpected: minExpected ?? defaultMinExpected, maxCount: maxCount ?? 0,
            cooldown: cooldown, description: description, at: node.position)
        return (rule, [])
    }

    private static func positive(_ value: Duration, _ what: String, at node: ConfigNode) throws(ConfigError) -> Duration {
        guard value >= .seconds(1) else {
            throw ConfigError("\(what) must be at least 1s, found '\((try? node.string()) ?? "")'", at: node.position)
        }
        return value
    }

    private static func positive(_ value: Double, _ what: String, at node: ConfigNode) throws(ConfigError) -> Double {
        guard value.isFinite, value > 0 else {
            throw ConfigError("\(what) must be a number above 0, found '\((try? node.string()) ?? "")'", at: node.position)
        }
        return value
    }

    private static func atLeast(_ minimum: Int, _ value: Int, _ what: String, at node: ConfigNode) throws(ConfigError)
        -> Int
    {
        guard value >= minimum else {
            throw ConfigError("\(what) must be at least \(minimum), found \(value)", at: node.position)
        }
        return value
    }
}
