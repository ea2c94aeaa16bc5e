/// `ThemeTerms.units` for a request written in ASCII (most are), on bytes.
///
/// `units` splits the text at whitespace `Character`s, folds each chunk on its own and trims it with
/// `Character` properties, which cost more than the rest of reading a demand. In ASCII every byte
/// is a `Character` (but `\r\n`, which is whitespace), whitespace is exactly tab to carriage return
/// and space, and the normalizer ends every token at whitespace, so folding the whole text once and
/// telling the chunks apart by each token's source offset gives the same tokens, chunk by chunk.
extension ThemeTerms {
    /// The units `units(text, ignoring: vocabulary.ignored)` returns, or nil when `text` is not ASCII.
    static func asciiUnits(_ text: String, vocabulary: ThemeVocabulary) -> [Unit]? {
        var text = text
        guard text.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) else { return nil }
        let normalized = NormalizedText(text)
        let tokens = normalized.tokens
        var units: [Unit] = []
        units.reserveCapacity(tokens.count)
        text.withUTF8 { source in
            normalized.utf8.withUnsafeBufferPointer { folded in
                var next = 0
                while next < tokens.count {
                    // The whitespace-separated chunk holding the next token, and its tokens.
                    let first = Int(tokens[next].source)
                    var start = first
                    while start > 0, !isSpace(source[start - 1]) { start -= 1 }
                    var end = first
                    while end < source.count, !isSpace(source[end]) { end += 1 }
                    var last = next
                    while last < tokens.count, Int(tokens[last].source) < end { last += 1 }
                    let single = last - next == 1 && tokens[next].kind == .word
                    // `units` counts a group for every token, words or not.
                    for group in next..<last where tokens[group].kind == .word {
                        let token = tokens[group]
                        let base = folded.baseAddress! + Int(token.start)
                        let count = Int(token.end - token.start)
                        let (length, appendingY) = ThemeDocument.stem(base, count)
                        let stemmed = length != count || appendingY
                        let word = ThemeDocument.makeString(base, count, appendingY: false)
                        let key = stemmed ? ThemeDocument.makeString(base, length, appendingY: appendingY) : word
                        var surface = word
                        if single, let shown = shownASCII(source, start..<end) { surface = shown }
                        let flags = vocabulary.flags(of: word)
                        let stop =
                            flags & ThemeVocabulary.stopFlag != 0
                            || (stemmed && vocabulary.flags(of: key) & ThemeVocabulary.stopFlag != 0)
                        units.append(
                            Unit(
                                key: key, surface: surface, isCharacter: false, group: group, isStop: stop,
                                isArticle: flags & ThemeVocabulary.articleFlag != 0))
                    }
                    next = last
                }
            }
        }
        return units
    }

    /// `Character.isWhitespace` for an ASCII byte.
    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// How a one-word chunk reads in a label, as `units` shows it: trimmed like
    /// `DemandUnits.trimPunctuation`, then kept as written or lower-cased like `keepsCase`; nil when
    /// trimming leaves nothing.
    private static func shownASCII(_ source: UnsafeBufferPointer<UInt8>, _ chunk: Range<Int>) -> String? {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
        }
        var start = chunk.lowerBound
        var end = chunk.upperBound
        while start < end {
            let byte = source[start]
            if isAlphanumeric(byte) || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "@") {
                break
            }
            start += 1
        }
        while end > start {
            let byte = source[end - 1]
            if isAlphanumeric(byte) || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") { break }
            end -= 1
        }
        guard start < end else { return nil }
        var capitals = 0
        var onlyLetters = true
        for index in start..<end {
            let byte = source[index]
            if byte &- UInt8(ascii: "A") < 26 {
                capitals += 1
            } else if byte &- UInt8(ascii: "a") >= 26 {
                onlyLetters = false
            }
        }
        let keepsCase = capitals >= 2 || !onlyLetters
        return String(unsafeUninitializedCapacity: end - start) { buffer in
            for index in start..<end {
                let byte = source[index]
                buffer[index - start] = !keepsCase && byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
            }
            return end - start
        }
    }
}
