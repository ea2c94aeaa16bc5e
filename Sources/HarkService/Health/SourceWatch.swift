public import Foundation

/// Decides whether hark is listening blind to one source: it keeps failing, it stopped producing
/// new items for longer than it normally does, or it suddenly parses to nothing when it used to list
/// many (the site changed its markup). A value fed with poll outcomes and a clock; it does no I/O
/// and returns what changed, so the daemon raises an alert and the tests drive it with fixed times.
///
/// One episode raises one alert: entering a problem (or a worse one) is an event, staying in it is
/// not, and the first good poll after it is a recovery event.
public struct SourceWatch: Sendable, Hashable {
    /// What is wrong with a source.
    public enum Problem: String, Sendable, Hashable, Comparable {
        /// No new item for longer than expected, while polls succeed.
        case stale
        /// A poll parsed to zero items where the source used to list many.
        case shape
        /// Polls failed `failuresBeforeBlind` times in a row.
        case failing

        private var rank: Int {
            switch self {
            case .stale: 0
            case .shape: 1
            case .failing: 2
            }
        }

        public static func < (lhs: Problem, rhs: Problem) -> Bool { lhs.rank < rhs.rank }
    }

    /// A change worth telling people about.
    public enum Event: Sendable, Hashable {
        /// The source became unhealthy (or worse), since `since`.
        case blind(problem: Problem, since: Date, detail: String)
        /// The source is healthy again after `problem`, which began at `since`.
        case recovered(problem: Problem, since: Date, at: Date)
    }

    /// Thresholds, with defaults that suit public feeds.
    public struct Settings: Sendable, Hashable {
        /// Consecutive failed polls before a source counts as failing.
        public var failuresBeforeBlind = 3
        /// A source "used to have many" items when its recent polls listed at least this many.
        public var shapeMinimumItems = 5
        /// Gaps between new items remembered for the derived expectation.
        public var historySize = 20
        /// Gaps needed before an expectation is derived (fewer: the source is not watched for staleness).
        public var minimumHistory = 4
        /// The derived expectation is this many times the longest recent gap between new items.
        public var expectationFactor = 3.0

        public init() {}
    }

    public let connector: String
    public let settings: Settings
    /// The configured expectation (`expect_every:`), in seconds, or nil to derive one.
    public var configuredExpectation: TimeInterval?
    /// The poll interval, in seconds: an expectation is never shorter than two polls.
    public var pollInterval: TimeInterval

    public private(set) var problem: Problem?
    public private(set) var problemSince: Date?
    public private(set) var consecutiveFailures = 0
    public private(set) var lastSuccess: Date?
    public private(set) var lastError: String?
    /// When a poll last brought a new item (or when watching began).
    public private(set) var lastNewItem: Date
    /// Items the source listed in its recent successful polls (newest last).
    private var recentItemCounts: [Int] = []
    /// Seconds between polls that brought new items (newest last).
    private var gaps: [TimeInterval] = []

    /// Starts watching at `start` (the daemon's start, or when the connector was added).
    public init(
        connector: String, pollInterval: TimeInterval, expectEvery: TimeInterval? = nil,
        settings: Settings = Settings(),
        start: Date
    ) {
        self.connector = connector
        self.pollInterval = pollInterval
        self.configuredExpectation = expectEvery
        self.settings = settings
        self.lastNewItem = start
    }

    /// How long the source may go without a new item: the configured value, else a multiple of the
    /// longest recent gap between new items (never under two polls), else nil (not enough history).
    public var expectation: TimeInterval? {
        if let configuredExpectation { return configuredExpectation }
        guard gaps.count >= settings.minimumHistory, let longest = gaps.max() else { return nil }
        return max(longest * settings.expectationFactor, 2 * pollInterval)
    }

    /// Whether the source looks healthy now.
    public var isHealthy: Bool { problem == nil }

    /// A poll succeeded: `itemCount` items listed (nil for 304 Not Modified), `newItems` of them new.
    public mutating func succeeded(at time: Date, itemCount: Int?, newItems: Int) -> Event? {
        consecutiveFailures = 0
        lastSuccess = time
        if newItems > 0 {
            let gap = time.timeIntervalSince(lastNewItem)
            if gap > 0 {
                gaps.append(gap)
                if gaps.count > settings.historySize { gaps.removeFirst(gaps.count - settings.historySize) }
            }
            lastNewItem = time
        }
        var shapeDetail: String?
        if let itemCount {
            if itemCount == 0, let usual = usualItemCount, usual >= settings.shapeMinimumItems {
                shapeDetail = "the source parsed to 0 items; it usually lists \(usual)"
            }
            recentItemCounts.append(itemCount)
            if recentItemCounts.count > 5 { recentItemCounts.removeFirst(recentItemCounts.count - 5) }
        }
        if let shapeDetail {
            // Answering again but with nothing in it: still blind, for another reason.
            if problem == .failing {
                problem = .shape
                return .blind(problem: .shape, since: problemSince ?? time, detail: shapeDetail)
            }
            return enter(.shape, at: time, detail: shapeDetail)
        }
        switch problem {
        case .failing?: return recover(at: time)
        case .shape? where (itemCount ?? 0) > 0: return recover(at: time)
        case .stale? where newItems > 0: return recover(at: time)
        default: break
        }
        return check(at: time)
    }

    /// A poll failed with `message` (already free of secrets).
    public mutating func failed(at time: Date, message: String) -> Event? {
        consecutiveFailures += 1
        lastError = message
        guard consecutiveFailures >= settings.failuresBeforeBlind else { return nil }
        return enter(
            .failing, at: time, detail: "\(consecutiveFailures) polls failed in a row; last error: \(message)")
    }

    /// Looks at the clock: a source that has gone quiet for longer than expected is stale.
    public mutating func check(at time: Date) -> Event? {
        guard problem == nil, let expectation, time.timeIntervalSince(lastNewItem) > expectation else { return nil }
        return enter(
            .stale, at: time,
            detail: "no new item for \(Self.describe(time.timeIntervalSince(lastNewItem))); "
                + "expected one at least every \(Self.describe(expectation))")
    }

    /// The median of the recent item counts, or nil before any.
    private var usualItemCount: Int? {
        guard !recentItemCounts.isEmpty else { return nil }
        return recentItemCounts.sorted()[recentItemCounts.count / 2]
    }

    private mutating func enter(_ next: Problem, at time: Date, detail: String) -> Event? {
        if let problem, problem >= next { return nil }
        if problem == nil { problemSince = time }
        problem = next
        return .blind(problem: next, since: problemSince ?? time, detail: detail)
    }

    private mutating func recover(at time: Date) -> Event? {
        guard let previous = problem else { return nil }
        let since = problemSince ?? time
        problem = nil
        problemSince = nil
        return .recovered(problem: previous, since: since, at: time)
    }

    /// A duration for people: `90s`, `12m`, `3h`, `2d`.
    static func describe(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<120: "\(Int(seconds.rounded()))s"
        case ..<7200: "\(Int((seconds / 60).rounded()))m"
        case ..<172_800: "\(Int((seconds / 3600).rounded()))h"
        default: "\(Int((seconds / 86400).rounded()))d"
        }
    }
}
