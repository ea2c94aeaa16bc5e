public import Foundation
import HarkCore

/// Watches every spike rule over a stream of labelled mentions, on event time, and says when a
/// surge or a silence starts and ends.
///
/// **Time.** Mentions are counted at their `publishedAt` (see `EventClock` for the clamping of
/// impossible times), in fine buckets of about a thirtieth of the window, and the window slides one
/// bucket at a time. The watermark (the latest event time seen, or the time given to `advance(to:)`)
/// is "now". Mentions may arrive out of order: one that is late but within a rule's window and
/// baseline counts where it belongs.
///
/// **Surges** are judged when a mention arrives: the window (the `window` before now) holds
/// `count` mentions, the baseline (`baseline` of history before the window) holds enough for an
/// *expected* count per window. A surge fires when `count ≥ min_count`, `count ≥ factor ×
/// max(expected, min_baseline)` and the window's distinct authors reach `min_authors`. With less
/// than one window of history (a cold start) the expectation is `min_count`. A fired surge stays
/// open until, at a bucket edge, the count falls below half of what firing took (it then resolves);
/// after firing, the group stays silent for `cooldown` even if it resolved in between, so one surge
/// alerts once.
///
/// **Silences** are judged at every bucket edge the watermark passes: a group fires when its window
/// holds at most `max_count` mentions while the baseline expected at least `min_expected`, and a full
/// window and one window of baseline have been observed. A silence resolves when a mention arrives.
/// Live, call `advance(to:)` with the wall clock so a silence shows even when nothing else is said;
/// replay advances through the mentions' own times. Either way an event is judged as of the bucket
/// edge it belongs to, so both give the same events.
///
/// **Groups.** A wildcard selector (`theme:*`) keeps a group per value (see `MentionSelector`);
/// groups with nothing left in window or baseline are forgotten, and a rule holds at most
/// `maxGroupsPerRule`.
///
/// **Determinism.** The same mentions in the same order (and the same `advance(to:)` calls) give the
/// same events; nothing reads the wall clock or a random source. Events of one call come in time
/// order, then rule order, then group value.
///
/// A plain value used from one task; `snapshot` and `init(rules:options:restoring:)` carry its state
/// across restarts.
public struct SpikeDetector: Sendable {
    /// Limits and evidence sizes; the defaults suit live use and replay alike.
    public struct Options: Sendable, Hashable {
        /// How far past its receive time a mention's date may lie before it is clamped.
        public var maxFutureSkew: Duration
        /// Without a receive time, how far past the watermark a date may jump before it is clamped.
        public var maxJump: Duration
        /// Far-future dates in a row (without receive time) that are taken as the stream moving on.
        public var futureConfirmations: Int
        /// Groups one rule may keep at once.
        public var maxGroupsPerRule: Int
        /// Sample mentions per alert.
        public var samples: Int
        /// Mentions per group whose terms are kept for `top_terms`.
        public var recentTermMentions: Int
        /// Terms per alert.
        public var topTerms: Int

        public init(
            maxFutureSkew: Duration = .seconds(300), maxJump: Duration = .seconds(30 * 86_400),
            futureConfirmations: Int = 3, maxGroupsPerRule: Int = 10_000, samples: Int = 5,
            recentTermMentions: Int = 32, topTerms: Int = 5
        ) {
            self.maxFutureSkew = maxFutureSkew
            self.maxJump = maxJump
            self.futureConfirmations = max(1, futureConfirmations)
            self.maxGroupsPerRule = max(1, maxGroupsPerRule)
            self.samples = max(0, samples)
            self.recentTermMentions = max(1, recentTermMentions)
            self.topTerms = max(0, topTerms)
        }
    }

    /// The rules watched, in order.
    public let rules: [SpikeRule]
    public let options: Options
    var clock = EventClock()
    var states: [SpikeRuleState]
    /// The longest window plus baseline of any rule, in milliseconds: older mentions count nowhere.
    let horizon: Int64

    /// A detector with no history.
    public init(rules: [SpikeRule], options: Options = Options()) {
        self.rules = rules
        self.options = options
        self.states = rules.map(SpikeRuleState.init(rule:))
        self.horizon = states.map { $0.geometry.windowLength + $0.geometry.baseline }.max() ?? 0
    }

    /// The latest event time seen: the detector's "now".
    public var watermark: Date? { clock.watermark.map(SpikeRuleState.date) }

