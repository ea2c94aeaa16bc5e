import Foundation

/// The small value languages of field filters and `where:` blocks: domains, language tags, star ratings.
///
/// Shared by the query parser and `MentionFilter` so `site:reddit.com` in a query and
/// `where: { site: reddit.com }` accept and mean exactly the same thing.
enum FieldValues {
    /// A domain as written (`reddit.com`, `https://www.reddit.com/r/x`), lower-cased and reduced to its host.
    static func domain(_ text: String) -> String? {
        var value = Substring(text.lowercased())
        if let scheme = value.range(of: "://") { value = value[scheme.upperBound...] }
        if let cut = value.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { value = value[..<cut] }
        if value.hasPrefix("*.") { value = value.dropFirst(2) }
        while value.hasSuffix(".") { value = value.dropLast() }
        guard !value.isEmpty, !value.hasPrefix("."), !value.contains(".."),
            value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
        else { return nil }
        return String(value)
    }

    /// The host of a URL, lower-cased, without user info, port or trailing dot.
    static func host(ofURL url: String) -> String? {
        guard let scheme = url.utf8.firstRange(of: "://".utf8) else { return nil }
        var rest = url[scheme.upperBound...]
        if let cut = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if !rest.hasPrefix("["), let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        while rest.hasSuffix(".") { rest = rest.dropLast() }
        return rest.isEmpty ? nil : rest.lowercased()
    }

    /// True when `host` is `domain` or one of its subdomains (`www.reddit.com` for `reddit.com`).
    static func host(_ host: String, isWithin domain: String) -> Bool {
        host == domain || (host.hasSuffix(domain) && host.dropLast(domain.count).hasSuffix("."))
    }

    /// True when the text holds a `*` or `?` wildcard.
    static func hasWildcard(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x2A || $0 == 0x3F }
    }

    /// Compares ASCII case-insensitively without allocating (source kinds are checked per candidate rule).
    ///
    /// The bytes are compared in place: zipping the two `utf8` views stepped a pair of string
    /// iterators per byte, a visible share of replaying posts that carry nothing else to match.
    static func equalsIgnoringCase(_ text: String, _ lowercase: String) -> Bool {
        guard text.utf8.count == lowercase.utf8.count else { return false }
        return text.withBytes { written in
            lowercase.withBytes { expected in
                for index in written.indices {
                    let byte = written[index]
                    if (byte &- 0x41 < 26 ? byte | 0x20 : byte) != expected[index] { return false }
                }
                return true
            }
        }
    }

    /// A BCP 47 tag, lower-cased with `-` separators (`zh_Hant` → `zh-hant`).
    static func languageTag(_ text: String) -> String? {
        let tag = text.lowercased().replacingOccurrences(of: "_", with: "-")
        guard !tag.isEmpty, !tag.hasPrefix("-"), !tag.hasSuffix("-"),
            tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return nil }
        return tag
    }

    /// True when the mention's language is `tag` or a more specific tag (`zh-Hant` for `zh`); `tag`
    /// is already in `languageTag` form. Compares bytes, case-insensitively and with `_` as `-`,
    /// because it runs for every candidate rule with a `lang:` filter.
    static func language(_ language: String, matches tag: String) -> Bool {
        var written = language.utf8.makeIterator()
        for expected in tag.utf8 {
            guard var byte = written.next() else { return false }
            if byte &- 0x41 < 26 { byte |= 0x20 }
            if byte == 0x5F { byte = 0x2D }
            if byte != expected { return false }
        }
        guard let next = written.next() else { return true }
        return next == 0x2D || next == 0x5F
    }

    /// Stars as a range: `3`, `=3`, `<=2`, `<2`, `>=4`, `>4`, `1..2`.
    static func ratingRange(_ text: String) -> ClosedRange<Int>? {
        let value = text.trimmingCharacters(in: .whitespaces)
        func number(_ digits: Substring) -> Int? {
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII) else { return nil }
            return Int(digits)
        }
        if let dots = value.range(of: "..") {
            guard let low = number(value[..<dots.lowerBound]), let high = number(value[dots.upperBound...]),
                low <= high
            else { return nil }
            return low...high
        }
        for (op, make) in comparisons {
            if value.hasPrefix(op), let bound = number(value.dropFirst(op.count)) { return make(bound) }
        }
        return number(Substring(value)).map { $0...$0 }
    }

    private static let comparisons: [(String, @Sendable (Int) -> ClosedRange<Int>)] = [
        ("<=", { Int.min...$0 }),
        (">=", { $0...Int.max }),
        ("<", { Int.min...($0 - 1) }),
        (">", { ($0 + 1)...Int.max }),
        ("=", { $0...$0 }),
    ]
}
