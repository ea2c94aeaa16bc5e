import Foundation

/// A min-heap of (time, group) wake-ups, earliest first and, at equal times, in the order they
/// were scheduled, so flushing is deterministic.
///
/// Rescheduling a group pushes a new entry rather than finding the old one; an entry whose
/// `generation` no longer matches its group's is stale and skipped when popped.
struct DeadlineQueue: Sendable {
    struct Entry: Sendable {
        var time: Date
        var sequence: UInt64
        var key: String
        var generation: UInt64

        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var first: Entry? { heap.first }

    mutating func push(_ time: Date, key: String, generation: UInt64) {
        heap.append(Entry(time: time, sequence: nextSequence, key: key, generation: generation))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(at now: Date) -> Entry? {
        guard let top = heap.first, top.time <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
