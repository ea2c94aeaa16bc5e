/// A wildcard word (`wo?d`, `ch*ge`, `*bank`) matched without backtracking.
///
/// Queries come from rule files anyone can edit, so a pattern must never be able to stall the matcher
/// the way a regular expression with nested repetition can. A glob splits at its `*`s into segments;
/// the first segment is anchored at the start, the last at the end, and each middle segment is placed
/// at its leftmost fit. Leftmost placement is always safe for globs, so the cost is at most
/// (word length × pattern length) and never exponential.
struct GlobPattern: Sendable, Hashable {
    /// `?` inside a segment.
    static let anyCharacter: UInt32 = 0xFFFF_FFFF

    /// The pattern split at `*`: at least one segment; `count == 1` means no `*` at all.
    let segments: [[UInt32]]

    init(_ pattern: String) {
        var segments: [[UInt32]] = [[]]
        for scalar in pattern.unicodeScalars {
            switch scalar {
            case "*": segments.append([])
            case "?": segments[segments.count - 1].append(Self.anyCharacter)
            default: segments[segments.count - 1].append(scalar.value)
            }
        }
        self.segments = segments
    }

    /// True when the whole of `text` (scalars) matches the pattern.
    func matches(_ text: [UInt32]) -> Bool {
        guard let first = segments.first, let last = segments.last else { return false }
        if segments.count == 1 { return text.count == first.count && fits(first, in: text, at: 0) }
        guard first.count + last.count <= text.count, fits(first, in: text, at: 0),
            fits(last, in: text, at: text.count - last.count)
        else { return false }
        var cursor = first.count
        let limit = text.count - last.count
        for segment in segments.dropFirst().dropLast() where !segment.isEmpty {
            guard let found = leftmost(segment, in: text, from: cursor, limit: limit) else { return false }
            cursor = found + segment.count
        }
        return true
    }

    private func fits(_ segment: [UInt32], in text: [UInt32], at offset: Int) -> Bool {
        for (index, expected) in segment.enumerated()
        where expected != Self.anyCharacter && text[offset + index] != expected {
            return false
        }
        return true
    }

    private func leftmost(_ segment: [UInt32], in text: [UInt32], from start: Int, limit: Int) -> Int? {
        guard start + segment.count <= limit else { return nil }
        for offset in start...(limit - segment.count) where fits(segment, in: text, at: offset) {
            return offset
        }
        return nil
    }
}
