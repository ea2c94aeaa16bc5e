import Foundation
public import HarkCore

/// Abuse lexicon files: `term<TAB>category<TAB>weight` per line.
///
/// - Categories are `insult`, `threat`, `harassment`, `slur`, `profanity` (weight 0 to 3 required),
///   and `allow`, `staff`, `group`, `place` (no weight needed; see `AbuseRole`).
/// - A term may be several words (`watch your back`) or Chinese (`脑残`); `*` at the end of a word
///   of at least three letters matches any ending (`idiot*`).
/// - `#` starts a comment line; blank lines are skipped; a UTF-8 byte-order mark and `\r\n` line
///   ends are accepted; columns after the weight are ignored, so a line can carry a note.
/// - Anything else is an error at the bad field (columns count Unicode scalars, from 1): a line
///   without a tab, an empty term, a misplaced `*`, an unknown category, a weight that is not a
///   number in 0…3, a term listed twice in one file, a file with no terms, a file that is not UTF-8
///   text.
extension AbuseLexicon {
    /// Parses lexicon text; `file` names the source in errors.
    public init(parsing text: String, file: String) throws(ConfigError) {
        try self.init(reading: TSVReader(text: text, file: file))
    }

    /// Parses the raw bytes of a lexicon file, refusing binary data before reading any line.
    public init(parsing bytes: [UInt8], file: String) throws(ConfigError) {
        try self.init(reading: TSVReader(bytes: bytes, file: file, kind: "an abuse lexicon"))
    }

    /// Reads and parses one lexicon file.
    public init(contentsOfFile path: String) throws(ConfigError) {
        try self.init(parsing: TSVReader.contents(ofFile: path, kind: "abuse lexicon"), file: path)
    }

    /// The names accepted in the category column, in the order error messages list them.
    static let categoryNames = AbuseCategory.allCases.map(\.rawValue) + ["allow", "staff", "group", "place"]

    private init(reading reader: TSVReader) throws(ConfigError) {
        self.init()
        var firstLine: [String: Int] = [:]
        for line in reader.lines {
            let at = { (column: Int) in reader.position(line, column: column) }
            guard line.fields.count >= 2 else {
                throw ConfigError(
                    "expected term<TAB>category<TAB>weight, found no tab after '\(line.text)'", at: at(line.endColumn))
            }
            let rawTerm = line.fields[0].text
            let term = try Self.term(rawTerm, at: at)
            if let earlier = firstLine[term] {
                throw ConfigError("duplicate term '\(term)' (already on line \(earlier))", at: at(1))
            }
            firstLine[term] = line.number
            terms[term] = try Self.role(of: term, in: line, at: at)
        }
        if terms.isEmpty {
            throw ConfigError(
                "empty abuse lexicon: expected lines of term<TAB>category<TAB>weight",
                at: SourcePosition(file: reader.file, line: 1, column: 1))
        }
    }

    /// The folded term of the first field, checking where wildcards sit.
    private static func term(
        _ raw: Substring, at: (Int) -> SourcePosition
    ) throws(ConfigError) -> String {
        let leading = raw.prefix(while: { $0 == " " }).unicodeScalars.count
        if raw.allSatisfy({ $0 == " " }) {
            throw ConfigError("expected a term before the tab", at: at(1))
        }
        if let offset = raw.unicodeScalars.firstIndex(of: "?") {
            throw ConfigError(
                "'?' is not a wildcard in abuse lexicons; end a word with * to match any ending",
                at: at(raw.unicodeScalars.distance(from: raw.unicodeScalars.startIndex, to: offset) + 1))
        }
        guard let term = fold(String(raw)) else {
            throw ConfigError(
                "term '\(raw.trimmingCharacters(in: .whitespaces))' has no letters, digits or Chinese characters to match",
                at: at(leading + 1))
        }
        for word in term.split(separator: " ") where word.contains("*") {
            let stem = word.dropLast()
            let misplaced = stem.contains("*") || word.last != "*" || stem.count < 3
            if misplaced {
                let star = raw.unicodeScalars.firstIndex(of: "*")!
                let column = raw.unicodeScalars.distance(from: raw.unicodeScalars.startIndex, to: star) + 1
                throw ConfigError(
                    "'*' must end a word of at least three letters (idiot*), found '\(word)'", at: at(column))
            }
        }
        return term
    }

    /// The role given by the category and weight columns.
    private static func role(
        of term: String, in line: TSVReader.Line, at: (Int) -> SourcePosition
    ) throws(ConfigError) -> AbuseRole {
        let categoryField = line.fields[1]
        let name = categoryField.text.trimmingCharacters(in: .whitespaces)
        let nameColumn = categoryField.column + categoryField.text.prefix(while: { $0 == " " }).unicodeScalars.count
        let weightField = line.fields.count > 2 ? line.fields[2] : nil
        let weightText = weightField?.text.trimmingCharacters(in: .whitespaces) ?? ""
        let weightColumn =
            weightField.map { $0.column + $0.text.prefix(while: { $0 == " " }).unicodeScalars.count }
            ?? line.endColumn
        var weight: Double?
        if !weightText.isEmpty {
            guard let value = Double(weightText), value.isFinite else {
                throw ConfigError(
                    "expected a number for the weight of '\(term)' (0 to 3), found '\(weightText)'",
                    at: at(weightColumn))
            }
            guard (0...3).contains(value) else {
                throw ConfigError(
                    "weight of '\(term)' must be between 0 and 3, found \(weightText)", at: at(weightColumn))
            }
            weight = value
        }
        switch name {
        case "allow": return .allow
        case "staff": return .staff
        case "group": return .group
        case "place": return .place
        default: break
        }
        guard let category = AbuseCategory(rawValue: name) else {
            var message =
                name.isEmpty ? "expected a category after the tab" : "unknown category '\(name)' for '\(term)'"
            if !name.isEmpty, let suggestion = Spelling.closest(to: name, among: categoryNames) {
                message += "; did you mean '\(suggestion)'?"
            }
            message += " (one of \(categoryNames.joined(separator: ", ")))"
            throw ConfigError(message, at: at(nameColumn))
        }
        guard let weight else {
            throw ConfigError(
                "expected a weight for '\(term)' (0 to 3) after the category, found nothing", at: at(weightColumn))
        }
        return .abuse(category, weight: weight)
    }
}
