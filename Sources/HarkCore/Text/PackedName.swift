/// A short ASCII name (up to 16 bytes) packed into two integers.
///
/// Tag and entity names are looked up thousands of times per page; comparing two integers beats
/// creating a `String` and hashing it, which is what the profile of `PlainText.fromHTML` showed.
struct PackedName: Comparable, Hashable, Sendable {
    /// The longest name that packs.
    static let maximumLength = 16

    private var high: UInt64 = 0
    private var low: UInt64 = 0

    /// Packs `bytes[range]`, lower-cased when asked; nil when it is longer than 16 bytes.
    @inline(__always)
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercased: Bool = false) {
        guard range.count <= Self.maximumLength else { return nil }
        for (offset, index) in range.enumerated() {
            let byte = lowercased ? ASCII.lowercased(bytes[index]) : bytes[index]
            // Big-endian packing keeps integer order equal to byte order; zero padding sorts first.
            if offset < 8 {
                high |= UInt64(byte) << (56 - 8 * offset)
            } else {
                low |= UInt64(byte) << (56 - 8 * (offset - 8))
            }
        }
    }

    /// Packs a name written in the source; nil when it is longer than 16 bytes.
    init?(_ name: String) {
        guard let packed = name.withUTF8Buffer({ PackedName($0, 0..<$0.count) }) else { return nil }
        self = packed
    }

    static func < (lhs: PackedName, rhs: PackedName) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

/// A read-only map from packed names to values, searched by bisection (no hashing).
struct PackedNameTable<Value: Sendable>: Sendable {
    private let keys: [PackedName]
    private let values: [Value]

    /// A table of the names that pack; longer names are left out (callers handle them separately).
    init(_ entries: some Sequence<(String, Value)>) {
        var packed: [(PackedName, Value)] = []
        for (name, value) in entries {
            if let key = PackedName(name) { packed.append((key, value)) }
        }
        packed.sort { $0.0 < $1.0 }
        var keys: [PackedName] = []
        var values: [Value] = []
        for (key, value) in packed where keys.last != key {
            keys.append(key)
            values.append(value)
        }
        self.keys = keys
        self.values = values
    }

    /// The value for `key`, if present.
    func value(for key: PackedName) -> Value? {
        var lower = 0
        var upper = keys.count
        while lower < upper {
            let middle = (lower + upper) / 2
            let candidate = keys[middle]
            if candidate == key { return values[middle] }
            if candidate < key { lower = middle + 1 } else { upper = middle }
        }
        return nil
    }

    func contains(_ key: PackedName) -> Bool { value(for: key) != nil }
}
