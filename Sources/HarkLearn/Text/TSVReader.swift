import Foundation
import HarkCore

/// The lines and tab-separated fields of a hand-edited TSV rule file, each with its position.
///
/// Lexicons are edited by people in spreadsheets and text editors, so the reader accepts what those
/// produce (a UTF-8 byte-order mark, `\r\n` line ends, blank lines, `#` comment lines) and keeps the
/// 1-based line and column of every field, so that whoever reads the file can report a bad value
/// as `FILE:LINE:COL` instead of "somewhere in the file". Columns count Unicode scalars, as an
/// editor's cursor does.
struct TSVReader {
    /// One field of a line and the column where it starts.
    struct Field {
        var text: Substring
        var column: Int
    }

    /// One line with content (not blank, not a comment).
    struct Line {
        var number: Int
        var text: Substring
        var fields: [Field]

        /// The column just after the end of the line, for "expected more here" messages.
        var endColumn: Int { text.unicodeScalars.count + 1 }
    }

    let file: String
    /// The content lines in file order.
    let lines: [Line]

    /// Splits `text` into content lines and fields.
    init(text: String, file: String) {
        self.file = file
        var lines: [Line] = []
        var number = 0
        // "\r\n" is one Character in Swift, so it has to be named as a separator of its own.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = rawLine
            if number == 1, line.unicodeScalars.first == "\u{FEFF}" {
                line = Substring(line.unicodeScalars.dropFirst())
            }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var fields: [Field] = []
            var column = 1
            for part in line.split(separator: "\t", omittingEmptySubsequences: false) {
                fields.append(Field(text: part, column: column))
                column += part.unicodeScalars.count + 1
            }
            lines.append(Line(number: number, text: line, fields: fields))
        }
        self.lines = lines
    }

    /// Reads raw bytes, refusing binary data (a NUL byte, invalid UTF-8) with the position where it
    /// starts, before any line is interpreted.
    init(bytes: [UInt8], file: String, kind: String) throws(ConfigError) {
        if let (problem, line, column) = Self.binaryProblem(bytes) {
            throw ConfigError(
                "binary file, not \(kind): \(problem)", at: SourcePosition(file: file, line: line, column: column))
        }
        self.init(text: String(decoding: bytes, as: UTF8.self), file: file)
    }

    /// The position of `column` on `line`, for errors.
    func position(_ line: Line, column: Int) -> SourcePosition {
        SourcePosition(file: file, line: line.number, column: column)
    }

    /// The bytes of a rule data file; an unreadable file is an error at 1:1 naming `kind`.
    static func contents(ofFile path: String, kind: String) throws(ConfigError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConfigError(
                "cannot read \(kind): \(error.localizedDescription)", at: SourcePosition(file: path, line: 1, column: 1))
        }
    }

    /// Where `bytes` stops being UTF-8 text, or `nil` when it is text.
    static func binaryProblem(_ bytes: [UInt8]) -> (String, line: Int, column: Int)? {
        // Rule files are text: two whole-buffer checks (a byte search and the standard library's
        // validation) clear them, and only a file that fails one is walked to find the position.
        if !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = 1
        var column = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" { return ("NUL byte", line, column) }
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return ("invalid UTF-8", line, column)
            }
        }
    }
}
