import Foundation
import HarkCore

/// Just enough YAML to write rule snippets in tests (block mappings and lists, flow `{}` and `[]`,
/// quoted and plain scalars, comments), producing `ConfigNode`s with positions placed as the real
/// loader places them: a scalar or flow collection at its first character, a block mapping at its
/// first key, a block list at its first `-`.
///
/// The test target cannot depend on HarkConfig (and so Yams), hence this stand-in.
struct MiniYAML {
    private struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    private var lines: [Line] = []
    private var index = 0
    private let file: String

    static func parse(_ text: String, file: String = "rules/route.yaml") -> ConfigNode {
        var parser = MiniYAML(file: file)
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = stripComment(raw)
            let trimmed = content.drop { $0 == " " }
            guard !trimmed.trimmingTrailingSpaces.isEmpty else { continue }
            parser.lines.append(
                Line(number: offset + 1, indent: content.count - trimmed.count, text: trimmed.trimmingTrailingSpaces))
        }
        guard !parser.lines.isEmpty else { return ConfigNode(.null, at: SourcePosition(file: file, line: 1, column: 1)) }
        return parser.block(indent: parser.lines[0].indent)
    }

    private init(file: String) { self.file = file }

    private func at(_ line: Int, _ column: Int) -> SourcePosition {
        SourcePosition(file: file, line: line, column: column)
    }

    private mutating func block(indent: Int) -> ConfigNode {
        let line = lines[index]
        if line.text == "-" || line.text.hasPrefix("- ") { return sequence(indent: indent) }
        return mapping(indent: indent)
    }

    private mutating func sequence(indent: Int) -> ConfigNode {
        let start = lines[index]
        var items: [ConfigNode] = []
        while index < lines.count, lines[index].indent == indent,
            lines[index].text == "-" || lines[index].text.hasPrefix("- ")
        {
            let line = lines[index]
            let rest = line.text.dropFirst(1).drop { $0 == " " }
            let column = indent + 1 + (line.text.count - rest.count)
            if rest.isEmpty {
                index += 1
                items.append(index < lines.count && lines[index].indent > indent
                    ? block(indent: lines[index].indent) : ConfigNode(.null, at: at(line.number, column)))
            } else if Self.keySplit(rest) != nil {
                lines[index] = Line(number: line.number, indent: column - 1, text: rest)
                items.append(mapping(indent: column - 1))
            } else {
                items.append(inline(rest, line: line.number, column: column))
                index += 1
            }
        }
        return ConfigNode(.sequence(items), at: at(start.number, indent + 1))
    }

    private mutating func mapping(indent: Int) -> ConfigNode {
        let start = lines[index]
        var entries: [ConfigNode.Entry] = []
        while index < lines.count, lines[index].indent == indent, !lines[index].text.hasPrefix("- ") {
            let line = lines[index]
            guard let (key, value) = Self.keySplit(line.text) else {
                fatalError("MiniYAML: expected 'key: value' at line \(line.number): \(line.text)")
            }
            let keyPosition = at(line.number, indent + 1)
            let node: ConfigNode
            if value.isEmpty {
                index += 1
                if index < lines.count,
                    lines[index].indent > indent || (lines[index].indent == indent && lines[index].text.hasPrefix("- "))
                {
                    node = block(indent: lines[index].indent)
                } else {
                    node = ConfigNode(.null, at: keyPosition)
                }
            } else {
                let column = indent + 1 + (line.text.count - value.count)
                node = inline(value, line: line.number, column: column)
                index += 1
            }
            entries.append(ConfigNode.Entry(key: String(key), keyPosition: keyPosition, value: node))
        }
        return ConfigNode(.mapping(entries), at: at(start.number, indent + 1))
    }

    /// A value on one line: a flow collection, a quoted scalar or a plain scalar.
    private func inline(_ text: Substring, line: Int, column: Int) -> ConfigNode {
        var flow = Flow(characters: Array(text), line: line, baseColumn: column, file: file)
        if text.first == "{" || text.first == "[" || text.first == "\"" || text.first == "'" {
            return flow.value()
        }
        let plain = String(text)
        if ["~", "null"].contains(plain) { return ConfigNode(.null, at: at(line, column)) }
        return ConfigNode(.scalar(plain), at: at(line, column))
    }

    /// `key: value` or `key:` (plain keys only); nil for anything else.
    private static func keySplit(_ text: Substring) -> (Substring, Substring)? {
        guard let first = text.first, first != "{", first != "[", first != "\"", first != "'" else { return nil }
        if text.hasSuffix(":"), !text.dropLast().contains(": ") { return (text.dropLast(), "") }
        guard let range = text.range(of: ": ") else { return nil }
        return (text[..<range.lowerBound], text[range.upperBound...].drop { $0 == " " })
    }

    private static func stripComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for position in line.indices {
            let character = line[position]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " {
                return line[..<position]
            }
            previous = character
        }
        return line
    }

    /// Flow collections and quoted scalars within one line.
    private struct Flow {
        let characters: [Character]
        let line: Int
        let baseColumn: Int
        let file: String
        var position = 0

        private func at(_ offset: Int) -> SourcePosition {
            SourcePosition(file: file, line: line, column: baseColumn + offset)
        }

        private mutating func skipSpaces() {
            while position < characters.count, characters[position] == " " { position += 1 }
        }

        mutating func value() -> ConfigNode {
            skipSpaces()
            let start = position
            switch characters[position] {
            case "{":
                position += 1
                var entries: [ConfigNode.Entry] = []
                while true {
                    skipSpaces()
                    if characters[position] == "}" { position += 1; break }
                    let keyStart = position
                    var key = ""
                    while characters[position] != ":" { key.append(characters[position]); position += 1 }
                    position += 1
                    let value = value()
                    entries.append(
                        ConfigNode.Entry(
                            key: key.trimmingTrailingSpaces, keyPosition: at(keyStart), value: value))
                    skipSpaces()
                    if characters[position] == "," { position += 1 }
                }
                return ConfigNode(.mapping(entries), at: at(start))
            case "[":
                position += 1
                var items: [ConfigNode] = []
                while true {
                    skipSpaces()
                    if characters[position] == "]" { position += 1; break }
                    items.append(value())
                    skipSpaces()
                    if characters[position] == "," { position += 1 }
                }
                return ConfigNode(.sequence(items), at: at(start))
            case "\"", "'":
                let quote = characters[position]
                position += 1
                var text = ""
                while characters[position] != quote {
                    if quote == "\"", characters[position] == "\\" { position += 1 }
                    text.append(characters[position])
                    position += 1
                }
                position += 1
                return ConfigNode(.scalar(text), at: at(start), quoted: true)
            default:
                var text = ""
                while position < characters.count, !",}]".contains(characters[position]) {
                    text.append(characters[position])
                    position += 1
                }
                text = text.trimmingTrailingSpaces
                if text == "~" || text == "null" { return ConfigNode(.null, at: at(start)) }
                return ConfigNode(.scalar(text), at: at(start))
            }
        }
    }
}

extension StringProtocol {
    fileprivate var trimmingTrailingSpaces: String {
        var text = String(self)
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
