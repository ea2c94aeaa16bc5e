extension SpikeDetector {
    /// Everything a detector remembers, as a plain `Codable` value: a daemon saves it (as JSON, in its
    /// state store) on shutdown or periodically, and restores it at start so a restart neither loses
    /// the baseline nor alerts twice for a spike it already reported.
    public struct Snapshot: Codable, Sendable, Hashable {
        /// Bumped when the layout changes; a snapshot of another version is ignored on restore.
        public static let currentVersion = 1

        var version: Int
        var clock: EventClock
        var rules: [SpikeRuleState]

        /// The number of rules the snapshot holds state for.
        public var ruleCount: Int { rules.count }
    }

    /// The detector's state now.
    public var snapshot: Snapshot {
        Snapshot(version: Snapshot.currentVersion, clock: clock, rules: states)
    }

    /// A detector for `rules` that continues from `snapshot`: each rule gets back the state saved for
    /// a rule with the same name, kind, selector, window and baseline (thresholds may have changed;
    /// anything else starts afresh). So a reload that edits one rule keeps every other rule's history.
    public init(rules: [SpikeRule], options: Options = Options(), restoring snapshot: Snapshot) {
        self.init(rules: rules, options: options)
        guard snapshot.version == Snapshot.currentVersion else { return }
        clock = snapshot.clock
        var saved: [SpikeRuleState.Identity: SpikeRuleState] = [:]
        for state in snapshot.rules { saved[state.identity] = state }
        for index in states.indices {
            if let state = saved[states[index].identity] {
                states[index] = state
            } else {
                states[index].startedAt = clock.watermark
            }
        }
    }
}
