import Foundation
public import HarkCore

/// Lexicon files: `term<TAB>valence` per line, as VADER ships its lexicon.
///
/// - `#` starts a comment line; blank lines are skipped; a UTF-8 byte-order mark and `\r\n` line
///   ends are accepted.
/// - Columns after the valence are ignored, so VADER's own four-column `vader_lexicon.txt` loads
///   as it is and a team can keep a note beside a term.
/// - Anything else is an error with the position of the bad field (columns count Unicode scalars,
///   from 1): a line without a tab, an empty term, a valence that is not a number in -4…4, a file
///   with no terms at all, a file that is not UTF-8 text (NUL bytes, invalid sequences).
extension SentimentLexicon {
    /// Parses lexicon text; `file` names the source in errors.
    public init(parsing text: String, file: String) throws(ConfigError) {
        self.init()
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so it has to be named as a separator of its own.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.unicodeScalars.first == "\u{FEFF}" {
                line = Substring(line.unicodeScalars.dropFirst())
            }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let position = { (column: Int) in SourcePosition(file: file, line: lineNumber, column: column) }
            guard let tab = line.firstIndex(of: "\t") else {
                throw ConfigError(
                    "expected term<TAB>valence, found no tab after '\(line)'",
                    at: position(line.unicodeScalars.count + 1))
            }
            let term = Self.normalize(String(line[..<tab]))
            if term.isEmpty {
                throw ConfigError("expected a term before the tab", at: position(1))
            }
            let rest = line[line.index(after: tab)...]
            let field = rest.prefix(while: { $0 != "\t" })
            let number = field.trimmingCharacters(in: .whitespaces)
            let leading = field.prefix(while: { $0 == " " }).unicodeScalars.count
            let column = line[..<tab].unicodeScalars.count + 2 + leading
            guard let valence = Double(number), valence.isFinite else {
                let found = number.isEmpty ? "nothing" : "'\(number)'"
                throw ConfigError(
                    "expected a number for the valence of '\(term)' (-4 to 4), found \(found)", at: position(column))
            }
            guard (-4...4).contains(valence) else {
                throw ConfigError(
                    "valence of '\(term)' must be between -4 and 4 (VADER's scale), found \(number)",
                    at: position(column))
            }
            valences[term] = valence
        }
        if valences.isEmpty {
            throw ConfigError(
                "empty lexicon: expected lines of term<TAB>valence",
                at: SourcePosition(file: file, line: 1, column: 1))
        }
    }

    /// Parses the raw bytes of a lexicon file, refusing binary data before reading any line.
    public init(parsing bytes: [UInt8], file: String) throws(ConfigError) {
        if let problem = Self.binaryProblem(bytes) {
            throw ConfigError(problem, at: SourcePosition(file: file, line: 1, column: 1))
        }
        try self.init(parsing: String(decoding: bytes, as: UTF8.self), file: file)
    }

    /// Reads and parses one lexicon file.
    public init(contentsOfFile path: String) throws(ConfigError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(
                "cannot read lexicon: \(error.localizedDescription)",
                at: SourcePosition(file: path, line: 1, column: 1))
        }
        try self.init(parsing: [UInt8](data), file: path)
    }

    /// Why `bytes` is not a text file (a NUL byte or invalid UTF-8, with where it is), or `nil`.
    static func binaryProblem(_ bytes: [UInt8]) -> String? {
        var line = 1
        var column = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" {
                    return "binary file, not a lexicon: NUL byte at line \(line), column \(column)"
                }
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return "binary file, not a lexicon: invalid UTF-8 at line \(line), column \(column)"
            }
        }
    }
}
