/// The UTF-8 of a batch's texts, back to back in one buffer that keeps its memory from batch to
/// batch, so the labellers read each text in place with no string (and no reference counting).
struct TextArena: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    /// Adds `text` after the others.
    mutating func append(_ text: String) {
        text.withBytes { bytes.append(contentsOf: $0) }
        ends.append(bytes.count)
    }

    /// Forgets every text, keeping the memory.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Runs `body` with the texts read in place.
    func withViews<R>(_ body: (Views) -> R) -> R {
        bytes.withUnsafeBufferPointer { bytes in
            ends.withUnsafeBufferPointer { ends in body(Views(bytes: bytes, ends: ends)) }
        }
    }

    /// The arena's texts, each as its UTF-8 bytes.
    struct Views {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let ends: UnsafeBufferPointer<Int>

        subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            let start = index == 0 ? 0 : ends[index - 1]
            return UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])
        }
    }
}
