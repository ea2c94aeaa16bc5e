import Foundation
import HarkCore

/// One theme inside the engine: its centroid, counts and lifecycle, kept in forms that are cheap to
/// update per demand (dictionaries, sets) and turned into a sorted `ThemeSnapshot.Theme` to save.
struct ThemeState {
    var id: String
    var pinnedName: String?
    var pinnedLabel: String?
    var sequence: Int
    var label: String
    var firstSeen: Date?
    var lastSeen: Date?
    var mentions = 0
    var duplicates = 0
    var authors: Set<String> = []
    /// Summed member weights per term; idf is applied at comparison time, as it keeps changing.
    var centroid: [String: Double] = [:]
    var norm: Double = 0
    var normThemes = 0
    var nextMergeCheck = 2
    var phrases: [String: ThemeSnapshot.Phrase] = [:]
    var samples: [String] = []
    /// Growth buckets, ascending by index.
    var buckets: [(index: Int, authors: Set<String>)] = []
    var emergedAt: Date?
    var growthEventAt: Date?
    var growthCheckBucket: Int?
    var growthCheckAuthors = 0
    var shippedAt: Date?
    var shipMessage: String?
    var recentAskers: [ThemeSnapshot.Asker] = []

    /// Terms a centroid keeps at most; past it, the lightest are forgotten (down to `centroidKeep`).
    static let centroidLimit = 128
    static let centroidKeep = 96
    /// Label phrases kept at most, and how many survive a pruning.
    static let phraseLimit = 48
    static let phraseKeep = 32
    static let sampleLimit = 3
    static let recentAskerLimit = 20

    init(id: String, sequence: Int, pinned: PinnedTheme? = nil) {
        self.id = id
        self.sequence = sequence
        self.pinnedName = pinned?.name
        self.pinnedLabel = pinned?.label
        self.label = pinned?.label ?? ""
    }

    var isPinned: Bool { pinnedName != nil }

    /// The label: a pinned theme's given one, else the phrase most requests share, preferring phrases
    /// to single words (a two-word phrase used by half as many requests still wins over its word) and,
    /// among equals, the one nearer the start of its request, where the object usually stands.
    mutating func relabel() {
        if let pinnedLabel {
            label = pinnedLabel
            return
        }
        var best: ThemeSnapshot.Phrase?
        var bestScore = -1.0
        for phrase in phrases.values {
            let score = Double(phrase.count) * Self.lengthBonus(phrase)
            if score > bestScore + 1e-9
                || (abs(score - bestScore) <= 1e-9 && best.map { Self.precedes(phrase, $0) } == true)
            {
                best = phrase
                bestScore = score
            }
        }
        if let best { label = best.display }
    }

    private static func lengthBonus(_ phrase: ThemeSnapshot.Phrase) -> Double {
        let isCharacters = phrase.key.unicodeScalars.contains { $0.value >= 0x2E80 } && !phrase.key.contains(" ")
        if isCharacters { return [1.0, 1.0, 1.0, 1.3, 1.5, 1.6, 1.7][min(phrase.length, 6)] }
        return [1.0, 1.0, 2.0, 2.4][min(phrase.length, 3)]
    }

    private static func precedes(_ a: ThemeSnapshot.Phrase, _ b: ThemeSnapshot.Phrase) -> Bool {
        (a.position, -a.length, a.key) < (b.position, -b.length, b.key)
    }

    /// Adds one request's phrases, forgetting the rarest when there are too many.
    mutating func addPhrases(_ new: [ThemeSnapshot.Phrase]) {
        for phrase in new {
            if phrases[phrase.key] != nil {
                phrases[phrase.key]!.count += phrase.count
            } else {
                phrases[phrase.key] = phrase
            }
        }
        if phrases.count > Self.phraseLimit {
            let kept = phrases.values.sorted { ($0.count, -$0.position, $1.key) > ($1.count, -$1.position, $0.key) }
                .prefix(Self.phraseKeep)
            phrases = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0) })
        }
    }

    /// Distinct authors in the buckets `(current - span, current]`.
    func authors(inBucketsAfter lower: Int, through upper: Int) -> Int {
        var seen: Set<String> = []
        for bucket in buckets where bucket.index > lower && bucket.index <= upper {
            seen.formUnion(bucket.authors)
        }
        return seen.count
    }

    /// Records `author` in bucket `index` and forgets buckets at or before `oldest`.
    mutating func record(author: String, bucket index: Int, forgettingThrough oldest: Int) {
        buckets.removeAll { $0.index <= oldest }
        if index <= oldest { return }
        if let at = buckets.firstIndex(where: { $0.index >= index }) {
            if buckets[at].index == index {
                buckets[at].authors.insert(author)
            } else {
                buckets.insert((index, [author]), at: at)
            }
        } else {
            buckets.append((index, [author]))
        }
    }

    mutating func addAsker(_ asker: ThemeSnapshot.Asker) {
        recentAskers.append(asker)
        if recentAskers.count > Self.recentAskerLimit { recentAskers.removeFirst(recentAskers.count - Self.recentAskerLimit) }
    }
}
