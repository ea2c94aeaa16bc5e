public import HarkCore

/// One entry of the `spikes:` section: a selector watched over a sliding window of event time,
/// compared with what its recent past makes normal.
///
/// ```yaml
/// spikes:
///   - name: negative-surge          # unique among spike rules; alerts carry it
///     select: 'sentiment:negative'  # selector syntax (see MentionSelector)
///     window: 30m                   # the recent window counted
///     baseline: 7d                  # the history before the window that sets "normal" (default 7d)
///     min_count: 8                  # never alert on fewer mentions than this (default 5)
///     factor: 4                     # ... nor on fewer than factor × the baseline's expectation (default 3)
///     min_authors: 3                # ... nor when fewer distinct authors wrote them (default 1)
///     cooldown: 2h                  # no new alert for the same rule and group this long after one (default 2 × window)
///   - name: appstore-quiet
///     kind: silence                 # a source or topic that goes quiet when it normally is not
///     select: 'connector:*'         # one watch per connector
///     window: 6h
///     baseline: 7d
///     min_expected: 5               # only watched when the baseline expects at least this many per window (default 5)
///     max_count: 0                  # quiet means at most this many in the window (default 0)
/// ```
///
/// `kind` is `surge` (the default) or `silence`. Both compare the window with the *expected* count:
/// the baseline's mentions scaled from the history actually seen (at most `baseline`) to the window's
/// length. `min_baseline` (default 1) is the least a surge ever expects, so a selector that never
/// happened before needs `max(min_count, factor)` mentions and its ratio stays finite. How the
/// detector applies these numbers is described on `SpikeDetector`.
public struct SpikeRule: Sendable, Hashable {
    /// What the rule watches for.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// More mentions than usual.
        case surge
        /// Fewer mentions than usual: a source or topic that went quiet.
        case silence
    }

    /// The rule's name, unique among spike rules; alerts and alert ids carry it.
    public var name: String
    public var kind: Kind
    /// Which mentions count, and how they split into groups.
    public var selector: MentionSelector
    /// The sliding window counted.
    public var window: Duration
    /// The history before the window that sets what is normal.
    public var baseline: Duration
    /// Surge: the fewest mentions in the window that can alert.
    public var minCount: Int
    /// Surge: how many times the expected count the window must reach; above 1.
    public var factor: Double
    /// Surge: the fewest distinct authors in the window that can alert.
    public var minAuthors: Int
    /// Surge: the least the baseline is taken to expect per window, so zero history is not "infinitely unusual".
    public var minBaseline: Double
    /// Silence: the least the baseline must expect per window for quiet to be unusual.
    public var minExpected: Double
    /// Silence: the most mentions a window may hold and still count as quiet.
    public var maxCount: Int
    /// How long after an alert the same rule and group stays silent.
    public var cooldown: Duration
    /// What the rule is for, for people reading the file.
    public var description: String?
    /// Where the rule's entry starts.
    public var position: SourcePosition

    /// Defaults, documented in the type's description.
    public static let defaultBaseline = Duration.seconds(7 * 86_400)
    public static let defaultMinCount = 5
    public static let defaultFactor = 3.0
    public static let defaultMinExpected = 5.0

    /// A rule built in code (tests, tools); `cooldown` defaults to twice the window.
    public init(
        name: String, kind: Kind = .surge, selector: MentionSelector, window: Duration,
        baseline: Duration = SpikeRule.defaultBaseline, minCount: Int = SpikeRule.defaultMinCount,
        factor: Double = SpikeRule.defaultFactor, minAuthors: Int = 1, minBaseline: Double = 1,
        minExpected: Double = SpikeRule.defaultMinExpected, maxCount: Int = 0, cooldown: Duration? = nil,
        description: String? = nil,
        at position: SourcePosition = SourcePosition(file: "<rule>", line: 1, column: 1)
    ) {
        self.name = name
        self.kind = kind
        self.selector = selector
        self.window = window
        self.baseline = baseline
        self.minCount = minCount
        self.factor = factor
        self.minAuthors = minAuthors
        self.minBaseline = minBaseline
        self.minExpected = minExpected
        self.maxCount = maxCount
        self.cooldown = cooldown ?? window * 2
        self.description = description
        self.position = position
    }
}
