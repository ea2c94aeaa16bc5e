/// A growable byte buffer for the text and JSON hot loops.
///
/// `[UInt8].append` checks uniqueness and capacity on every byte, which dominated the profiles of
/// whitespace collapsing and JSON writing; this buffer owns its memory outright (it is
/// non-copyable), so appending is a capacity compare and a store.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 32)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(toAtLeast: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends `bytes[range]`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        append(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    mutating func append(_ string: StaticString) {
        append(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Appends `"key":`, the JSON writers' most frequent few bytes, with one capacity check and no
    /// call into `memmove` (keys are short).
    @inline(__always)
    mutating func appendKey(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        if count + length + 3 > capacity { grow(toAtLeast: count + length + 3) }
        let source = key.utf8Start
        base[count] = ASCII.quote
        for index in 0..<length { base[count + 1 + index] = source[index] }
        base[count + length + 1] = ASCII.quote
        base[count + length + 2] = ASCII.colon
        count += length + 3
    }

    mutating func append(contentsOf string: String) {
        string.withUTF8Buffer { append($0) }
    }

    /// Appends the UTF-8 encoding of a valid scalar value.
    @inline(__always)
    mutating func appendScalar(_ value: UInt32) {
        if count + 4 > capacity { grow(toAtLeast: count + 4) }
        switch value {
        case 0..<0x80:
            base[count] = UInt8(value)
            count += 1
        case 0x80..<0x800:
            base[count] = UInt8(0xC0 | (value >> 6))
            base[count + 1] = UInt8(0x80 | (value & 0x3F))
            count += 2
        case 0x800..<0x10000:
            base[count] = UInt8(0xE0 | (value >> 12))
            base[count + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
            base[count + 2] = UInt8(0x80 | (value & 0x3F))
            count += 3
        default:
            base[count] = UInt8(0xF0 | (value >> 18))
            base[count + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
            base[count + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
            base[count + 3] = UInt8(0x80 | (value & 0x3F))
            count += 4
        }
    }

    /// Lets `body` write up to `maximum` bytes in place at the end; it returns how many it wrote.
    /// For fixed-shape output (timestamps) that would otherwise check capacity on every byte.
    @inline(__always)
    mutating func appendInPlace(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + maximum > capacity { grow(toAtLeast: count + maximum) }
        count += body(base + count)
    }

    /// Forgets the bytes written, keeping the memory.
    mutating func removeAll() {
        count = 0
    }

    /// The bytes written so far; valid only until the buffer is next changed or destroyed.
    var unsafeBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Runs `body` over the bytes written so far.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The bytes as a string; invalid UTF-8 is repaired with U+FFFD.
    func makeString() -> String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }

    /// The bytes as an array.
    func makeArray() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    private mutating func grow(toAtLeast needed: Int) {
        let newCapacity = max(capacity * 2, needed)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
