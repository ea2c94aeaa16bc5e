public import HarkCore
import Foundation
import Yams

/// Reads YAML configuration files into `ConfigNode` trees that remember file, line and column.
///
/// Only this module knows about the YAML library; everything else reads `ConfigNode`.
public enum YAMLLoader {
    /// More nodes than any hand-written configuration has; stops alias bombs (`&a [*a, *a, …]`).
    static let maxNodes = 200_000

    /// Parses a YAML document from text. An empty document is a `null` node.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        if text.utf8.contains(0) {
            throw ConfigError("file is binary (contains NUL bytes), not YAML", at: SourcePosition(file: file, line: 1, column: 1))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw convert(error, file: file)
        } catch {
            throw ConfigError("cannot parse YAML: \(error)", at: SourcePosition(file: file, line: 1, column: 1))
        }
        guard let root else { return ConfigNode(.null, at: SourcePosition(file: file, line: 1, column: 1)) }
        var budget = maxNodes
        return try convert(root, file: file, budget: &budget)
    }

    /// Reads and parses a file; unreadable files and invalid UTF-8 are errors at line 1.
    public static func load(path: String, displayName: String? = nil) throws(ConfigError) -> ConfigNode {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read file", at: SourcePosition(file: name, line: 1, column: 1))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let line = data.prefix { _ in true }.split(separator: 0x0A, omittingEmptySubsequences: false)
                .firstIndex { String(validating: $0, as: UTF8.self) == nil }.map { $0 + 1 } ?? 1
            throw ConfigError("file is not valid UTF-8", at: SourcePosition(file: name, line: line, column: 1))
        }
        return try parse(text, file: name)
    }

    private static func position(_ mark: Mark?, file: String) -> SourcePosition {
        SourcePosition(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func convert(_ node: Node, file: String, budget: inout Int) throws(ConfigError) -> ConfigNode {
        budget -= 1
        let at = position(node.mark, file: file)
        guard budget >= 0 else { throw ConfigError("document is too large (more than \(maxNodes) values)", at: at) }
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return ConfigNode(.null, at: at)
            }
            return ConfigNode(.scalar(scalar.string), at: at, quoted: quoted)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence { items.append(try convert(item, file: file, budget: &budget)) }
            return ConfigNode(.sequence(items), at: at)
        case .mapping(let mapping):
            var entries: [ConfigNode.Entry] = []
            var seen: [String: SourcePosition] = [:]
            for (key, value) in mapping {
                let keyPosition = position(key.mark, file: file)
                guard case .scalar(let keyScalar) = key else {
                    throw ConfigError("mapping keys must be plain strings", at: keyPosition)
                }
                if let first = seen[keyScalar.string] {
                    throw ConfigError(
                        "duplicate key '\(keyScalar.string)' (first defined at \(first.line):\(first.column))",
                        at: keyPosition)
                }
                seen[keyScalar.string] = keyPosition
                entries.append(
                    ConfigNode.Entry(
                        key: keyScalar.string, keyPosition: keyPosition,
                        value: try convert(value, file: file, budget: &budget)))
            }
            return ConfigNode(.mapping(entries), at: at)
        case .alias:
            throw ConfigError("YAML aliases are not supported in hark configuration", at: at)
        }
    }

    private static func convert(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message = "\(problem) (\(context.text))" }
            return ConfigError("YAML syntax: \(message)", at: position(mark, file: file))
        case .reader(let problem, let offset, _, let yaml):
            let prefix = yaml.utf8.prefix(offset ?? 0)
            let line = prefix.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            let column = prefix.reversed().prefix { $0 != 0x0A }.count + 1
            return ConfigError("YAML: \(problem)", at: SourcePosition(file: file, line: line, column: column))
        default:
            return ConfigError("YAML: \(error)", at: SourcePosition(file: file, line: 1, column: 1))
        }
    }
}
