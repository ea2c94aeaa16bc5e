/// Removes markup from HTML bytes, leaving the text (entities still encoded) for `PlainText`.
///
/// A forgiving single pass in the spirit of the HTML tokenizer, not a DOM builder: tags and comments
/// are dropped, `script`/`style`/`head` lose their contents, block-level tags leave a space behind.
/// A `<` that cannot start a tag (`a < b`, `<3`, a `<` with no `>` anywhere after it) stays as text,
/// so nothing a person wrote is lost to a stray angle bracket.
struct HTMLStripper {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Index of the last `>` in the input, or -1: a tag cannot end beyond it.
    private let lastGreaterThan: Int
    /// Cleared after a quote-aware scan for a tag's end fails, so later scans are plain and the
    /// whole pass stays linear even on hostile input.
    private var quoteAware = true
    /// Raw-text elements whose closing tag is known not to occur in the rest of the input.
    private var unclosed: Set<PackedName> = []

    /// Elements whose contents are never text a person reads.
    private static let droppedElements = PackedNameTable(["script", "style", "head"].map { ($0, ()) })
    private static let head = PackedName("head")!

    /// Elements that break the flow of text; they become a space so neighbouring words stay apart.
    private static let blockElements = PackedNameTable(
        [
            "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog",
            "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
            "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary",
            "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "body", "html", "img",
            "iframe", "video", "audio", "button", "input", "select", "textarea", "label", "legend", "menu",
        ].map { ($0, ()) })

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var last = bytes.count - 1
        while last >= 0 && bytes[last] != ASCII.greaterThan { last -= 1 }
        lastGreaterThan = last
    }

    /// Appends the input's text with markup removed to `output`.
    mutating func run(into output: inout ByteBuffer) {
        let end = bytes.count
        var textStart = 0
        var index = 0
        while index < end {
            guard bytes[index] == ASCII.lessThan else {
                index += 1
                continue
            }
            guard let resume = markup(at: index, textStart: textStart, into: &output) else {
                index += 1
                continue
            }
            index = resume
            textStart = resume
        }
        output.append(bytes, textStart..<end)
    }

    /// Handles markup starting with the `<` at `start`: appends the pending text before it and
    /// whatever the markup leaves behind, and returns where text resumes; nil when the `<` is text.
    private mutating func markup(at start: Int, textStart: Int, into output: inout ByteBuffer) -> Int? {
        let end = bytes.count
        guard start + 1 < end else { return nil }
        let next = bytes[start + 1]
        if next == ASCII.exclamation {
            if hasPrefix("<!--", at: start) {
                output.append(bytes, textStart..<start)
                return find("-->", from: start + 2).map { $0 + 3 } ?? end
            }
            if hasPrefix("<![CDATA[", at: start) {
                output.append(bytes, textStart..<start)
                let contentStart = start + 9
                let close = find("]]>", from: contentStart)
                output.append(bytes, contentStart..<(close ?? end))
                return close.map { $0 + 3 } ?? end
            }
            return skipDeclaration(at: start, textStart: textStart, into: &output)
        }
        if next == ASCII.question {
            return skipDeclaration(at: start, textStart: textStart, into: &output)
        }
        let isEndTag = next == ASCII.slash
        let nameStart = isEndTag ? start + 2 : start + 1
        guard nameStart < end, ASCII.isLetter(bytes[nameStart]) else { return nil }
        var nameEnd = nameStart
        while nameEnd < end && isNameByte(bytes[nameEnd]) { nameEnd += 1 }
        guard let close = tagEnd(from: nameEnd) else { return nil }
        output.append(bytes, textStart..<start)
        guard let name = PackedName(bytes, nameStart..<nameEnd, lowercased: true) else { return close + 1 }
        if Self.blockElements.contains(name) {
            output.append(ASCII.space)
        }
        let selfClosing = bytes[close - 1] == ASCII.slash
        if !isEndTag && !selfClosing && Self.droppedElements.contains(name) {
            return skipContents(of: name, length: nameEnd - nameStart, from: close + 1)
        }
        return close + 1
    }

    /// Skips `<!DOCTYPE …>` or `<?xml …?>`; a declaration with no `>` is left as text.
    private mutating func skipDeclaration(at start: Int, textStart: Int, into output: inout ByteBuffer) -> Int? {
        guard start <= lastGreaterThan, let close = find(">", from: start + 2) else { return nil }
        output.append(bytes, textStart..<start)
        return close + 1
    }

    /// Skips the contents and closing tag of a dropped element whose start tag ends before `from`.
    ///
    /// A `script` or `style` left open swallows the rest of the input, as in a browser. A `head`
    /// left open is not dropped, because the page's text would go with it.
    private mutating func skipContents(of name: PackedName, length: Int, from contentStart: Int) -> Int {
        let end = bytes.count
        if !unclosed.contains(name) {
            var index = contentStart
            while let candidate = find("</", from: index) {
                let nameStart = candidate + 2
                let nameEnd = nameStart + length
                if nameEnd <= end && PackedName(bytes, nameStart..<nameEnd, lowercased: true) == name
                    && (nameEnd == end || !isNameByte(bytes[nameEnd]))
                {
                    guard let close = find(">", from: nameEnd) else { return end }
                    return close + 1
                }
                index = nameStart
            }
            unclosed.insert(name)
        }
        return name == Self.head ? contentStart : end
    }

    /// The index of the `>` that ends a tag whose name ends before `from`, honouring quoted
    /// attribute values; nil when the tag never ends.
    private mutating func tagEnd(from start: Int) -> Int? {
        guard start <= lastGreaterThan else { return nil }
        if quoteAware {
            var quote: UInt8 = 0
            var afterEquals = false
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == ASCII.greaterThan {
                    return index
                } else if byte == ASCII.equals {
                    afterEquals = true
                } else if afterEquals && (byte == ASCII.quote || byte == ASCII.apostrophe) {
                    quote = byte
                    afterEquals = false
                } else if byte != ASCII.space && (byte < ASCII.tab || byte > ASCII.carriageReturn) {
                    afterEquals = false
                }
                index += 1
            }
            quoteAware = false
        }
        return find(">", from: start)
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || byte == ASCII.minus || byte == ASCII.colon
    }

    private func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<count where ASCII.lowercased(bytes[index + offset]) != ASCII.lowercased(start[offset]) {
            return false
        }
        return true
    }

    /// The first index at or after `from` where `needle` (ASCII) occurs, case-insensitively.
    private func find(_ needle: StaticString, from: Int) -> Int? {
        let count = needle.utf8CodeUnitCount
        let first = needle.utf8Start[0]
        var index = from
        while index + count <= bytes.count {
            if bytes[index] == first && hasPrefix(needle, at: index) { return index }
            index += 1
        }
        return nil
    }
}
