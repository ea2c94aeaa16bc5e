import Foundation

/// One rule's detector state: a group per selector value, the rule's term background, and how far
/// its boundary checks (silences, resolutions) have got.
struct SpikeRuleState: Codable, Hashable, Sendable {
    /// What the state was built for; a snapshot is only restored into a rule with the same identity.
    struct Identity: Codable, Hashable, Sendable {
        var name: String
        var kind: SpikeRule.Kind
        var selector: String
        var geometry: SpikeGeometry
    }

    let identity: Identity
    /// Groups by value (`""` for a selector without a grouping wildcard).
    private(set) var groups: [String: SpikeGroupState] = [:]
    /// Terms of the rule's mentions older than its groups' recent ones.
    private(set) var background = TermCounter()
    /// The last fine bucket whose start was checked for silences and resolutions.
    private(set) var checkedBucket: Int64?
    /// When a rule added to a running detector (on reload) started counting; its history begins
    /// there, not where the detector's does. Nil for rules that were there from the start.
    var startedAt: Int64?
    /// New groups refused because the rule already had `maxGroupsPerRule`.
    private(set) var refusedGroups = 0

    init(rule: SpikeRule) {
        identity = Identity(
            name: rule.name, kind: rule.kind, selector: rule.selector.text,
            geometry: SpikeGeometry(window: rule.window, baseline: rule.baseline))
    }

    var geometry: SpikeGeometry { identity.geometry }

    /// Where this rule's observed history begins, given where the detector's does.
    func observedSince(_ detectorSince: Int64) -> Int64 { max(detectorSince, startedAt ?? detectorSince) }
    var groupCount: Int { groups.count }

    /// Counts one mention (`sample`, made at `time`) for group `value` at event time `time`, the
    /// watermark being `now`; returns the surge that fires or the silence that ends because of it.
    mutating func record(
        _ sample: SpikeSample, value: String, time: Int64, now: Int64, terms: [String]?, author: UInt64,
        rule: SpikeRule, observedSince: Int64, options: SpikeDetector.Options
    ) -> SpikeEvent? {
        let head = geometry.fineBucket(of: now)
        var group: SpikeGroupState
        // Taken out while it changes, so its buffers are not shared with the dictionary's copy and
        // changing them does not copy them (put back below).
        if let existing = groups.removeValue(forKey: value) {
            group = existing
        } else {
            guard groups.count < options.maxGroupsPerRule else {
                refusedGroups += 1
                return nil
            }
            group = SpikeGroupState(geometry: geometry, head: head)
        }
        group.advance(to: head, geometry: geometry)
        let old = group.record(
            time: time, author: author, sample: sample, terms: terms, options: options)
        if let old { background.add(old) }
        var event: SpikeEvent?
        // The measure (a sum over the window's buckets and one over the baseline's) is taken only
        // when a decision reads it: a surge already open or cooling down, and a silence not open,
        // decide nothing on this mention, and most mentions meet one of those.
        switch rule.kind {
        case .surge:
            let cooled = group.lastFired.map { now >= $0 + SpikeGeometry.milliseconds(rule.cooldown) } ?? true
            if group.open == nil, cooled {
                let measure = SpikeMeasure(group, rule: rule, geometry: geometry, observedSince: observedSince)
                if measure.surges(rule), group.distinctAuthors >= rule.minAuthors {
                    group.open = .init(windowStart: group.windowStart, firedAt: now)
                    group.lastFired = now
                    event = makeEvent(
                        .firing, group: group, value: value, measure: measure, at: now, rule: rule, options: options)
                }
            }
        case .silence:
            if group.open != nil {
                let measure = SpikeMeasure(group, rule: rule, geometry: geometry, observedSince: observedSince)
                if measure.count > rule.maxCount {
                    event = makeEvent(
                        .resolved, group: group, value: value, measure: measure, at: now, rule: rule, options: options)
                    group.open = nil
                }
            }
        }
        groups[value] = group
        return event
    }

    /// Whether `advance(to: now)` would do nothing: the bucket holding `now` was checked already.
    /// The detector asks this for every rule on every mention, before handing `advance` a copy of
    /// the rule; between bucket edges (almost every mention) that copy and call are all it cost.
    func hasChecked(through now: Int64) -> Bool {
        guard let checked = checkedBucket else { return false }
        return geometry.fineBucket(of: now) <= checked
    }

