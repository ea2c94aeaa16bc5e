/// One clause cut into matching units that remember where they came from in the original text.
///
/// Matching runs on folded units, but the request is shown in the author's spelling (`$10 plan`,
/// `IMAX`), so every unit keeps the range of the piece of text it was folded from.
struct DemandUnits {
    /// A folded unit and the index of the piece of original text it came from.
    struct Unit {
        var text: String
        var piece: Int
    }

    var units: [Unit] = []
    /// Pieces of original text: whitespace-separated chunks (words) or single characters.
    var pieces: [Substring] = []
    /// Unit indices before which the clause breaks (an emoji between words ends a request).
    var breaks: Set<Int> = []
    let mode: DemandPattern.Mode

    init(_ text: String, clause: Range<String.Index>, mode: DemandPattern.Mode) {
        self.mode = mode
        let body = text[clause]
        switch mode {
        case .words:
            for chunk in body.split(whereSeparator: \.isWhitespace) {
                let words = NormalizedText(String(chunk)).words
                if words.isEmpty {
                    if chunk.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) {
                        breaks.insert(units.count)
                    }
                    continue
                }
                for word in words { units.append(Unit(text: word, piece: pieces.count)) }
                pieces.append(chunk)
            }
        case .characters:
            var index = body.startIndex
            while index < body.endIndex {
                let next = body.index(after: index)
                let character = body[index]
                if !character.isWhitespace {
                    units.append(Unit(text: String(character).lowercased(), piece: pieces.count))
                    pieces.append(body[index..<next])
                }
                index = next
            }
        }
    }

    /// The units of an ASCII clause (`clause` in UTF-8 offsets) from the post's own fold, the same
    /// units `init(_:clause:mode:)` makes for a `words` set without folding each chunk again: in
    /// ASCII a chunk's tokens are exactly the post's tokens that start inside it, and no chunk is
    /// an emoji.
    init(ascii text: String, clause: Range<Int>, normalized: NormalizedText, tokens: Range<Int>) {
        mode = .words
        var units: [Unit] = []
        var chunks: [Range<Int>] = []
        var next = tokens.lowerBound
        var copy = text
        copy.withUTF8 { bytes in
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 < 5 }
            var index = clause.lowerBound
            while index < clause.upperBound {
                while index < clause.upperBound, isSpace(bytes[index]) { index += 1 }
                guard index < clause.upperBound else { break }
                let start = index
                while index < clause.upperBound, !isSpace(bytes[index]) { index += 1 }
                let first = units.count
                while next < tokens.upperBound, Int(normalized.tokens[next].source) < index {
                    units.append(Unit(text: normalized.text(of: normalized.tokens[next]), piece: chunks.count))
                    next += 1
                }
                if units.count > first { chunks.append(start..<index) }
            }
        }
        let utf8 = text.utf8
        self.units = units
        pieces = chunks.map {
            text[utf8.index(utf8.startIndex, offsetBy: $0.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: $0.upperBound)]
        }
    }

    func texts(_ range: Range<Int>) -> [String] { units[range].map(\.text) }

    /// Longest run of units matched as one clause: a request is never this long, and the cap keeps
    /// a megabyte without punctuation linear.
    static let maximumClause = 100

    /// The unit ranges between boundary phrases and breaks.
    func split(at boundaries: [[String]]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = 0
        var index = 0
        while index < units.count {
            if index - start >= Self.maximumClause || breaks.contains(index), index > start {
                parts.append(start..<index)
                start = index
            }
            if let boundary = boundaries.first(where: { matches($0, at: index) }) {
                if index > start { parts.append(start..<index) }
                index += boundary.count
                start = index
                continue
            }
            index += 1
        }
        if start < units.count { parts.append(start..<units.count) }
        return parts
    }

    private func matches(_ sequence: [String], at index: Int) -> Bool {
        guard index + sequence.count <= units.count else { return false }
        for offset in 0..<sequence.count where units[index + offset].text != sequence[offset] { return false }
        return true
    }

    /// The captured units as a request: dropped words removed, filler trimmed from the edges, shown
    /// in the original spelling, with its folded content terms.
    func request(_ range: Range<Int>, cleaning set: DemandPatterns.Set) -> (text: String, terms: [String]) {
        var end = range.upperBound
        if let cut = breaks.filter({ $0 > range.lowerBound && $0 < end }).min() { end = cut }
        var kept = Array(units[range.lowerBound..<end])
        if mode == .words { kept.removeAll { set.drop.contains($0.text) } }
        let separator = mode == .words ? " " : ""
        let cleaning = set.cleaning ?? RequestCleaning(set)
        let leading = cleaning.leading
        let trailing = cleaning.trailing
        var lower = 0
        var upper = kept.count
        /// Whether `phrase` is spelled by the kept units from `position` (it fits before `upper`).
        func spells(_ phrase: [String], at position: Int) -> Bool {
            for offset in phrase.indices where kept[position + offset].text != phrase[offset] { return false }
            return true
        }
        // A phrase can only be spelled from `lower` when it starts with that unit (and end before
        // `upper` when it ends with the unit there): one set lookup skips every phrase otherwise.
        trimming: while lower < upper {
            if cleaning.leadingFirst.contains(kept[lower].text) {
                for phrase in leading where lower + phrase.count <= upper && spells(phrase, at: lower) {
                    lower += phrase.count
                    continue trimming
                }
            }
            if cleaning.trailingLast.contains(kept[upper - 1].text) {
                for phrase in trailing where upper - phrase.count >= lower && spells(phrase, at: upper - phrase.count) {
                    upper -= phrase.count
                    continue trimming
                }
            }
            break
        }
        let final = kept[lower..<upper]
        guard let first = final.first, let last = final.last else { return ("", []) }
        let text: String
        switch mode {
        case .words:
            var shown: [String] = []
            var lastPiece = -1
            for unit in final where unit.piece != lastPiece {
                lastPiece = unit.piece
                let piece = Self.trimPunctuation(pieces[unit.piece])
                if !piece.isEmpty { shown.append(String(piece)) }
            }
            text = shown.joined(separator: separator)
        case .characters:
            let start = pieces[first.piece].startIndex
            let stop = pieces[last.piece].endIndex
            text = String(Self.trimPunctuation(pieces[first.piece].base[start..<stop]))
        }
        let stop = cleaning.stop
        var terms: [String] = []
        for token in NormalizedText(text).tokensForTerms() where !stop.contains(token) && !terms.contains(token) {
            terms.append(token)
        }
        return (text, terms)
    }


    /// A piece without leading or trailing punctuation, keeping currency and `#`/`@` in front and
    /// `%` and `+` behind (`$10`, `50%`, `C++`).
    static func trimPunctuation(_ piece: Substring) -> Substring {
        if let ascii = trimPunctuationASCII(piece) { return ascii }
        func keepsFront(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || "$€£¥#@".contains(character)
        }
        func keepsBack(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || "%+".contains(character)
        }
        var result = piece
        while let first = result.first, !keepsFront(first) { result = result.dropFirst() }
        while let last = result.last, !keepsBack(last) { result = result.dropLast() }
        return result
    }

    /// `trimPunctuation` on the bytes of a piece that is all ASCII and holds no `\r` (so every
    /// character is one byte): an ASCII letter or number is `A`–`Z`, `a`–`z` or `0`–`9`. Nil for
    /// any other piece.
    private static func trimPunctuationASCII(_ piece: Substring) -> Substring? {
        let utf8 = piece.utf8
        var lower = utf8.startIndex
        var upper = utf8.endIndex
        var isPlain = true
        for byte in utf8 where byte >= 0x80 || byte == 0x0D {
            isPlain = false
            break
        }
        guard isPlain else { return nil }
        @inline(__always) func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10
        }
        while lower < upper, case let byte = utf8[lower],
            !(isAlphanumeric(byte) || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "@"))
        {
            lower = utf8.index(after: lower)
        }
        while lower < upper, case let byte = utf8[utf8.index(before: upper)],
            !(isAlphanumeric(byte) || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+"))
        {
            upper = utf8.index(before: upper)
        }
        return piece[lower..<upper]
    }
}

