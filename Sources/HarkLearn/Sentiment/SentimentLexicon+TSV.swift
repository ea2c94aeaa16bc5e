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
        var text = text
        // A String is valid UTF-8, which is all the byte-level parser assumes.
        self = try text.withUTF8 { bytes in
            Result { () throws(ConfigError) in try Self.parseLines(bytes, file: file) }
        }.get()
    }

    /// Parses the raw bytes of a lexicon file, refusing binary data before reading any line.
    public init(parsing bytes: [UInt8], file: String) throws(ConfigError) {
        if let problem = Self.binaryProblem(bytes) {
            throw ConfigError(problem, at: SourcePosition(file: file, line: 1, column: 1))
        }
        self = try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(ConfigError) in try Self.parseLines(buffer, file: file) }
        }.get()
    }

    /// Parses valid UTF-8 lexicon text line by line.
    ///
    /// Start-up parses some 45,000 terms, so the common line (`term<TAB>number` with an ASCII
    /// number) is read from its bytes. Any line the byte path is not certain about (no tab, a bad
    /// or non-ASCII valence, a comment mark followed by a non-ASCII scalar that could combine with
    /// it) goes through `parseLine`, which reads `Character`s and owns every error message.
    private static func parseLines(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(ConfigError)
        -> SentimentLexicon
    {
        var lexicon = SentimentLexicon()
        lexicon.valences.reserveCapacity(bytes.count / 16)
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            lineNumber += 1
            // Lines split at LF; a CR before it belongs to the separator (CRLF is one Character).
            // Grapheme clusters always break around LF, so this split is the same as splitting
            // the String on "\n" and "\r\n".
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != Byte.newline { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > lineStart && lineEnd < bytes.count && bytes[lineEnd - 1] == Byte.carriageReturn {
                lineEnd -= 1
            }
            var start = lineStart
            if lineNumber == 1 && lineEnd - start >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                start += 3
            }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            if let (term, valence) = fastLine(line) {
                if let term { lexicon.valences[term] = valence }
            } else {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), as: UTF8.self)
                if let (term, valence) = try parseLine(Substring(text), number: lineNumber, file: file) {
                    lexicon.valences[term] = valence
                }
            }
            lineStart = next
        }
        if lexicon.valences.isEmpty {
            throw ConfigError(
                "empty lexicon: expected lines of term<TAB>valence",
                at: SourcePosition(file: file, line: 1, column: 1))
        }
        return lexicon
    }

    /// A well-formed line read from its bytes: `(nil, 0)` for a blank or comment line, the
    /// normalised term and its valence for a term line, or `nil` when `parseLine` must decide
    /// (which includes every line that is an error).
    private static func fastLine(_ line: UnsafeBufferPointer<UInt8>) -> (String?, Double)? {
        var first = 0
        while first < line.count && (line[first] == Byte.space || line[first] == Byte.tab) { first += 1 }
        if first == line.count { return (nil, 0) }
        if line[first] == Byte.hash {
            // `#` followed by a combining mark is one Character that is not "#": let parseLine judge.
            return first + 1 == line.count || line[first + 1] < 0x80 ? (nil, 0) : nil
        }
        guard let tab = line.firstIndex(of: Byte.tab) else { return nil }
        var fieldEnd = tab + 1
        while fieldEnd < line.count && line[fieldEnd] != Byte.tab {
            if line[fieldEnd] >= 0x80 { return nil }
            fieldEnd += 1
        }
        // `.whitespaces` holds no ASCII character but space and tab, and the field has no tab.
        var numberStart = tab + 1
        var numberEnd = fieldEnd
        while numberStart < numberEnd && line[numberStart] == Byte.space { numberStart += 1 }
        while numberEnd > numberStart && line[numberEnd - 1] == Byte.space { numberEnd -= 1 }
        let digits = UnsafeBufferPointer(rebasing: line[numberStart..<numberEnd])
        guard let valence = shortDecimal(digits) ?? Double(String(decoding: digits, as: UTF8.self)),
            valence.isFinite, (-4...4).contains(valence)
        else { return nil }
        let term = normalize(String(decoding: UnsafeBufferPointer(rebasing: line[..<tab]), as: UTF8.self))
        return term.isEmpty ? nil : (term, valence)
    }

    /// A valence written as a short decimal (`2`, `-1.5`, `0.25`), or nil for any other spelling,
    /// which `Double(_:)` then reads. Valences are such decimals: their digits without the point
    /// make a whole number below 2^53 and the power of ten is exact, so one division is the
    /// correctly rounded value, the same `Double` that `Double(_:)` parses.
    private static func shortDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var whole: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        var digitsBeforePoint = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte &- 0x30 < 10 {
                whole = whole * 10 + UInt64(byte &- 0x30)
                digits += 1
                if sawPoint { fractionDigits += 1 } else { digitsBeforePoint += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digitsBeforePoint > 0, !sawPoint || fractionDigits > 0, digits <= 15 else { return nil }
        let value = Double(whole) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    /// 10^0 through 10^15, each exact in a `Double`.
    private static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }

    /// Reads one line as `Character`s; nil for a blank or comment line. Throws the line's problem.
    private static func parseLine(_ rawLine: Substring, number lineNumber: Int, file: String) throws(ConfigError)
        -> (String, Double)?
    {
        var line = rawLine
        if lineNumber == 1, line.unicodeScalars.first == "\u{FEFF}" {
            line = Substring(line.unicodeScalars.dropFirst())
        }
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
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
        return (term, valence)
    }

    /// Reads and parses one lexicon file.
    public init(contentsOfFile path: String) throws(ConfigError) {
        try self.init(parsing: TSVReader.contents(ofFile: path, kind: "lexicon"), file: path)
    }

    /// Why `bytes` is not a text file (a NUL byte or invalid UTF-8, with where it is), or `nil`.
    static func binaryProblem(_ bytes: [UInt8]) -> String? {
        guard let (problem, line, column) = TSVReader.binaryProblem(bytes) else { return nil }
        return "binary file, not a lexicon: \(problem) at line \(line), column \(column)"
    }
}

/// The ASCII bytes lexicon parsing looks for.
private enum Byte {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let hash: UInt8 = 0x23
}
