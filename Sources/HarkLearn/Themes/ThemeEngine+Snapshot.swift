public import Foundation
public import HarkCore

/// Saving the engine to a `ThemeSnapshot` and continuing from one.
extension ThemeEngine {
    /// Everything needed to continue exactly from here, in a deterministic order. The askers and
    /// retired ids since the last `didSave()` ride along for the store to append.
    public func snapshot() -> ThemeSnapshot {
        var terms: [ThemeSnapshot.Term] = []
        let texts = Set(themeFrequency.keys).union(postings.keys).sorted()
        terms.reserveCapacity(texts.count)
        for text in texts {
            terms.append(
                ThemeSnapshot.Term(
                    text: text, themeFrequency: themeFrequency[text] ?? 0,
                    themes: (postings[text] ?? []).map { slots[$0.slot]!.id }))
        }
        let themes = slots.compactMap { $0 }.sorted { $0.sequence < $1.sequence }.map(record)
        return ThemeSnapshot(
            documents: documents, nextSequence: nextSequence, clock: clock, terms: terms, themes: themes,
            aliases: aliases, duplicates: duplicates.entries.map { .init(key: $0.key, theme: $0.theme) },
            retired: retired, newAskers: newAskers)
    }

    /// Forgets the askers and retired ids handed out by the last `snapshot()`, once the store has
    /// them. Until then they stay, so a failed save loses nothing.
    public mutating func didSave() {
        newAskers.removeAll()
        retired.removeAll()
    }

    /// An engine that continues from `snapshot` under `settings`. Pinned themes new in the settings
    /// are added; themes no longer pinned become ordinary themes; pinned labels follow the settings.
    public init(settings: ThemeSettings, restoring snapshot: ThemeSnapshot) {
        self.init(settings: settings, pinning: false)
        documents = snapshot.documents
        nextSequence = snapshot.nextSequence
        clock = snapshot.clock
        aliases = snapshot.aliases
        retired = snapshot.retired
        newAskers = snapshot.newAskers
        let pinnedByName = Dictionary(settings.pinned.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for record in snapshot.themes.sorted(by: { $0.sequence < $1.sequence }) {
            var theme = Self.state(record)
            if let name = theme.pinnedName {
                if let pinned = pinnedByName[name] {
                    theme.pinnedLabel = pinned.label
                } else {
                    theme.pinnedName = nil
                    theme.pinnedLabel = nil
                }
                theme.relabel()
            }
            _ = store(theme)
        }
        for term in snapshot.terms {
            if term.themeFrequency > 0 { themeFrequency[term.text] = term.themeFrequency }
            var list: [Posting] = []
            for id in term.themes {
                guard let slot = slotByID[id], let weight = slots[slot]!.centroid[term.text] else { continue }
                list.append(Posting(slot: slot, weight: weight))
            }
            if !list.isEmpty { postings[term.text] = list }
        }
        for entry in snapshot.duplicates { duplicates.remember(entry.key, theme: entry.theme) }
        for pinned in settings.pinned where slotByID[pinned.name] == nil { addPinned(pinned) }
    }

    func record(_ theme: ThemeState) -> ThemeSnapshot.Theme {
        ThemeSnapshot.Theme(
            id: theme.id, pinnedName: theme.pinnedName, label: theme.label, sequence: theme.sequence,
            firstSeen: theme.firstSeen, lastSeen: theme.lastSeen, mentions: theme.mentions,
            duplicates: theme.duplicates, authors: theme.authors.sorted(),
            centroid: theme.centroid.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { .init(term: $0.key, weight: $0.value) },
            norm: theme.norm, normThemes: theme.normThemes, nextMergeCheck: theme.nextMergeCheck,
            phrases: theme.phrases.values.sorted { $0.key < $1.key }, samples: theme.samples,
            buckets: theme.buckets.map { .init(index: $0.index, authors: $0.authors.sorted()) },
            emergedAt: theme.emergedAt, growthEventAt: theme.growthEventAt,
            growthCheckBucket: theme.growthCheckBucket, growthCheckAuthors: theme.growthCheckAuthors,
            shippedAt: theme.shippedAt,
            shipMessage: theme.shipMessage, recentAskers: theme.recentAskers)
    }

    static func state(_ record: ThemeSnapshot.Theme) -> ThemeState {
        var theme = ThemeState(id: record.id, sequence: record.sequence)
        theme.pinnedName = record.pinnedName
        theme.label = record.label
        theme.firstSeen = record.firstSeen
        theme.lastSeen = record.lastSeen
        theme.mentions = record.mentions
        theme.duplicates = record.duplicates
        theme.authors = Set(record.authors)
        theme.centroid = Dictionary(record.centroid.map { ($0.term, $0.weight) }, uniquingKeysWith: +)
        theme.norm = record.norm
        theme.normThemes = record.normThemes
        theme.nextMergeCheck = record.nextMergeCheck
        theme.phrases = Dictionary(record.phrases.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        theme.samples = record.samples
        theme.buckets = record.buckets.sorted { $0.index < $1.index }.map { ($0.index, Set($0.authors)) }
        theme.emergedAt = record.emergedAt
        theme.growthEventAt = record.growthEventAt
        theme.growthCheckBucket = record.growthCheckBucket
        theme.growthCheckAuthors = record.growthCheckAuthors
        theme.shippedAt = record.shippedAt
        theme.shipMessage = record.shipMessage
        theme.recentAskers = record.recentAskers
        return theme
    }
}