    /// Runs the checks due at each fine bucket edge up to the one holding `now`: silences that begin
    /// and surges that end. Each check is judged as of its edge, not of `now`, so the events are the
    /// same however the watermark got there (one mention later, or the wall clock ticking).
    mutating func advance(to now: Int64, rule: SpikeRule, observedSince: Int64, options: SpikeDetector.Options)
        -> [SpikeEvent]
    {
        let head = geometry.fineBucket(of: now)
        guard let checked = checkedBucket else {
            checkedBucket = head
            return []
        }
        guard head > checked else { return [] }
        checkedBucket = head
        let keys = groups.keys.filter { rule.kind == .silence || groups[$0]?.open != nil }.sorted()
        var events: [SpikeEvent] = []
        if !keys.isEmpty {
            // After a window's worth of edges with no mention the counts only shrink, so what the
            // remaining edges would decide is decided at the last one.
            let last = min(head, checked + Int64(geometry.windowBuckets) + 1)
            var edges = Array((checked + 1)...last)
            if head > last { edges.append(head) }
            for edge in edges {
                let time = edge * geometry.fineWidth
                for key in keys {
                    guard var group = groups.removeValue(forKey: key) else { continue }
                    group.advance(to: edge, geometry: geometry)
                    if let event = check(&group, value: key, at: time, rule: rule, observedSince: observedSince, options: options) {
                        events.append(event)
                    }
                    groups[key] = group
                }
            }
        }
        if geometry.coarseBucket(ofFine: head) != geometry.coarseBucket(ofFine: checked) {
            forgetIdleGroups(at: head, rule: rule)
        }
        return events
    }

    private func check(
        _ group: inout SpikeGroupState, value: String, at time: Int64, rule: SpikeRule, observedSince: Int64,
        options: SpikeDetector.Options
    ) -> SpikeEvent? {
        let measure = SpikeMeasure(group, rule: rule, geometry: geometry, observedSince: observedSince)
        switch rule.kind {
        case .surge:
            guard group.open != nil, measure.surgeEnded(rule) else { return nil }
            let event = makeEvent(.resolved, group: group, value: value, measure: measure, at: time, rule: rule, options: options)
            group.open = nil
            return event
        case .silence:
            let cooled = group.lastFired.map { time >= $0 + SpikeGeometry.milliseconds(rule.cooldown) } ?? true
            guard group.open == nil, cooled, group.windowStart >= observedSince, measure.isSilent(rule) else {
                return nil
            }
            group.open = .init(windowStart: group.windowStart, firedAt: time)
            group.lastFired = time
            return makeEvent(.firing, group: group, value: value, measure: measure, at: time, rule: rule, options: options)
        }
    }

    /// Drops groups with nothing left in window or baseline, no open alert and no cool-down running,
    /// so `theme:*` does not keep every theme that ever was.
    private mutating func forgetIdleGroups(at head: Int64, rule: SpikeRule) {
        let now = head * geometry.fineWidth
        let cooldown = SpikeGeometry.milliseconds(rule.cooldown)
        for key in groups.keys.sorted() {
            guard var group = groups.removeValue(forKey: key) else { continue }
            group.advance(to: head, geometry: geometry)
            if !group.isIdle || !(group.lastFired.map({ now >= $0 + cooldown }) ?? true) { groups[key] = group }
        }
    }

    private func makeEvent(
        _ status: SpikeEvent.Status, group: SpikeGroupState, value: String, measure: SpikeMeasure, at time: Int64,
        rule: SpikeRule, options: SpikeDetector.Options
    ) -> SpikeEvent {
        let windowStart = group.windowStart
        let keyStart = group.open?.windowStart ?? windowStart
        let samples: [SpikeSample]
        let topTerms: [String]
        switch rule.kind {
        case .surge:
            samples = group.samples.filter { $0.time >= windowStart }
            topTerms = background.top(
                options.topTerms, of: group.recentTerms.filter { $0.time >= windowStart }.map(\.terms))
        case .silence:
            samples = group.samples
            topTerms = []
        }
        var implied = rule.selector.requiredLiterals.map { (label: $0.label.rawValue, value: $0.pattern.text) }
        let groupValue: String? = rule.selector.groupLabel == nil ? nil : value
        if let label = rule.selector.groupLabel { implied.append((label.rawValue, value)) }
        return SpikeEvent(
            rule: rule.name, kind: rule.kind, status: status, selector: rule.selector.text,
            groupLabel: rule.selector.groupLabel, value: groupValue, window: rule.window,
            windowStart: Self.date(windowStart), windowEnd: Self.date(time), firedAt: Self.date(time),
            count: measure.count, baseline: measure.reportedBaseline(rule), ratio: measure.ratio(rule),
            baselineCount: measure.baselineCount, baselineSpan: .milliseconds(measure.span),
            coldStart: rule.kind == .surge && measure.expected == nil, authors: group.distinctAuthors,
            topTerms: topTerms, samples: samples.map(\.labelled), lastSeen: group.lastSeen.map(Self.date),
            impliedLabels: implied,
            key: SpikeEvent.key(rule: rule.name, value: groupValue, windowStart: Self.date(keyStart)))
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
