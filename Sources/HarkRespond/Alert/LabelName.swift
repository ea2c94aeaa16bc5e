/// The names of the labels an alert carries, and so the names routes, silences and inhibit rules
/// can match on.
///
/// The set is closed on purpose: a rule that matches on `topc` instead of `topic` would silently
/// never match, so `hark check` rejects unknown names with a suggestion instead. The order of the
/// cases is the order labels are written in a payload.
public enum LabelName: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `mention`, `spike`, `theme`, `theme-shipped`, `digest` or `health` (see `AlertKind`).
    case kind
    /// The spike rule's name, for spike alerts.
    case spike
    /// The matched topic rules; several values for a mention that matched several topics.
    case topic
    /// `positive`, `neutral` or `negative`.
    case sentiment
    /// `true` or `false`, as a string (label values are strings, as in Alertmanager).
    case abusive
    /// `true` or `false`, as a string.
    case demand
    /// The demand theme's id.
    case theme
    /// The kind of source (`rss`, `appstore`, `reddit`, …).
    case source
    /// The connector's name.
    case connector
    /// BCP 47 language tag, when known.
    case language
    /// Set by the producer of an alert (`info`, `warning`, `critical`, or a team's own words).
    case severity
    /// Tags from the connector file; several values when a connector has several tags.
    case tag

    public var description: String { rawValue }

    /// Position in `allCases`, for storage indexed by name.
    @usableFromInline var index: Int {
        switch self {
        case .kind: 0
        case .spike: 1
        case .topic: 2
        case .sentiment: 3
        case .abusive: 4
        case .demand: 5
        case .theme: 6
        case .source: 7
        case .connector: 8
        case .language: 9
        case .severity: 10
        case .tag: 11
        }
    }

    /// The number of label names.
    static let count = 12

    /// A label name as written in a rule file, or nil.
    public init?(_ text: String) { self.init(rawValue: text) }
}
