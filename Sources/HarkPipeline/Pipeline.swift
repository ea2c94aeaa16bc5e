public import Foundation
public import HarkCore
public import HarkLearn
public import HarkRespond
public import HarkRules

/// The ordered half of hark: everything a mention goes through after it is labelled.
///
/// Labelling is pure and runs on every core; what follows depends on what came before (a spike is a
/// count over earlier mentions, a theme is built from earlier demands, a group collects earlier
/// alerts), so it runs in one task, in order, here. `hark replay` drives it with the mentions' own
/// times, the daemon with arrival times; both get the same decisions from the same code.
///
/// Not `Sendable` on purpose: one task owns it. Its state is values (detectors, groups), so the
/// daemon persists it by taking snapshots between mentions.
public struct Pipeline {
    /// Online clustering of demand mentions into themes.
    public private(set) var themes: ThemeEngine
    /// Spike and silence detection over every labelled mention.
    public private(set) var spikes: SpikeDetector
    /// Routing, silences, inhibition and grouping; nil when the rules have no `route:`.
    public private(set) var respond: RespondPipeline?
    /// The latest time the respond side has been driven to: alerts are never fed to it out of order,
    /// so one late mention cannot move its clock backwards.
    public private(set) var clock: Date?

    /// Creates a pipeline over compiled rules.
    public init(themes: ThemeEngine, spikes: SpikeDetector, respond: RespondPipeline?) {
        self.themes = themes
        self.spikes = spikes
        self.respond = respond
    }

    /// Whether a mention without a demand can change anything here: spike rules count every mention
    /// and a routing tree takes a mention alert for each. When false, `process` gives such a mention
    /// back unchanged with nothing else, and a caller labelling at speed (`hark replay`) may skip it.
    public var takesEveryMention: Bool { !spikes.rules.isEmpty || respond != nil }

    /// What one mention caused.
    public struct Step: Sendable {
        /// The mention with its final labels.
        public var labelled: LabelledMention
        /// Where its demand went, for demand mentions.
        public var theme: ThemeAssignment?
        /// Alerts raised by this mention, in order: its own mention alert first (only when there is a
        /// routing tree to take it), then themes, then spikes.
        public var alerts: [Alert]
        /// Notifications that fell due up to this mention's time, in order.
        public var notifications: [AlertNotification]
        /// Things worth a log line: a time that was clamped or too old to count.
        public var notes: [String]
    }

    /// Takes one labelled mention and the demand found in it (from `Classifier.labelsAndDemand`).
    /// `receivedAt` is when hark fetched it (the daemon's clock); nil in a replay of history, where
    /// the mention's own time drives everything. `spikeTerms` are its `SpikeDetector.terms(of:rules:)`
    /// when the caller read them while labelling.
    public mutating func process(
        _ labelled: LabelledMention, demand: DemandResult? = nil, spikeTerms: [String]? = nil, receivedAt: Date? = nil
    ) -> Step {
        var labelled = labelled
        let mention = labelled.mention
        var themeAlerts: [Alert] = []
        var notes: [String] = []
        var assignment: ThemeAssignment?
        if let demand, labelled.labels.demand {
            let joined = themes.add(
                DemandMention(mention: mention, demand: demand, text: Classifier.sentimentText(of: mention)),
                receivedAt: receivedAt)
            labelled.labels.theme = joined.themeID
            themeAlerts = joined.events.map(AlertSources.theme)
            if let original = joined.clampedFrom {
                notes.append(
                    "\(mention.connector)/\(mention.id): published_at \(Timestamp.rfc3339(original)) is out of range; "
                        + "themes counted it at \(Timestamp.rfc3339(joined.eventTime))")
            }
            assignment = joined
        }
        var step = Step(labelled: labelled, theme: assignment, alerts: [], notifications: [], notes: notes)
        // With no spike rules there is nothing to count, and no time to call too old.
        let observation: SpikeObservation? = spikes.rules.isEmpty ? nil : spikes.observe(labelled, terms: spikeTerms, receivedAt: receivedAt)
        var eventTime = receivedAt ?? mention.publishedAt
        switch observation?.adjustment {
        case .clamped(let original, let countedAt)?:
            step.notes.append(
                "\(mention.connector)/\(mention.id): published_at \(Timestamp.rfc3339(original)) is in the future; "
                    + "counted at \(Timestamp.rfc3339(countedAt))")
            eventTime = countedAt
        case .tooOld(let date)?:
            step.notes.append(
                "\(mention.connector)/\(mention.id): published_at \(Timestamp.rfc3339(date)) is older than every "
                    + "spike window; not counted for spikes")
        case nil:
            break
        }
        // Without a routing tree a mention alert would go nowhere; building it costs a hash per post.
        if respond != nil { step.alerts.append(Alert.mention(labelled, firedAt: eventTime)) }
        step.alerts += themeAlerts
        for event in observation?.events ?? [] where event.status == .firing {
            step.alerts.append(AlertSources.spike(event, rule: spikes.rules.first { $0.name == event.rule }))
        }
        step.notifications = route(step.alerts, at: eventTime)
        return step
    }

