public import Foundation
public import HarkCore

/// A receiver's `digest:` option: instead of live alerts, one summary per period.
///
/// ```yaml
/// - name: leadership
///   email: { ... }
///   digest:
///     every: 24h                 # the period (default 24h)
///     at: "09:00"                # a period boundary, in UTC (default "00:00")
///     sections: [themes, sentiment, spikes]   # default: all four
///     top: 5                     # rows per section (default 5)
///     examples: 2                # example posts per topic in `affected` (default 2)
/// ```
///
/// Periods are aligned on `at` in UTC (so `every: 24h, at: "09:00"` covers 09:00 to 09:00 UTC) and
/// the digest for a period is sent once it has ended. Alerts routed to the receiver are stored
/// in the state meanwhile, so a restart loses none of them.
public struct DigestSettings: Sendable, Hashable {
    /// What a digest can say.
    public enum Section: String, Sendable, Hashable, CaseIterable {
        /// Top demand themes by distinct askers, with growth.
        case themes
        /// Positive, neutral and negative mentions per topic.
        case sentiment
        /// The spikes of the period.
        case spikes
        /// Distinct people affected per topic, with example posts (for developers).
        case affected
    }

    public var every: Duration
    /// Seconds after midnight UTC at which a period starts.
    public var at: TimeInterval
    public var sections: [Section]
    public var top: Int
    public var examples: Int

    public init(
        every: Duration = .seconds(86_400), at: TimeInterval = 0, sections: [Section] = Section.allCases,
        top: Int = 5, examples: Int = 2
    ) {
        self.every = every
        self.at = at
        self.sections = sections
        self.top = max(1, top)
        self.examples = max(0, examples)
    }

    /// The period's length in seconds.
    public var seconds: TimeInterval { max(1, Double(every.components.seconds)) }

    /// The start of the period that contains `time`.
    public func periodStart(containing time: Date) -> Date {
        let offset = at.truncatingRemainder(dividingBy: seconds)
        let index = ((time.timeIntervalSince1970 - offset) / seconds).rounded(.down)
        return Date(timeIntervalSince1970: index * seconds + offset)
    }

    /// The end of the period that starts at `start`.
    public func periodEnd(startingAt start: Date) -> Date { start.addingTimeInterval(seconds) }

    static func parse(_ node: ConfigNode) throws(ConfigError) -> DigestSettings {
        var mapping = try node.mapping("digest")
        var settings = DigestSettings()
        if let everyNode = mapping.optional("every") {
            settings.every = try everyNode.duration("every")
            guard settings.every >= .seconds(1) else {
                throw ConfigError("digest every must be at least 1s", at: everyNode.position)
            }
        }
        if let atNode = mapping.optional("at") {
            let text = try atNode.string("at")
            let parts = text.split(separator: ":").map { Int($0) }
            guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }), let hour = parts[0],
                let minute = parts[1], (0..<24).contains(hour), (0..<60).contains(minute)
            else {
                throw ConfigError("digest at must be a UTC time like \"09:00\", not '\(text)'", at: atNode.position)
            }
            settings.at = TimeInterval(hour * 3600 + minute * 60 + (parts.count == 3 ? parts[2]! : 0))
        }
        if let sectionsNode = mapping.optional("sections") {
            var sections: [Section] = []
            for item in try sectionsNode.list("sections") {
                let name = try item.string("section")
                guard let section = Section(rawValue: name) else {
                    var message =
                        "unknown digest section '\(name)'; sections are "
                        + Section.allCases.map(\.rawValue).joined(separator: ", ")
                    if let close = Spelling.closest(to: name, among: Section.allCases.map(\.rawValue)) {
                        message += "; did you mean '\(close)'?"
                    }
                    throw ConfigError(message, at: item.position)
                }
                if !sections.contains(section) { sections.append(section) }
            }
            guard !sections.isEmpty else {
                throw ConfigError("digest needs at least one section", at: sectionsNode.position)
            }
            settings.sections = sections
        }
        if let topNode = mapping.optional("top") { settings.top = max(1, try topNode.int("top")) }
        if let examplesNode = mapping.optional("examples") {
            settings.examples = max(0, try examplesNode.int("examples"))
        }
        try mapping.rejectUnknownKeys()
        return settings
    }
}
