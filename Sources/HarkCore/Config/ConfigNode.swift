import Foundation

/// Where something sits in a configuration file, for messages in `FILE:LINE:COL` form.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A problem in a configuration file, reported as `FILE:LINE:COL: message` like a compiler.
///
/// Marketing teams edit these files by hand; an error that does not say where is an error
/// nobody can fix, so every configuration failure carries its position.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String

    public init(_ message: String, at position: SourcePosition) {
        self.position = position
        self.message = message
    }

    public var description: String { "\(position): \(message)" }
}

/// Several configuration errors at once, so `hark check` can report every one in a single run.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A parsed configuration value (from YAML) that remembers where it was written.
///
/// The core reads configuration through this type rather than through a YAML library, so rule and
/// connector models stay free of parsing dependencies and every accessor can throw an error that
/// points at the exact spot in the file.
public struct ConfigNode: Sendable, Hashable {
    /// The shape of a node.
    public enum Kind: Sendable, Hashable {
        case null
        case scalar(String)
        case sequence([ConfigNode])
        case mapping([Entry])
    }

    /// One key/value pair of a mapping, in file order.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var keyPosition: SourcePosition
        public var value: ConfigNode

        public init(key: String, keyPosition: SourcePosition, value: ConfigNode) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    public var kind: Kind
    public var position: SourcePosition
    /// True when a scalar was written in quotes, so `"5"` and `5` can be told apart where it matters.
    public var isQuoted: Bool

    public init(_ kind: Kind, at position: SourcePosition, quoted: Bool = false) {
        self.kind = kind
        self.position = position
        self.isQuoted = quoted
    }

    /// A short name for the node's shape, for messages ("expected a list, found a mapping").
    public var shapeName: String {
        switch kind {
        case .null: "nothing"
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    func error(_ message: String) -> ConfigError { ConfigError(message, at: position) }

    /// The scalar as a string; an error naming `what` otherwise.
    public func string(_ what: String = "value") throws(ConfigError) -> String {
        guard case .scalar(let text) = kind else {
            throw error("expected \(what) to be a string, found \(shapeName)")
        }
        return text
    }

    /// The scalar as a whole number.
    public func int(_ what: String = "value") throws(ConfigError) -> Int {
        let text = try string(what)
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected \(what) to be a whole number, found '\(text)'")
        }
        return value
    }

    /// The scalar as a number.
    public func double(_ what: String = "value") throws(ConfigError) -> Double {
        let text = try string(what)
        guard let value = Double(text) else {
            throw error("expected \(what) to be a number, found '\(text)'")
        }
        return value
    }

    /// The scalar as a boolean (`true`/`false`, `yes`/`no`, `on`/`off`).
    public func bool(_ what: String = "value") throws(ConfigError) -> Bool {
        let text = try string(what)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected \(what) to be true or false, found '\(text)'")
        }
    }

    /// The scalar as a duration (`30s`, `5m`, `1h30m`, `7d`).
    public func duration(_ what: String = "duration") throws(ConfigError) -> Duration {
        let text = try string(what)
        guard let value = DurationText.parse(text) else {
            throw error("expected \(what) like 30s, 5m, 2h or 7d, found '\(text)'")
        }
        return value
    }

    /// The elements of a list; a single scalar counts as a list of one.
    public func list(_ what: String = "value") throws(ConfigError) -> [ConfigNode] {
        switch kind {
        case .sequence(let items): return items
        case .scalar: return [self]
        case .null: return []
        case .mapping: throw error("expected \(what) to be a list, found a mapping")
        }
    }

    /// A list of strings; a single scalar counts as a list of one.
    public func stringList(_ what: String = "value") throws(ConfigError) -> [String] {
        var result: [String] = []
        for item in try list(what) { result.append(try item.string(what)) }
        return result
    }

    /// The entries of a mapping.
    public func entries(_ what: String = "value") throws(ConfigError) -> [Entry] {
        switch kind {
        case .mapping(let entries): return entries
        case .null: return []
        default: throw error("expected \(what) to be a mapping, found \(shapeName)")
        }
    }

    /// A reader over a mapping that tracks which keys were used, to reject unknown ones.
    public func mapping(_ what: String = "value") throws(ConfigError) -> ConfigMapping {
        ConfigMapping(node: self, entries: try entries(what), what: what)
    }
}

/// Reads the keys of one mapping and, at the end, reports any key nobody asked for.
///
/// A misspelled key (`evrey: 5m`) silently ignored is a production incident later; rejecting
/// unknown keys with a suggestion turns it into a `hark check` error now.
public struct ConfigMapping: Sendable {
    public let node: ConfigNode
    public let entries: [ConfigNode.Entry]
    let what: String
    private var used: Set<String> = []

    init(node: ConfigNode, entries: [ConfigNode.Entry], what: String) {
        self.node = node
        self.entries = entries
        self.what = what
    }

    /// The value of `key`, or nil when absent (an explicit `null` counts as absent).
    public mutating func optional(_ key: String) -> ConfigNode? {
        used.insert(key)
        guard let entry = entries.last(where: { $0.key == key }) else { return nil }
        if case .null = entry.value.kind { return nil }
        return entry.value
    }

    /// The value of `key`; an error at the mapping's position when absent.
    public mutating func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = optional(key) else {
            throw node.error("\(what) is missing required key '\(key)'")
        }
        return value
    }

    /// Marks keys as known without reading them (handled elsewhere).
    public mutating func allow(_ keys: String...) {
        for key in keys { used.insert(key) }
    }

    /// The entries not read so far.
    public var unread: [ConfigNode.Entry] { entries.filter { !used.contains($0.key) } }

    /// Throws for the first key that was never read, suggesting the closest known key.
    public func rejectUnknownKeys(known extra: [String] = []) throws(ConfigError) {
        let known = used.union(extra)
        for entry in entries where !known.contains(entry.key) {
            var message = "unknown key '\(entry.key)' in \(what)"
            if let suggestion = Spelling.closest(to: entry.key, among: known) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw ConfigError(message, at: entry.keyPosition)
        }
    }
}

/// Suggestions for misspelled names.
public enum Spelling {
    /// The candidate within a small edit distance of `word`, if any.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word.lowercased()), Array(candidate.lowercased()))
            if distance <= max(1, candidate.count / 3), best == nil || distance < best!.1 {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Edit distance where swapping two neighbouring letters costs one, as typos usually do.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
