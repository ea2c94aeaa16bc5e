/// What the detector remembers about one group of one rule (the whole selector, or one theme of
/// `theme:*`): counts per bucket, authors of the window, evidence, and the alert it has open.
///
/// Bounded whatever the traffic: the window's fine buckets, the baseline's coarse buckets, at most
/// `authorsPerBucket` author fingerprints per fine bucket, `samples` mentions and the terms of the
/// last `recentTermMentions` mentions.
struct SpikeGroupState: Codable, Hashable, Sendable {
    /// Fine buckets of the window.
    private(set) var window: BucketRing
    /// Coarse buckets of the baseline, fed by fine buckets leaving the window.
    private(set) var history: BucketRing
    /// Author fingerprints per fine bucket of the window.
    private(set) var authors: [Int64: Set<UInt64>] = [:]
    /// Whether a bucket hit `authorsPerBucket`, making the distinct count a lower bound.
    private(set) var authorsCapped = false
    /// The latest mentions, oldest first.
    private(set) var samples: [SpikeSample] = []
    /// The terms of the latest mentions, oldest first.
    private(set) var recentTerms: [RecentTerms] = []
    /// The event time of the last alert, for the cool-down.
    var lastFired: Int64?
    /// The alert that fired and has not resolved yet.
    var open: OpenAlert?
    /// The latest event time counted.
    private(set) var lastSeen: Int64?

    static let authorsPerBucket = 256

    /// One mention's terms and when it counted.
    struct RecentTerms: Codable, Hashable, Sendable {
        var time: Int64
        var terms: [String]
    }

    /// An alert that has fired: its window start (half of its key) and when it fired.
    struct OpenAlert: Codable, Hashable, Sendable {
        var windowStart: Int64
        var firedAt: Int64
    }

    init(geometry: SpikeGeometry, head: Int64) {
        window = BucketRing(width: geometry.fineWidth, capacity: geometry.windowBuckets, head: head)
        history = BucketRing(
            width: geometry.coarseWidth, capacity: geometry.coarseBuckets,
            head: geometry.coarseBucket(ofFine: head))
    }

    /// Slides the window so its newest bucket is `head`, moving what leaves it into the baseline.
    mutating func advance(to head: Int64, geometry: SpikeGeometry) {
        guard head > window.head else { return }
        var moved: [(Int64, UInt32)] = []
        window.moveHead(to: head) { moved.append(($0, $1)) }
        for (bucket, count) in moved {
            history.add(count, at: history.bucket(of: bucket * geometry.fineWidth))
        }
        // The baseline ends where the window starts: its ring moves along even when nothing left
        // the window, so counts older than the baseline drop out.
        history.moveHead(to: geometry.coarseBucket(ofFine: window.tail - 1))
        if !authors.isEmpty {
            let tail = window.tail
            authors = authors.filter { $0.key >= tail }
        }
    }

    /// Counts one mention at event time `time` (the window already advanced to the watermark).
    /// Returns the terms of a mention that no longer fits among the recent ones, for the background.
    /// `terms` is nil for a silence rule, whose events name no terms: nothing is kept for them.
    mutating func record(
        time: Int64, author: UInt64, sample: SpikeSample, terms: [String]?, options: SpikeDetector.Options
    ) -> [String]? {
        let bucket = window.bucket(of: time)
        if bucket >= window.tail {
            window.add(1, at: bucket)
            // Changed in place: a copy taken out and put back would copy the set every time.
            if authors[bucket]?.count ?? 0 < Self.authorsPerBucket {
                authors[bucket, default: []].insert(author)
            } else if authors[bucket]?.contains(author) != true {
                authorsCapped = true
            }
        } else {
            history.add(1, at: history.bucket(of: time))
        }
        lastSeen = max(lastSeen ?? time, time)
        samples.append(sample)
        if samples.count > options.samples { samples.removeFirst(samples.count - options.samples) }
        guard let terms else { return nil }
        recentTerms.append(RecentTerms(time: time, terms: terms))
        guard recentTerms.count > options.recentTermMentions else { return nil }
        return recentTerms.removeFirst().terms
    }

    /// Mentions in the window ending with fine bucket `window.head`.
    var windowCount: Int { window.sum(window.tail...window.head) }

    /// The window's first event time.
    var windowStart: Int64 { window.tail * window.width }

    /// Distinct authors in the window (a lower bound when `authorsCapped`).
    var distinctAuthors: Int {
        var all = Set<UInt64>()
        for (_, set) in authors { all.formUnion(set) }
        return all.count
    }

    /// Mentions in the baseline before the window, and the span in milliseconds they cover: at most
    /// the rule's baseline, less when observation began later (or the far coarse bucket is cut).
    func baseline(geometry: SpikeGeometry, observedSince: Int64) -> (count: Int, span: Int64) {
        let start = windowStart
        let last = history.bucket(of: start - 1)
        var first = history.bucket(of: start - geometry.baseline)
        if first * geometry.coarseWidth < start - geometry.baseline { first += 1 }
        guard first <= last else { return (0, 0) }
        let since = max(first * geometry.coarseWidth, observedSince)
        return (history.sum(first...last), max(0, start - since))
    }

    /// Whether nothing is left to remember: no counts in the window or baseline, and no alert open.
    var isIdle: Bool { window.isEmpty && history.isEmpty && open == nil }
}
