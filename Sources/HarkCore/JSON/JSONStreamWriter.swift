public import Foundation

/// Writes compact JSON straight into bytes, one value at a time, with `JSONWriter`'s escaping and
/// number format.
///
/// For hot paths that would otherwise build a `JSONValue` tree only to serialise it: `hark replay`
/// writes every labelled mention of a chunk into one writer. Commas between members and elements
/// are placed automatically; keeping objects and arrays balanced is the caller's job.
public struct JSONStreamWriter: ~Copyable {
    private var buffer: ByteBuffer
    /// True at the start of a container, after a key and after `newline()`: no comma goes before
    /// the next value.
    private var atStart = true

    /// An empty writer; `capacity` is a first guess at the output size in bytes.
    public init(capacity: Int = 256) {
        buffer = ByteBuffer(capacity: capacity)
    }

    /// Bytes written so far.
    public var count: Int { buffer.count }

    /// The output so far.
    public var bytes: [UInt8] { buffer.makeArray() }

    /// Runs `body` over the output so far, without copying it.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(buffer.unsafeBytes)
    }

    /// Forgets the output so far, keeping the memory for what comes next.
    public mutating func removeAll() {
        buffer.removeAll()
    }

    /// The output so far as text.
    public var string: String { buffer.makeString() }

    public mutating func beginObject() {
        separate()
        buffer.append(ASCII.leftBrace)
        atStart = true
    }

    public mutating func endObject() {
        buffer.append(ASCII.rightBrace)
        atStart = false
    }

    public mutating func beginArray() {
        separate()
        buffer.append(ASCII.leftBracket)
        atStart = true
    }

    public mutating func endArray() {
        buffer.append(ASCII.rightBracket)
        atStart = false
    }

    /// Writes a member's key; its value comes next.
    public mutating func key(_ key: StaticString) {
        separate()
        buffer.appendKey(key)
        atStart = true
    }

    /// Writes a member's key that is not known in advance (escaped as needed); its value comes next.
    public mutating func dynamicKey(_ key: String) {
        separate()
        JSONWriter.appendString(key, to: &buffer)
        buffer.append(ASCII.colon)
        atStart = true
    }

    public mutating func string(_ string: String) {
        separate()
        JSONWriter.appendString(string, to: &buffer)
    }

    /// A number as `JSONWriter` writes it (`null` when not finite).
    public mutating func number(_ number: Double) {
        separate()
        JSONWriter.appendNumber(number, to: &buffer)
    }

    /// A time as an RFC 3339 string, as `Timestamp.rfc3339` writes it.
    public mutating func timestamp(_ date: Date) {
        separate()
        buffer.append(ASCII.quote)
        Timestamp.appendRFC3339(date, to: &buffer)
        buffer.append(ASCII.quote)
    }

    public mutating func bool(_ bool: Bool) {
        separate()
        buffer.append(bool ? "true" : "false")
    }

    /// Any value, written as `JSONWriter.string(value)` would.
    public mutating func value(_ value: JSONValue) {
        separate()
        JSONWriter.append(value, to: &buffer)
    }

    /// Appends bytes that are already JSON and continue the open container, such as a key with the
    /// comma before it and the colon after (`,"topics":[`): one copy where `key`, `beginArray` and
    /// the commas would be a call each. A fragment ending in `[`, `{` or `:` expects a value next
    /// (no comma before it). Keeping the document valid is the caller's job.
    public mutating func fragment(_ text: StaticString) {
        let count = text.utf8CodeUnitCount
        guard count > 0 else { return }
        buffer.appendInPlace(maximum: count) { out in
            let source = text.utf8Start
            for index in 0..<count { out[index] = source[index] }
            return count
        }
        let last = text.utf8Start[count - 1]
        atStart = last == ASCII.leftBracket || last == ASCII.leftBrace || last == ASCII.colon
    }

    /// Appends bytes that are already JSON (a line rendered earlier, newline included or not) as they are.
    public mutating func raw(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { buffer.append($0) }
        atStart = bytes.last == ASCII.newline
    }

    /// Appends text that is already JSON as it is.
    public mutating func raw(_ text: String) {
        buffer.append(contentsOf: text)
        atStart = false
    }

    /// Writes members of the open object (or elements of the open array) straight into reserved
    /// memory: `body` writes at most `maximum` bytes through the cursor, starting with a member
    /// (no comma; one is put before it when due) and keeping its own commas. See `JSONCursor`.
    mutating func members(maximum: Int, _ body: (inout JSONCursor) -> Void) {
        let comma = !atStart
        buffer.appendInPlace(maximum: maximum + 1) { base in
            var cursor = JSONCursor(base)
            if comma { cursor.byte(ASCII.comma) }
            body(&cursor)
            return cursor.pointer - base
        }
        atStart = false
    }

    /// Ends a JSON line: the next value starts a new document.
    public mutating func newline() {
        buffer.append(ASCII.newline)
        atStart = true
    }

    @inline(__always)
    private mutating func separate() {
        if !atStart { buffer.append(ASCII.comma) }
        atStart = false
    }
}