extension NormalizedText {
    /// Terms for clustering: words as they are, runs of unspaced script as overlapping character pairs
    /// (the usual stand-in for Chinese word segmentation).
    func tokensForTerms() -> [String] {
        var terms: [String] = []
        for token in tokens {
            let word = text(of: token)
            switch token.kind {
            case .run:
                let characters = Array(word)
                if characters.count == 1 { terms.append(word); continue }
                for index in 0..<(characters.count - 1) { terms.append(String(characters[index...index + 1])) }
            case .word:
                terms.append(word)
            case .hashtag, .handle:
                continue
            }
        }
        return terms
    }
}

/// The trim phrases and stop words of a set in the shape `DemandUnits.request` reads them, made
/// once when the set compiles rather than for every request.
struct RequestCleaning: Sendable {
    /// Phrases trimmed from the start, longest first.
    let leading: [[String]]
    /// Phrases trimmed from the end, longest first.
    let trailing: [[String]]
    /// Words left out of a request's terms.
    let stop: Set<String>
    /// The first unit of every `leading` phrase and the last of every `trailing` one.
    let leadingFirst: Set<String>
    let trailingLast: Set<String>

    init(_ set: DemandPatterns.Set) {
        func split(_ phrase: String) -> [String] {
            set.mode == .words ? phrase.split(separator: " ").map(String.init) : phrase.map { String($0) }
        }
        leading = (set.trimStart + set.trim).map(split).sorted { $0.count > $1.count }
        trailing = set.trim.map(split).sorted { $0.count > $1.count }
        stop = Set(set.drop).union((set.trim + set.trimStart).filter { !$0.contains(" ") })
        leadingFirst = Set(leading.compactMap(\.first))
        trailingLast = Set(trailing.compactMap(\.last))
    }
}
