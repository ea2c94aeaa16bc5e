/// Counts per fixed-width time bucket for the most recent `capacity` buckets, in a ring.
///
/// Spike detection needs "how many in this stretch of time", never the individual timestamps, so a
/// rule's memory is a handful of integers however busy its selector is. Bucket `n` covers event times
/// `[n × width, (n + 1) × width)` in milliseconds since 1970, so rings of the same width agree on
/// their edges everywhere.
struct BucketRing: Codable, Hashable, Sendable {
    /// Bucket width in milliseconds.
    let width: Int64
    private(set) var counts: [UInt32]
    /// The newest bucket the ring covers; it covers `head - capacity + 1 ... head`.
    private(set) var head: Int64

    init(width: Int64, capacity: Int, head: Int64) {
        self.width = width
        self.counts = [UInt32](repeating: 0, count: capacity)
        self.head = head
    }

    var capacity: Int { counts.count }
    /// The oldest bucket the ring covers.
    var tail: Int64 { head - Int64(capacity) + 1 }
    /// The bucket holding event time `time`.
    func bucket(of time: Int64) -> Int64 { SpikeGeometry.floorDivide(time, width) }

    private func slot(_ bucket: Int64) -> Int {
        let capacity = Int64(counts.count)
        return Int(((bucket % capacity) + capacity) % capacity)
    }

    /// The count of `bucket`; zero outside the ring.
    func count(_ bucket: Int64) -> UInt32 {
        bucket > head || bucket < tail ? 0 : counts[slot(bucket)]
    }

    /// The total of the buckets in `range` that the ring covers.
    func sum(_ range: ClosedRange<Int64>) -> Int {
        let lower = max(range.lowerBound, tail)
        let upper = min(range.upperBound, head)
        guard lower <= upper else { return 0 }
        // Walk slots with plain integers: this runs for every group at every bucket edge.
        var total = 0
        var index = slot(lower)
        var remaining = Int(upper - lower) + 1
        counts.withUnsafeBufferPointer { counts in
            while remaining > 0 {
                total &+= Int(counts[index])
                index += 1
                if index == counts.count { index = 0 }
                remaining -= 1
            }
        }
        return total
    }

    /// Whether every covered bucket is zero.
    var isEmpty: Bool { counts.allSatisfy { $0 == 0 } }

    /// Moves the newest bucket forward to `bucket`, handing each non-empty bucket that falls out of
    /// the ring to `evicted` (oldest first). Never moves backwards.
    mutating func moveHead(to bucket: Int64, evicted: (Int64, UInt32) -> Void = { _, _ in }) {
        guard bucket > head else { return }
        let firstLeaving = tail
        let lastLeaving = min(bucket - Int64(capacity), head)
        if firstLeaving <= lastLeaving {
            for leaving in firstLeaving...lastLeaving {
                let index = slot(leaving)
                if counts[index] > 0 { evicted(leaving, counts[index]) }
                counts[index] = 0
            }
        }
        head = bucket
    }

    /// Adds `amount` to `bucket`, moving the head forward when the bucket is newer; false (nothing
    /// added) when the bucket is older than the ring.
    @discardableResult
    mutating func add(_ amount: UInt32, at bucket: Int64) -> Bool {
        if bucket > head { moveHead(to: bucket) }
        guard bucket >= tail else { return false }
        let index = slot(bucket)
        counts[index] &+= amount
        return true
    }
}
