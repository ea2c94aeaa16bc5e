/// A group's window held against its baseline, and the decisions taken on it.
///
/// `expected` is the baseline's count scaled from the history it covered to the window's length;
/// nil while that history is shorter than one window (a cold start), when no rate can be told.
struct SpikeMeasure {
    let count: Int
    let baselineCount: Int
    /// Milliseconds of history the baseline count covers.
    let span: Int64
    let expected: Double?

    init(_ group: SpikeGroupState, rule: SpikeRule, geometry: SpikeGeometry, observedSince: Int64) {
        count = group.windowCount
        let baseline = group.baseline(geometry: geometry, observedSince: observedSince)
        baselineCount = baseline.count
        span = baseline.span
        expected =
            span >= geometry.windowLength
            ? Double(baseline.count) * Double(geometry.windowLength) / Double(span) : nil
    }

    /// What a surge takes as normal: the expectation, never below `min_baseline`; on a cold start,
    /// `min_count` (so a fresh detector only alerts on `factor × min_count`, not on ordinary traffic
    /// it has no history for).
    func surgeBaseline(_ rule: SpikeRule) -> Double {
        max(rule.minBaseline, expected ?? Double(rule.minCount))
    }

    /// The count a surge must reach.
    func surgeThreshold(_ rule: SpikeRule) -> Double {
        max(Double(rule.minCount), rule.factor * surgeBaseline(rule))
    }

    func surges(_ rule: SpikeRule) -> Bool { Double(count) >= surgeThreshold(rule) }

    /// A surge ends when the window falls below half of what it takes to fire, so a count hovering
    /// at the threshold does not flap.
    func surgeEnded(_ rule: SpikeRule) -> Bool { Double(count) < surgeThreshold(rule) / 2 }

    /// Quiet: at most `max_count` mentions where at least `min_expected` were expected.
    func isSilent(_ rule: SpikeRule) -> Bool {
        guard let expected else { return false }
        return count <= rule.maxCount && expected >= rule.minExpected
    }

    func reportedBaseline(_ rule: SpikeRule) -> Double {
        rule.kind == .surge ? surgeBaseline(rule) : expected ?? 0
    }

    func ratio(_ rule: SpikeRule) -> Double {
        let base = reportedBaseline(rule)
        return base > 0 ? Double(count) / base : 0
    }
}
