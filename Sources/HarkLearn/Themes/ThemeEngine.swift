public import Foundation
public import HarkCore

/// Online clustering of demand mentions into themes: each demand joins the closest theme or starts a
/// new one as it arrives, with no batch pass over history and no number of themes given in advance.
///
/// How a demand is compared: its request words (stemmed, brand and filler words dropped), pairs of
/// neighbouring request words, and the rest of the post at a lower weight are weighted by inverse
/// document frequency learned from the stream itself, so words every demand uses (the brand, "app")
/// fade on their own. The demand joins the theme whose centroid is most similar (cosine) if that is
/// at least `similarity`. Candidates come from an inverted index from terms to the themes that use
/// them most, capped per term, so the cost of one demand does not grow with the number of themes.
/// When a demand is close to two themes, or a theme has grown by half since it last looked, the
/// theme compares its centroid with its neighbours' and merges with one that turned out to be the
/// same request; the older id survives and the other becomes an alias.
///
/// Concurrency: a value type used from one task (the pipeline's theme stage). It is not `Sendable`
/// on purpose: clustering is inherently sequential (each demand sees the themes the previous ones
/// made), and keeping it single-owner needs no locks. Copying it is possible but copies every theme.
///
/// Determinism: the same demands in the same order give the same themes, ids and events, in any
/// process; nothing depends on hash seeds or dictionary order. `snapshot()` and
/// `init(settings:restoring:)` continue exactly where it stopped.
public struct ThemeEngine {
    /// The settings it was created with.
    public let settings: ThemeSettings

    var slots: [ThemeState?] = []
    var freeSlots: [Int] = []
    var slotByID: [String: Int] = [:]
    var aliases: [String: String] = [:]
    var themeFrequency: [String: Int] = [:]
    var postings: [String: [Posting]] = [:]
    var documents = 0
    var nextSequence = 0
    var clock: Date?
    var duplicates = DuplicateMemory()
    var retired: [String] = []
    var newAskers: [ThemeSnapshot.Asker] = []
    var liveCount = 0
    let ignored: Set<String>
    /// `ignored` and the stop-word lists as byte-keyed tables, for reading demands.
    let vocabulary: ThemeVocabulary
    let seeds: [(theme: String, keys: [String])]
    var scratch: [Double] = []
    var touched: [Int] = []

    /// One entry of the inverted index: a theme and its centroid weight for the term.
    struct Posting {
        var slot: Int
        var weight: Double
    }

    /// Themes listed per term at most: the ones that use the term most.
    static let postingLimit = 32

    /// Creates an engine with the pinned themes of `settings` and nothing learned yet.
    public init(settings: ThemeSettings = ThemeSettings()) {
        self.init(settings: settings, pinning: true)
    }

    init(settings: ThemeSettings, pinning: Bool) {
        self.settings = settings
        var ignored: Set<String> = []
        for word in settings.ignore {
            for key in ThemeTerms.fold(word) {
                ignored.insert(key)
            }
            for unit in ThemeTerms.units(word) { ignored.insert(unit.surface.lowercased()) }
        }
        self.ignored = ignored
        self.vocabulary = ThemeVocabulary(ignoring: ignored)
        var seeds: [(String, [String])] = []
        for pinned in settings.pinned {
            for seed in pinned.seeds {
                let keys = ThemeTerms.fold(seed)
                if !keys.isEmpty { seeds.append((pinned.name, keys)) }
            }
        }
        self.seeds = seeds
        if pinning {
            for pinned in settings.pinned { addPinned(pinned) }
        }
    }

    /// Creates the pinned theme `pinned` with its seeds as its first centroid.
    mutating func addPinned(_ pinned: PinnedTheme) {
        guard slotByID[pinned.name] == nil else { return }
        var theme = ThemeState(id: pinned.name, sequence: nextSequence, pinned: pinned)
        nextSequence += 1
        for seed in pinned.seeds {
            for term in ThemeDocument.terms(ThemeTerms.units(seed, ignoring: ignored)) {
                if theme.centroid[term] == nil { countTerm(term, by: 1) }
                theme.centroid[term, default: 0] += 1
            }
        }
        let slot = store(theme)
        for term in slots[slot]!.centroid.keys.sorted() { updatePosting(term, slot: slot) }
    }

    // MARK: Adding demands

