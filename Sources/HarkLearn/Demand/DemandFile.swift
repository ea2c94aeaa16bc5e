import Foundation
import HarkCore

/// The YAML subset that demand pattern files are written in, read with exact positions.
///
/// HarkLearn reads no YAML library (it stays free of parsing dependencies), and pattern files need
/// only keys and lists of strings, so this reader handles exactly that and reports anything else
/// as an error at its line and column.
enum DemandFile {
    /// A string value and the file column of each of its scalars.
    struct Value {
        var text: String
        var line: Int
        var columns: [Int]
        var file: String
        func position(_ index: Int) -> SourcePosition {
            SourcePosition(file: file, line: line, column: index < columns.count ? columns[index] : (columns.first ?? 1))
        }
    }

    struct ScalarEntry {
        var key: String
        var keyPosition: SourcePosition
        var value: Value
    }

    struct ListEntry {
        var key: String
        var keyPosition: SourcePosition
        var items: [Value]
    }

    struct Document {
        var scalars: [ScalarEntry] = []
        var lists: [ListEntry] = []
    }

    static let scalarKeys = ["language", "match"]
    static let listKeys = ["triggers", "exclude", "sarcasm", "markers", "boundaries", "drop", "trim", "trim_start"]

    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func parse(text: String, file: String) throws(ConfigError) -> Document {
        var document = Document()
        var seen: [String: SourcePosition] = [:]
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var scalars = Array(rawLine.unicodeScalars)
            if lineNumber == 1, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
            if scalars.last == "\r" { scalars.removeLast() }
            func position(_ index: Int) -> SourcePosition {
                SourcePosition(file: file, line: lineNumber, column: index + 1)
            }
            if let tab = scalars.firstIndex(of: "\t") {
                throw ConfigError("tabs are not allowed in YAML indentation or values; use spaces", at: position(tab))
            }
            let indent = scalars.prefix(while: { $0 == " " }).count
            if indent == scalars.count || scalars[indent] == "#" { continue }
            if indent == 0 {
                guard let colon = scalars.firstIndex(of: ":") else {
                    throw ConfigError("expected 'key:' at the start of the line", at: position(0))
                }
                let key = String(String.UnicodeScalarView(scalars[..<colon]))
                let known = scalarKeys + listKeys
                guard known.contains(key) else {
                    var message = "unknown key '\(key)' in demand patterns"
                    if let suggestion = Spelling.closest(to: key, among: known) {
                        message += "; did you mean '\(suggestion)'?"
                    }
                    throw ConfigError(message, at: position(0))
                }
                if let earlier = seen[key] {
                    throw ConfigError("'\(key)' is defined twice (first at \(earlier))", at: position(0))
                }
                seen[key] = position(0)
                let value = try item(scalars, from: colon + 1, file: file, line: lineNumber)
                if listKeys.contains(key) {
                    if let value {
                        throw ConfigError(
                            "'\(key)' is a list: write each item on its own '  - …' line", at: value.position(0))
                    }
                    document.lists.append(ListEntry(key: key, keyPosition: position(0), items: []))
                } else {
                    guard let value else { throw ConfigError("expected a value after '\(key):'", at: position(colon + 1)) }
                    document.scalars.append(ScalarEntry(key: key, keyPosition: position(0), value: value))
                }
                continue
            }
            guard scalars[indent] == "-", indent + 1 == scalars.count || scalars[indent + 1] == " " else {
                throw ConfigError("expected a list item '- …' or a top-level key", at: position(indent))
            }
            guard !document.lists.isEmpty, document.lists.last!.key == seen.max(by: { $0.value.line < $1.value.line })?.key
            else {
                throw ConfigError("list item outside a list key such as 'triggers:'", at: position(indent))
            }
            guard let value = try item(scalars, from: indent + 1, file: file, line: lineNumber) else {
                throw ConfigError("empty list item", at: position(indent))
            }
            document.lists[document.lists.count - 1].items.append(value)
        }
        return document
    }

    /// The value starting at `start` (after spaces): quoted or bare, with a trailing comment removed.
    static func item(_ scalars: [Unicode.Scalar], from start: Int, file: String, line: Int) throws(ConfigError) -> Value? {
        var index = start
        while index < scalars.count, scalars[index] == " " { index += 1 }
        if index == scalars.count || scalars[index] == "#" { return nil }
        func position(_ index: Int) -> SourcePosition { SourcePosition(file: file, line: line, column: index + 1) }
        var text = String.UnicodeScalarView()
        var columns: [Int] = []
        let quote = scalars[index]
        if quote == "\"" || quote == "'" {
            var cursor = index + 1
            var closed = false
            while cursor < scalars.count {
                let scalar = scalars[cursor]
                if scalar == quote {
                    if quote == "'", cursor + 1 < scalars.count, scalars[cursor + 1] == "'" {
                        text.append("'")
                        columns.append(cursor + 1)
                        cursor += 2
                        continue
                    }
                    closed = true
                    break
                }
                if quote == "\"", scalar == "\\" {
                    guard cursor + 1 < scalars.count, "\"\\".unicodeScalars.contains(scalars[cursor + 1]) else {
                        throw ConfigError("only \\\" and \\\\ escapes are supported", at: position(cursor))
                    }
                    text.append(scalars[cursor + 1])
                    columns.append(cursor + 1)
                    cursor += 2
                    continue
                }
                text.append(scalar)
                columns.append(cursor + 1)
                cursor += 1
            }
            guard closed else { throw ConfigError("string is never closed with \(quote)", at: position(index)) }
            var after = cursor + 1
            while after < scalars.count, scalars[after] == " " { after += 1 }
            if after < scalars.count, scalars[after] != "#" {
                throw ConfigError("unexpected text after the closing quote", at: position(after))
            }
            if text.isEmpty { throw ConfigError("empty string", at: position(index)) }
        } else {
            var end = scalars.count
            for cursor in index..<scalars.count where scalars[cursor] == "#" && scalars[cursor - 1] == " " {
                end = cursor
                break
            }
            while end > index, scalars[end - 1] == " " { end -= 1 }
            for cursor in index..<end {
                text.append(scalars[cursor])
                columns.append(cursor + 1)
            }
        }
        return Value(text: String(text), line: line, columns: columns, file: file)
    }
}
