/// What a selector term accepts as a label's value: anything (`*`), a literal (`billing`) or a
/// wildcard (`billing-*`, `*-refund`, `a*b`).
///
/// Values are label names, ids and tags that people type in rule files, so matching ignores ASCII
/// case (`topic:Billing` selects the `billing` topic); other characters must match exactly. `*` is
/// the only wildcard and is matched without backtracking (segments placed leftmost), so a pattern
/// can never make matching slow.
public struct SelectorPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    /// The pattern split at `*`, folded to ASCII lower case: one segment means no wildcard.
    private let segments: [[UInt8]]
    /// `language:en` also matches `en-US`: BCP 47 tags start with their primary language.
    private let matchesSubtags: Bool

    /// A pattern for `text`; `subtags` makes a literal also match values that continue with `-…`.
    init(_ text: String, subtags: Bool = false) {
        self.text = text
        self.segments = text.utf8.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false)
            .map { $0.map(Self.lower) }
        self.matchesSubtags = subtags && segments.count == 1 && !text.contains("-")
    }

    /// True when the pattern is `*` alone: every value matches.
    public var isAny: Bool { segments.count == 2 && segments[0].isEmpty && segments[1].isEmpty }
    /// True when the pattern holds a `*`.
    public var isWildcard: Bool { segments.count > 1 }

    public var description: String { text }

    /// Whether `value` matches.
    func matches(_ value: String) -> Bool {
        if isAny { return true }
        var value = value
        return value.withUTF8 { matches(bytes: $0) }
    }

    private func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = segments[0]
        if segments.count == 1 {
            if bytes.count == first.count { return fits(first, bytes, at: 0) }
            return matchesSubtags && bytes.count > first.count && bytes[first.count] == UInt8(ascii: "-")
                && fits(first, bytes, at: 0)
        }
        let last = segments[segments.count - 1]
        guard first.count + last.count <= bytes.count, fits(first, bytes, at: 0),
            fits(last, bytes, at: bytes.count - last.count)
        else { return false }
        var cursor = first.count
        let limit = bytes.count - last.count
        for segment in segments.dropFirst().dropLast() where !segment.isEmpty {
            var found: Int?
            var offset = cursor
            while offset + segment.count <= limit {
                if fits(segment, bytes, at: offset) {
                    found = offset
                    break
                }
                offset += 1
            }
            guard let found else { return false }
            cursor = found + segment.count
        }
        return true
    }

    private func fits(_ segment: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        for index in segment.indices where Self.lower(bytes[offset + index]) != segment[index] {
            return false
        }
        return true
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