    /// Counts one labelled mention; `receivedAt` (live: when it was fetched) bounds how far in the
    /// future its date may be. Returns the events it causes, including silences and resolutions due
    /// at bucket edges before its time, and what happened to its time.
    ///
    /// `terms` are the mention's `SpikeDetector.terms(of:rules:)` when the caller read them already
    /// (on another core); without them they are read here, when some rule selects the mention.
    public mutating func observe(
        _ mention: LabelledMention, terms precomputed: [String]? = nil, receivedAt: Date? = nil
    ) -> SpikeObservation {
        let published = Self.milliseconds(mention.mention.publishedAt)
        let placement = clock.place(
            published, receivedAt: receivedAt.map(Self.milliseconds), horizon: horizon, options: options)
        let time: Int64
        var adjustment: SpikeObservation.TimeAdjustment?
        switch placement {
        case .accepted(let accepted):
            time = accepted
        case .clamped(let original, let used):
            time = used
            adjustment = .clamped(original: SpikeRuleState.date(original), countedAt: SpikeRuleState.date(used))
        case .tooOld(let original):
            return SpikeObservation(events: [], adjustment: .tooOld(SpikeRuleState.date(original)))
        }
        guard let now = clock.watermark, let since = clock.observedSince else {
            return SpikeObservation(events: [], adjustment: adjustment)
        }
        var events = advanceRules(to: now, observedSince: since)
        var terms = precomputed
        var author: UInt64?
        // One sample serves every rule and group that counts the mention: making it copies a dozen
        // fields, and every mention is counted by a `connector:*` silence besides any surge.
        var sample: SpikeSample?
        for index in rules.indices where rules[index].selector.matches(mention) {
            for value in rules[index].selector.groups(of: mention) {
                // A silence names no terms (it is about mentions that stopped), so it reads none.
                var mentionTerms: [String]?
                if rules[index].kind == .surge {
                    mentionTerms = terms ?? SpikeTerms.extract(from: mention)
                    terms = mentionTerms
                }
                let fingerprint = author ?? Self.authorFingerprint(mention.mention)
                author = fingerprint
                let evidence = sample ?? SpikeSample(mention, time: time)
                sample = evidence
                if let event = states[index].record(
                    evidence, value: value, time: time, now: now, terms: mentionTerms, author: fingerprint,
                    rule: rules[index], observedSince: states[index].observedSince(since), options: options)
                {
                    events.append(event)
                }
            }
        }
        return SpikeObservation(events: Self.ordered(events), adjustment: adjustment)
    }

    /// The words of `mention` that can explain a spike of one of `rules`, or nil when no surge rule
    /// selects it (silences name no terms). A pure function of the labelled mention, so it can run
    /// while labelling, on every core, and leave `observe` (which runs in order, on one) less to do.
    public static func terms(of mention: LabelledMention, rules: [SpikeRule]) -> [String]? {
        guard rules.contains(where: { $0.kind == .surge && $0.selector.matches(mention) }) else { return nil }
        return SpikeTerms.extract(from: mention)
    }

    /// Moves "now" to `time` without a mention (live: the wall clock), returning the silences and
    /// resolutions due on the way. Earlier times are ignored.
    public mutating func advance(to time: Date) -> [SpikeEvent] {
        clock.advance(to: Self.milliseconds(time))
        guard let now = clock.watermark, let since = clock.observedSince else { return [] }
        return Self.ordered(advanceRules(to: now, observedSince: since))
    }

    /// Groups currently kept by the rule at `index`: for metrics and tests.
    public func groupCount(ofRule index: Int) -> Int { states[index].groupCount }

    private mutating func advanceRules(to now: Int64, observedSince: Int64) -> [SpikeEvent] {
        var events: [SpikeEvent] = []
        for index in rules.indices where !states[index].hasChecked(through: now) {
            events += states[index].advance(
                to: now, rule: rules[index], observedSince: states[index].observedSince(observedSince), options: options)
        }
        return events
    }

    /// Events by time, then rule order, then group value (stable: arrival order otherwise).
    private static func ordered(_ events: [SpikeEvent]) -> [SpikeEvent] {
        guard events.count > 1 else { return events }
        return events.enumerated().sorted { left, right in
            if left.element.firedAt != right.element.firedAt { return left.element.firedAt < right.element.firedAt }
            return left.offset < right.offset
        }.map(\.element)
    }

    static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded(.down)
        return value.isFinite ? Int64(max(-9e15, min(9e15, value))) : 0
    }

    /// FNV-1a of the connector and the author (or, without one, the mention's id: authorless
    /// mentions count as distinct authors, as news feeds rarely name one).
    static func authorFingerprint(_ mention: Mention) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        feed(mention.connector)
        if let author = mention.author {
            feed("\u{0}a\u{0}")
            feed(author.lowercased())
        } else {
            feed("\u{0}i\u{0}")
            feed(mention.id)
        }
        return hash
    }
}

/// What observing one mention produced.
public struct SpikeObservation: Sendable {
    /// How the detector treated a mention's time when it did not take it as given.
    public enum TimeAdjustment: Sendable, Hashable {
        /// Too far in the future: counted at `countedAt` (the watermark or receive time) instead.
        case clamped(original: Date, countedAt: Date)
        /// Older than every rule's window and baseline: not counted.
        case tooOld(Date)
    }

    /// Alerts firing or resolving, in time order.
    public var events: [SpikeEvent]
    /// Set when the mention's time was clamped or too old, for a log line or a metric.
    public var adjustment: SpikeObservation.TimeAdjustment?
}
