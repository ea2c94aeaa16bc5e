/// The texts seen recently, so a retweet or a copy-paste of a demand counts once.
///
/// Bounded: it remembers the last `limit` texts (first in, first out), enough to catch copies that
/// travel within days while keeping memory flat on a stream of millions.
struct DuplicateMemory {
    static let limit = 50_000
    private(set) var order: [(key: UInt64, theme: String)] = []
    private var head = 0
    private var themes: [UInt64: String] = [:]

    func theme(for key: UInt64) -> String? { themes[key] }

    mutating func remember(_ key: UInt64, theme: String) {
        guard themes[key] == nil else { return }
        themes[key] = theme
        if order.count - head >= Self.limit {
            themes[order[head].key] = nil
            head += 1
            if head >= Self.limit {
                order.removeFirst(head)
                head = 0
            }
        }
        order.append((key, theme))
    }

    /// Remembered texts, oldest first.
    var entries: ArraySlice<(key: UInt64, theme: String)> { order[head...] }
}