    /// Clusters one demand and returns where it went and what that caused.
    ///
    /// `receivedAt` is when hark received it (the daemon's clock); event times later than it by
    /// more than `max_future`, or earlier by more than `max_age`, are clamped to those bounds. With
    /// no `receivedAt` (a replay of history) only times older than `max_age` before the engine's
    /// clock are clamped.
    public mutating func add(_ demand: DemandMention, receivedAt: Date? = nil) -> ThemeAssignment {
        let (time, clampedFrom) = eventTime(demand.publishedAt, receivedAt: receivedAt)
        if clock.map({ time > $0 }) ?? true { clock = time }
        let document = ThemeDocument(demand, vocabulary: vocabulary, keepingPostKeys: !seeds.isEmpty)

        if let key = document.duplicateKey, let original = duplicates.theme(for: key),
            let slot = slotByID[resolve(original)]
        {
            slots[slot]!.duplicates += 1
            recordAsker(demand, slot: slot, at: time, duplicate: true)
            return ThemeAssignment(
                themeID: update(slot) { $0.id }, createdTheme: false, isDuplicate: true, eventTime: time,
                clampedFrom: clampedFrom, events: [])
        }

        var events: [ThemeEvent] = []
        var created = false
        let ranked = rank(document)
        var slot: Int
        if let pinned = seedMatch(document) {
            slot = pinned
        } else if let best = ranked.first, best.similarity >= settings.similarity {
            slot = best.slot
        } else {
            slot = store(ThemeState(id: newID(document), sequence: nextSequence))
            nextSequence += 1
            created = true
        }
        join(slot, document: document, demand: demand, at: time)
        countDocument(document)
        if let key = document.duplicateKey { duplicates.remember(key, theme: update(slot) { $0.id }) }

        let wasEmerged = update(slot) { $0.emergedAt != nil }
        // A demand close to two themes says they may be one: compare them.
        if let second = ranked.first(where: { $0.slot != slot && $0.similarity >= settings.similarity }) {
            slot = mergeIfSame(slot, second.slot, events: &events)
        }
        let mergeCheckDue = update(slot) { theme in
            guard theme.mentions >= theme.nextMergeCheck else { return false }
            theme.nextMergeCheck = Int((Double(theme.mentions) * 1.5).rounded(.up))
            return true
        }
        if mergeCheckDue { slot = mergeWithNeighbours(slot, events: &events) }
        checkLifecycle(slot, wasEmerged: wasEmerged, events: &events)
        if liveCount > settings.maxThemes { retireQuietThemes() }
        return ThemeAssignment(
            themeID: update(slot) { $0.id }, createdTheme: created, isDuplicate: false, eventTime: time,
            clampedFrom: clampedFrom, events: events)
    }

    /// The event time: `published_at` moved into `[reference − max_age, receivedAt + max_future]`.
    func eventTime(_ published: Date, receivedAt: Date?) -> (Date, Date?) {
        var time = published
        if let receivedAt {
            let latest = receivedAt.addingTimeInterval(settings.maxFuture.seconds)
            if time > latest { time = latest }
        }
        if let reference = receivedAt ?? clock {
            let earliest = reference.addingTimeInterval(-settings.maxAge.seconds)
            if time < earliest { time = earliest }
        }
        return (time, time == published ? nil : published)
    }

    /// A new theme's id: `t-`, the creation number in base 36, and four hex digits of a stable hash
    /// of the first request. The creation number only grows (and is saved), so no id is ever reused,
    /// even for themes long retired; the hash part makes ids of different streams look different.
    func newID(_ document: ThemeDocument) -> String {
        let hash = StableHash.of(document.terms.joined(separator: "|"))
        return "t-" + String(nextSequence, radix: 36) + String(String(hash & 0xFFFF, radix: 16)).leftPadded(to: 4)
    }

    /// The pinned theme whose seed phrase occurs in the demand's post, if any (first pinned wins).
    func seedMatch(_ document: ThemeDocument) -> Int? {
        guard !seeds.isEmpty else { return nil }
        for (theme, keys) in seeds where Self.contains(document.postKeys, keys) {
            if let slot = slotByID[theme] { return slot }
        }
        return nil
    }

    static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The id a theme answers to now (itself, or the theme it was merged into).
    func resolve(_ id: String) -> String {
        var id = id
        var hops = 0
        while let next = aliases[id], hops < 64 {
            id = next
            hops += 1
        }
        return id
    }

    /// Puts a theme in a free slot.
    mutating func store(_ theme: ThemeState) -> Int {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = theme
        } else {
            slot = slots.count
            slots.append(theme)
            scratch.append(0)
        }
        slotByID[theme.id] = slot
        liveCount += 1
        return slot
    }

    /// Removes a theme from memory and from the index.
    mutating func remove(_ slot: Int) {
        guard let theme = slots[slot] else { return }
        for term in theme.centroid.keys {
            removePosting(term, slot: slot)
            countTerm(term, by: -1)
        }
        slotByID[theme.id] = nil
        slots[slot] = nil
        freeSlots.append(slot)
        liveCount -= 1
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
