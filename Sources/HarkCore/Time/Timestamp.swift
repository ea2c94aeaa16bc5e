public import Foundation

/// Reads and writes the time formats sources use: RFC 822/1123 with zone names or offsets
/// (RSS), RFC 3339/ISO 8601 with offsets and fractions (Atom, JSON APIs), epoch seconds.
public enum Timestamp {
    /// Parses any supported format; nil when the text is none of them.
    public static func parse(_ text: String) -> Date? {
        fatalError("not implemented")
    }

    /// A date from epoch seconds (values that can only be milliseconds are scaled down).
    public static func fromEpoch(_ value: Double) -> Date {
        fatalError("not implemented")
    }

    /// RFC 3339 in UTC with a `Z` suffix and no fraction, e.g. `2026-11-22T16:10:36Z`.
    public static func rfc3339(_ date: Date) -> String {
        fatalError("not implemented")
    }
}