    /// Marks a theme shipped and raises its `theme-shipped` alert, which routes to whoever closes
    /// the loop with the askers.
    public mutating func ship(theme id: String, message: String, at time: Date) throws(ThemeEngine.UnknownTheme) -> (
        alert: Alert, notifications: [AlertNotification]
    ) {
        let event = try themes.ship(id, message: message, at: time)
        let alert = AlertSources.theme(event)
        return (alert, route([alert], at: time))
    }

    /// Tells the theme engine its snapshot was stored, so the next snapshot carries only new askers.
    public mutating func themesSaved() {
        themes.didSave()
    }

    /// Feeds alerts that do not come from a mention (health) at `time`.
    public mutating func raise(_ alerts: [Alert], at time: Date) -> [AlertNotification] {
        route(alerts, at: time)
    }

    /// Moves the clocks to `time` without a mention: silences (a source gone quiet) are noticed and
    /// groups whose wait is over are sent. The daemon calls this on a timer; a replay calls `finish`.
    public mutating func advance(to time: Date) -> (alerts: [Alert], notifications: [AlertNotification]) {
        let alerts = spikes.advance(to: time).filter { $0.status == .firing }.map { event in
            AlertSources.spike(event, rule: spikes.rules.first { $0.name == event.rule })
        }
        var notifications = route(alerts, at: time)
        if let now = clock, respond != nil { notifications += respond!.due(at: now) }
        return (alerts, notifications)
    }

    /// Adds silences from outside the rules (`hark silence add`, kept in the state); one with the
    /// id of a silence already known replaces it, so re-reading an expired one ends it here too.
    public mutating func addSilences(_ silences: [Silence]) {
        for silence in silences { respond?.silences.add(silence) }
    }

    /// Everything still waiting in a group, each at its scheduled time: the end of a replay.
    public mutating func finish() -> [AlertNotification] {
        respond?.drain() ?? []
    }

    /// Sends what fell due before `time`, then adds `alerts` to their groups. Alerts arriving at the
    /// same instant (one poll's batch in the daemon) all join their groups before any of those groups
    /// is sent: groups are only collected when the clock moves forward, or by `advance`.
    private mutating func route(_ alerts: [Alert], at time: Date) -> [AlertNotification] {
        guard respond != nil else { return [] }
        let now = max(time, clock ?? time)
        let moved = clock.map { now > $0 } ?? true
        clock = now
        let notifications = moved ? respond!.due(at: now) : []
        for alert in alerts { respond!.take(alert, at: now) }
        return notifications
    }
}

extension Pipeline {
    /// A pipeline for a configuration: its theme settings (continuing from `themes` when hark has
    /// clustered before), spike rules, routing tree, silences and inhibit rules.
    public init(rules: RuleSet, themes snapshot: ThemeSnapshot? = nil) {
        self.init(
            themes: snapshot.map { ThemeEngine(settings: rules.themes, restoring: $0) }
                ?? ThemeEngine(settings: rules.themes),
            spikes: SpikeDetector(rules: rules.spikes),
            respond: rules.route.map {
                RespondPipeline(tree: $0, silences: Silences(rules.silences), inhibitRules: rules.inhibitRules)
            })
    }
}
