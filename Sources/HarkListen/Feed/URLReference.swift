/// Resolves relative references (RFC 3986 §5.2) so a mention's permalink is absolute even when a
/// feed writes `href="/posts/42"` or `xml:base="../blog/"`.
///
/// Foundation's `URL(string:relativeTo:)` rejects many strings feeds actually publish (spaces,
/// raw Unicode) and differs between platforms; this works on strings and never fails: a base that
/// is not absolute leaves the reference as written.
public enum URLReference {
    /// The reference resolved against `base`; the reference itself when it is already absolute
    /// or when `base` is not.
    public static func resolve(_ reference: String, against base: String) -> String {
        let reference = Parts(trimming(reference))
        if reference.scheme != nil { return reference.joined(removingDots: true) }
        let base = Parts(trimming(base))
        guard base.scheme != nil else { return reference.joined(removingDots: false) }
        var target = Parts()
        target.scheme = base.scheme
        target.fragment = reference.fragment
        if reference.authority != nil {
            target.authority = reference.authority
            target.path = removeDotSegments(reference.path)
            target.query = reference.query
            return target.joined(removingDots: false)
        }
        target.authority = base.authority
        if reference.path.isEmpty {
            target.path = base.path
            target.query = reference.query ?? base.query
        } else {
            if reference.path.hasPrefix("/") {
                target.path = removeDotSegments(reference.path)
            } else {
                target.path = removeDotSegments(merge(base: base, path: reference.path))
            }
            target.query = reference.query
        }
        return target.joined(removingDots: false)
    }

    private static func trimming(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }

    private static func merge(base: Parts, path: String) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        guard let slash = base.path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return base.path[...slash] + path
    }

    /// Removes `.` and `..` segments (RFC 3986 §5.2.4).
    static func removeDotSegments(_ path: String) -> String {
        guard hasDotSegment(path) else { return path }
        var output: [Substring] = []
        let absolute = path.hasPrefix("/")
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if absolute { segments.removeFirst() }
        var trailingSlash = false
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                trailingSlash = isLast
            case "..":
                if !output.isEmpty { output.removeLast() }
                trailingSlash = isLast
            default:
                output.append(segment)
                trailingSlash = false
            }
        }
        var result = (absolute ? "/" : "") + output.joined(separator: "/")
        if trailingSlash, !result.hasSuffix("/") { result += "/" }
        return result
    }

    /// Whether a segment starts with a dot (a cheap over-approximation of "has `.` or `..`
    /// segments"), so the common path is returned untouched.
    private static func hasDotSegment(_ path: String) -> Bool {
        var previous = UInt8(ascii: "/")
        for byte in path.utf8 {
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: "/") { return true }
            previous = byte
        }
        return false
    }

    /// A reference split into its five components (RFC 3986 appendix B).
    private struct Parts {
        var scheme: String?
        var authority: String?
        var path = ""
        var query: String?
        var fragment: String?

        init() {}

        init(_ text: Substring) {
            var rest = text
            if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
                fragment = String(rest[rest.index(after: hash)...])
                rest = rest[..<hash]
            }
            if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
                query = String(rest[rest.index(after: question)...])
                rest = rest[..<question]
            }
            if let colon = rest.utf8.firstIndex(of: UInt8(ascii: ":")), Self.isScheme(rest[..<colon]) {
                scheme = rest[..<colon].lowercased()
                rest = rest[rest.index(after: colon)...]
            }
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let end = rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
                authority = String(rest[..<end])
                rest = rest[end...]
            }
            path = String(rest)
        }

        private static func isScheme(_ text: Substring) -> Bool {
            guard let first = text.utf8.first, isLetter(first) else { return false }
            return text.utf8.allSatisfy {
                isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "+")
                    || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
            }
        }

        private static func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        func joined(removingDots: Bool) -> String {
            var result = ""
            if let scheme { result += scheme + ":" }
            if let authority { result += "//" + authority }
            result += removingDots && scheme != nil ? URLReference.removeDotSegments(path) : path
            if let query { result += "?" + query }
            if let fragment { result += "#" + fragment }
            return result
        }
    }
}
