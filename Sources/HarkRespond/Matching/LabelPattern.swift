import Foundation
import HarkCore
import Synchronization

/// A `match_re` pattern, compiled once and anchored at both ends (as in Alertmanager:
/// `topic: "bill.*"` matches `billing`, not `rebilling`).
///
/// Matching runs on label values (topic names, connector names), never on mention text, so the
/// values are short and few and even a backtracking-prone pattern cannot take long. Three things
/// keep the common cases cheap, since a general regular expression costs microseconds per call on
/// Linux: a pattern that is only literal alternatives (`billing|pricing`) becomes a set lookup,
/// `.*` and `.+` are decided without a regex, and other results are remembered per value (label
/// values repeat endlessly across alerts).
public struct LabelPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let source: String
    private let strategy: Strategy

    /// Longest accepted pattern; a longer one is almost certainly pasted by mistake.
    static let maxLength = 1000

    private enum Strategy: Sendable {
        case anything
        case nonEmpty
        case literals(Set<String>)
        case regex(NSRegularExpression, Memo)
    }

    /// Compiles `source`; an error describing the problem when it is not a valid pattern.
    public init(_ source: String) throws(PatternError) {
        guard source.utf8.count <= Self.maxLength else {
            throw PatternError(message: "pattern is longer than \(Self.maxLength) bytes")
        }
        self.source = source
        if source == ".*" {
            strategy = .anything
        } else if source == ".+" {
            strategy = .nonEmpty
        } else if let literals = Self.literalAlternatives(source) {
            strategy = .literals(literals)
        } else {
            let expression: NSRegularExpression
            do {
                expression = try NSRegularExpression(pattern: "\\A(?:" + source + ")\\z")
            } catch {
                throw PatternError(message: Self.describeInvalid(source))
            }
            strategy = .regex(expression, Memo())
        }
    }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        switch strategy {
        case .anything: return true
        case .nonEmpty: return !value.isEmpty
        case .literals(let literals): return literals.contains(value)
        case .regex(let expression, let memo):
            if let known = memo.lookup(value) { return known }
            let range = NSRange(location: 0, length: value.utf16.count)
            let result = expression.firstMatch(in: value, options: [.anchored], range: range) != nil
            memo.remember(value, result)
            return result
        }
    }

    public var description: String { source }

    public static func == (lhs: LabelPattern, rhs: LabelPattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// Why a pattern was rejected.
    public struct PatternError: Error, Sendable, Hashable {
        public var message: String
    }

    /// The alternatives of a pattern made only of literal text and `|`, optionally in one group.
    static func literalAlternatives(_ source: String) -> Set<String>? {
        var body = Substring(source)
        if body.hasPrefix("(?:"), body.hasSuffix(")") {
            body = body.dropFirst(3).dropLast()
        } else if body.hasPrefix("("), body.hasSuffix(")") {
            body = body.dropFirst().dropLast()
        }
        let special: Set<Character> = [".", "^", "$", "*", "+", "?", "(", ")", "[", "]", "{", "}", "\\"]
        guard !body.contains(where: { special.contains($0) }) else { return nil }
        return Set(body.split(separator: "|", omittingEmptySubsequences: false).map(String.init))
    }

    /// A useful message for an invalid pattern: Swift's regex parser says what it expected.
    private static func describeInvalid(_ source: String) -> String {
        do {
            _ = try Regex(source)
        } catch {
            return "invalid regular expression '\(source)': \(error)"
        }
        return "invalid regular expression '\(source)'"
    }

    /// Results per label value, shared by every copy of a pattern.
    ///
    /// A class so an immutable routing tree can still learn; the dictionary sits behind a `Mutex`
    /// because one tree is shared by every task that routes. Bounded: after `limit` values it stops
    /// remembering (label values are few; many distinct ones mean caching would not help anyway).
    private final class Memo: Sendable {
        private let results = Mutex<[String: Bool]>([:])
        private static let limit = 4096

        func lookup(_ value: String) -> Bool? {
            results.withLock { $0[value] }
        }

        func remember(_ value: String, _ result: Bool) {
            results.withLock { results in
                if results.count < Self.limit { results[value] = result }
            }
        }
    }
}
