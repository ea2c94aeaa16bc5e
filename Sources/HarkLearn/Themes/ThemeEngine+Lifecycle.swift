public import Foundation
public import HarkCore

/// Status, growth, events, shipping, and what the engine shows of its themes.
extension ThemeEngine {
    /// The engine's clock: the latest event time it has seen (the epoch before any).
    public var now: Date { clock ?? Date(timeIntervalSince1970: 0) }

    /// Emits "emerged" when a theme reaches `min_authors`, and "growing" when its askers in the last
    /// growth window reach `growth_factor` times those in the window before (at most once a window).
    mutating func checkLifecycle(_ slot: Int, wasEmerged: Bool, events: inout [ThemeEvent]) {
        let time = now
        let minAuthors = settings.minAuthors
        let emerged = update(slot) { theme in
            guard theme.emergedAt == nil, theme.authors.count >= minAuthors else { return false }
            theme.emergedAt = time
            return true
        }
        if emerged {
            events.append(ThemeEvent(kind: .emerged, theme: summary(slot), at: time))
            return
        }
        guard wasEmerged, update(slot, { $0.shippedAt == nil }) else { return }
        // Counting distinct askers over two windows costs a pass over them, so a big theme is
        // evaluated once per bucket and whenever its authors grew by a tenth, not on every demand.
        let current = bucket(of: time)
        let due = update(slot) { theme in
            let authors = theme.authors.count
            if theme.growthCheckBucket == current, Double(authors) < Double(theme.growthCheckAuthors) * 1.1 + 1 {
                return false
            }
            theme.growthCheckBucket = current
            theme.growthCheckAuthors = authors
            return true
        }
        guard due else { return }
        let summary = summary(slot)
        guard summary.recentAuthors >= settings.growthMinAuthors, summary.growth >= settings.growthFactor else {
            return
        }
        if let last = update(slot, { $0.growthEventAt }), time.timeIntervalSince(last) < settings.growthWindow.seconds {
            return
        }
        slots[slot]!.growthEventAt = time
        events.append(ThemeEvent(kind: .growing, theme: summary, at: time))
    }

    /// The status of a theme at the engine's clock.
    func status(_ theme: ThemeState) -> ThemeStatus {
        if theme.shippedAt != nil { return .shipped }
        guard let emerged = theme.emergedAt else { return .forming }
        return now.timeIntervalSince(emerged) < settings.growthWindow.seconds ? .emerging : .tracked
    }

    /// The theme in slot `slot`, summarized at the engine's clock.
    func summary(_ slot: Int) -> ThemeSummary {
        let theme = slots[slot]!
        let current = bucket(of: now)
        let window = Self.bucketsPerWindow
        return ThemeSummary(
            id: theme.id, label: theme.label, isPinned: theme.isPinned, status: status(theme),
            mentions: theme.mentions, authors: theme.authors.count, duplicates: theme.duplicates,
            recentAuthors: theme.authors(inBucketsAfter: current - window, through: current),
            previousAuthors: theme.authors(inBucketsAfter: current - 2 * window, through: current - window),
            firstSeen: theme.firstSeen, lastSeen: theme.lastSeen, samples: theme.samples,
            askers: theme.recentAskers.reversed(), shippedAt: theme.shippedAt, shipMessage: theme.shipMessage)
    }

    /// The theme with this id (or that this id was merged into), if it is in memory.
    public func theme(_ id: String) -> ThemeSummary? {
        slotByID[resolve(id)].map(summary)
    }

    /// The id `id` answers to now: itself, or the theme it was merged into.
    public func currentID(of id: String) -> String { resolve(id) }

    /// Every theme in memory, oldest first, forming ones included.
    public var themes: [ThemeSummary] {
        slots.indices.filter { slots[$0] != nil }.sorted { slots[$0]!.sequence < slots[$1]!.sequence }.map(summary)
    }

    /// The themes worth reporting (at least `min_authors` distinct authors, or shipped), most askers
    /// first.
    public var reportedThemes: [ThemeSummary] {
        themes.filter { $0.status != .forming }.sorted {
            ($0.authors, $0.mentions, $1.id) > ($1.authors, $1.mentions, $0.id)
        }
    }

    /// A theme id that is not (or no longer) in memory.
    public struct UnknownTheme: Error, Sendable, Hashable, CustomStringConvertible {
        public var id: String
        public var description: String { "no demand theme '\(id)'; `hark themes` lists them" }
    }

    /// Marks a theme shipped with the message its askers will get, and returns the `shipped` event
    /// (kind `theme-shipped`). Shipping again replaces the message and fires again, for a correction.
    /// New demands for a shipped theme still join it and count; they raise no growth alerts.
    public mutating func ship(_ id: String, message: String, at time: Date) throws(UnknownTheme) -> ThemeEvent {
        guard let slot = slotByID[resolve(id)] else { throw UnknownTheme(id: id) }
        slots[slot]!.shippedAt = time
        slots[slot]!.shipMessage = message
        return ThemeEvent(kind: .shipped(message: message), theme: summary(slot), at: time)
    }

    /// Drops the quietest themes from memory when there are more than `max_themes`: those that never
    /// emerged and were seen least recently go first, then any unpinned ones. Their ids are listed in
    /// the next snapshot (the store keeps them as retired) and never reused.
    mutating func retireQuietThemes() {
        let target = settings.maxThemes * 9 / 10
        let order = slots.indices.filter { slots[$0] != nil && !slots[$0]!.isPinned }.sorted {
            let a = slots[$0]!
            let b = slots[$1]!
            let aKey = (a.emergedAt == nil ? 0 : 1, a.lastSeen?.timeIntervalSince1970 ?? 0, a.sequence)
            let bKey = (b.emergedAt == nil ? 0 : 1, b.lastSeen?.timeIntervalSince1970 ?? 0, b.sequence)
            return aKey < bKey
        }
        for slot in order where liveCount > target {
            retired.append(slots[slot]!.id)
            remove(slot)
        }
    }
}
