import Foundation

/// A text folded for matching and cut into tokens: the single shape every matcher in hark reads.
///
/// People write the same word many ways (`Café`, `CAFE`, `café` with a combining accent, `Ｃａｆｅ` in
/// full width, `ca\u{200B}fe` with a zero-width space pasted from a web page). Folding them all to
/// `cafe` once, here, means topic queries, sentiment lexicons and demand phrases agree on what a word
/// is. The folding is Unicode NFKC, lower-casing (with `ß` → `ss`), and removal of Latin, Greek and
/// Cyrillic accents; Chinese, Japanese, Korean and other scripts keep their marks. Zero-width and
/// bidirectional control characters are dropped without splitting the word they sit in.
///
/// Tokens are words in spaced scripts (letters and digits, with inner apostrophes: `don't`),
/// `#hashtags` and `@handles` as tokens of their own kind, and runs of unspaced scripts (Chinese,
/// Japanese, Korean, Thai, …) that matchers search as substrings. Every token has a *position*:
/// words, hashtags and handles take one position each, a run takes one per character, so
/// "within 5 words" reads as "within 5 characters" in Chinese.
public struct NormalizedText: Sendable {
    /// The kinds of token the normalizer produces.
    public enum TokenKind: UInt8, Sendable, Hashable {
        /// Letters and digits of a spaced script.
        case word
        /// `#tag`; the token's text excludes the `#`.
        case hashtag
        /// `@handle`, including fediverse handles (`@user@mastodon.social`); the text excludes the first `@`.
        case handle
        /// A run of an unspaced script, matched by substring.
        case run
    }

    /// One token: where its folded text sits in `utf8` and which positions it occupies.
    public struct Token: Sendable, Hashable {
        let start: Int32
        let end: Int32
        let first: Int32
        let width: Int32
        /// Where the token (its first letter, after any `#` or `@`) starts in the source text's
        /// UTF-8; meaningful only when `isSourceASCII`, as folding changes lengths otherwise.
        let source: Int32
        /// What kind of token this is.
        public let kind: TokenKind
        /// True when the word was written in capitals (at least two letters, none lower-case):
        /// sentiment scoring reads `GREAT` as emphasis, and folding would otherwise lose that.
        public let isAllCaps: Bool

        /// The token's folded text in `NormalizedText.utf8`, without the `#` or `@` marker.
        public var utf8Range: Range<Int> { Int(start)..<Int(end) }
        /// The first position the token occupies.
        public var position: Int { Int(first) }
        /// All positions the token occupies: one for a word, one per character for a run.
        public var positions: Range<Int> { Int(first)..<Int(first + width) }
    }

    /// The folded text as UTF-8: tokens separated by single spaces, hashtags and handles with their marker.
    public let utf8: [UInt8]
    /// The tokens in text order.
    public let tokens: [Token]
    /// One past the last position used by a token.
    public let positionCount: Int
    /// True when the source text was all ASCII (most posts): tokens then map back to the source by
    /// `Token.source`, and matchers may take byte-level shortcuts.
    let isSourceASCII: Bool

    /// Folds and tokenizes `text`; any input, including an empty or 1 MB one, is accepted.
    public init(_ text: String) {
        self.init(text, keepingWildcards: false)
    }

    /// Folds and tokenizes; with `keepingWildcards`, `*` and `?` count as letters so query terms
    /// like `charge*` fold the same way as the words they are meant to match.
    init(_ text: String, keepingWildcards: Bool) {
        let folded = text.withBytes { utf8 in
            Tokenizer.fold(utf8, keepingWildcards: keepingWildcards, stopOnComposing: true)
        }
        if let folded {
            (utf8, tokens, positionCount, isSourceASCII) = folded
            return
        }
        var composed = text.precomposedStringWithCanonicalMapping
        (utf8, tokens, positionCount, isSourceASCII) =
            composed.withUTF8 { utf8 in
                Tokenizer.fold(utf8, keepingWildcards: keepingWildcards, stopOnComposing: false)
            } ?? ([], [], 0, false)
    }

    /// A text with no tokens, shared instead of folding an absent title.
    static let empty = NormalizedText("")

    /// The folded text, for display (`hark try`) and tests.
    public var string: String { String(decoding: utf8, as: UTF8.self) }

    /// The folded text of one token, without its marker.
    public func text(of token: Token) -> String {
        String(decoding: utf8[token.utf8Range], as: UTF8.self)
    }

    /// The folded texts of all tokens, in order.
    public var words: [String] { tokens.map { text(of: $0) } }

    /// Runs `body` with the text read in place.
    func withFolded<R>(_ body: (FoldedText) -> R) -> R {
        utf8.withUnsafeBufferPointer { utf8 in
            tokens.withUnsafeBufferPointer { tokens in
                body(FoldedText(utf8: utf8, tokens: tokens, positionCount: positionCount, isSourceASCII: isSourceASCII))
            }
        }
    }

    /// Folds `utf8` into `buffer` from offset `start` on, appending its tokens to `tokens`: what
    /// `FoldArena` writes a batch's folds with (see `Tokenizer.fold(_:into:at:tokens:stopOnComposing:)`).
    static func fold(
        _ utf8: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8], at start: Int,
        tokens: inout [Token], stopOnComposing: Bool
    ) -> (Int, Int, Bool)? {
        Tokenizer.fold(utf8, into: &buffer, at: start, tokens: &tokens, stopOnComposing: stopOnComposing)
    }

    /// An owned copy of a text read in place, for the few readings that keep or slice it.
    init(copying folded: FoldedText) {
        utf8 = Array(folded.utf8)
        tokens = Array(folded.tokens)
        positionCount = folded.positionCount
        isSourceASCII = folded.isSourceASCII
    }
}

/// Output bytes without the copy-on-write checks of `Array.append` in the innermost loop.
///
/// It writes into memory lent by the caller (the new array's own buffer, so the folded bytes need
/// no copy at the end) until that is full; only then does it take memory of its own.
private struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// False while `base` is the lent buffer, which the writer must not free.
    private(set) var ownsMemory = false

    init(lending buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    deinit { if ownsMemory { base.deallocate() } }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow() }
        base[count] = byte
        count += 1
    }

    /// Appends the ASCII letters and digits from `start` on, lowercased, up to the first other
    /// byte; returns where they end and how many were upper and lower case, counting at most two
    /// capitals and one lower-case letter per eight bytes: a token only asks whether it has two
    /// capitals and no lower case, which the capped counts answer as the true ones would.
    /// Most text is such runs: the loop keeps its state in locals instead of the tokenizer's
    /// fields, and takes eight bytes at a time while eight remain (most words end inside the
    /// first eight).
    @inline(__always)
    mutating func appendASCIIWord(
        _ utf8: UnsafeBufferPointer<UInt8>, from start: Int
    ) -> (end: Int, upper: Int, lower: Int) {
        let n = utf8.count
        while capacity - count < n - start { grow() }
        var out = count
        var j = start
        var upper = 0
        var lower = 0
        let source = UnsafeRawPointer(utf8.baseAddress!)
        let target = UnsafeMutableRawPointer(base)
        while j &+ 8 <= n {
            let word = source.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            let classes = ASCIIWordBytes(word)
            // Eight bytes are written whatever the length of the run: capacity holds the rest of
            // the input, at least eight bytes here, and `count` covers only the run.
            target.storeBytes(of: word | classes.upper >> 2, toByteOffset: out, as: UInt64.self)
            let length = classes.runLength
            let kept = length == 8 ? UInt64.max : (1 << UInt64(length &* 8)) &- 1
            // Counted up to two only (see the doc comment), which needs no population count: on
            // baseline x86-64 that is a dozen instructions, not one.
            let upperBits = classes.upper & kept
            upper &+= upperBits == 0 ? 0 : upperBits & (upperBits &- 1) == 0 ? 1 : 2
            lower &+= classes.lower & kept == 0 ? 0 : 1
            out &+= length
            j &+= length
            if length < 8 {
                count = out
                return (j, upper, lower)
            }
        }
        while j < n {
            let b = utf8[j]
            if b &- 0x61 < 26 {
                lower &+= 1
                base[out] = b
            } else if b &- 0x41 < 26 {
                upper &+= 1
                base[out] = b | 0x20
            } else if b &- 0x30 < 10 {
                base[out] = b
            } else {
                break
            }
            out &+= 1
            j &+= 1
        }
        count = out
        return (j, upper, lower)
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        if ownsMemory { base.deallocate() }
        base = larger
        capacity *= 2
        ownsMemory = true
    }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Which of eight ASCII bytes are upper-case letters, lower-case letters or digits, as the high
/// bit of each byte (SWAR: one 64-bit word, no loop).
private struct ASCIIWordBytes {
    let upper: UInt64
    let lower: UInt64
    /// How many leading bytes (0 to 8) are letters or digits.
    let runLength: Int

    @inline(__always)
    init(_ word: UInt64) {
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        // For a byte below 0x80, `(byte | 0x80) - c` keeps its high bit exactly when byte >= c
        // (c at most 0x80), with no borrow into the next byte.
        let lifted = word | high
        @inline(__always) func atLeast(_ c: UInt8) -> UInt64 { (lifted &- ones &* UInt64(c)) & high }
        let ascii = ~word & high
        upper = atLeast(0x41) & ~atLeast(0x5B) & ascii
        lower = atLeast(0x61) & ~atLeast(0x7B) & ascii
        let digit = atLeast(0x30) & ~atLeast(0x3A) & ascii
        let stops = ~(upper | lower | digit) & high
        runLength = stops.trailingZeroBitCount >> 3
    }
}

/// The state machine that turns folded scalars into tokens.
private struct Tokenizer: ~Copyable {
    enum State { case none, word, hashtag, handle, run }

    var bytes: ByteWriter
    var tokens: [NormalizedText.Token] = []
    var position: Int32 = 0
    var state = State.none
    var contentStart = 0
    var runLength: Int32 = 0
    var upper = 0
    var lower = 0
    /// A `#` or `@` seen at a token boundary, kept if a word follows.
    var pendingMarker: UInt8 = 0
    /// An apostrophe (or `.`, `-`, `@` in a handle) kept only if a letter follows.
    var pendingJoiner: UInt8 = 0
    /// The source offset of the scalar being fed, and of the current token's start.
    var inputIndex: Int32 = 0
    var tokenSource: Int32 = 0
    var sawNonASCII = false
    let keepingWildcards: Bool
    let table: ScalarTable

    init(writingInto buffer: UnsafeMutableBufferPointer<UInt8>, sourceCount: Int, keepingWildcards: Bool) {
        bytes = ByteWriter(lending: buffer)
        // About one token per five bytes of English; growing the array costs more than a few spare slots.
        tokens.reserveCapacity(sourceCount / 4 + 2)
        self.keepingWildcards = keepingWildcards
        table = ScalarTable.shared
    }

    /// A tokenizer that appends to `tokens` (a batch's, moved in and out by the caller).
    init(
        writingInto buffer: UnsafeMutableBufferPointer<UInt8>, tokens: consuming [NormalizedText.Token],
        keepingWildcards: Bool
    ) {
        bytes = ByteWriter(lending: buffer)
        self.tokens = tokens
        self.keepingWildcards = keepingWildcards
        table = ScalarTable.shared
    }

    /// Folds and tokenizes UTF-8 (valid, as every Swift string is); nil when the text needs canonical
    /// composition first and `stopOnComposing` is set.
    ///
    /// The folded bytes are written straight into the array returned, sized for the text plus a
    /// little (folding rarely lengthens a text); one that outgrows it is copied out once at the end.
    static func fold(
        _ utf8: UnsafeBufferPointer<UInt8>, keepingWildcards: Bool, stopOnComposing: Bool
    ) -> ([UInt8], [NormalizedText.Token], Int, Bool)? {
        var folded: (tokens: [NormalizedText.Token], positions: Int, isASCII: Bool)?
        var outgrown: [UInt8]?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(utf8.count + 4, 16)) { buffer, initialized in
            var tokenizer = Tokenizer(writingInto: buffer, sourceCount: utf8.count, keepingWildcards: keepingWildcards)
            initialized = 0
            guard tokenizer.consume(utf8, stopOnComposing: stopOnComposing) else { return }
            tokenizer.endToken()
            if tokenizer.bytes.ownsMemory {
                outgrown = tokenizer.bytes.array
            } else {
                initialized = tokenizer.bytes.count
            }
            folded = (tokenizer.tokens, Int(tokenizer.position), !tokenizer.sawNonASCII)
        }
        guard let folded else { return nil }
        return (outgrown ?? bytes, folded.tokens, folded.positions, folded.isASCII)
    }

    /// Folds and tokenizes UTF-8 into `buffer` from offset `start` on (whose spare part holds at
    /// least the text plus 16 bytes), appending the tokens to `tokens`, with offsets from `start`;
    /// returns the folded length, the positions used and whether the text was ASCII, or nil (with
    /// nothing appended) when the text needs canonical composition first and `stopOnComposing` is set.
    static func fold(
        _ utf8: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8], at start: Int,
        tokens: inout [NormalizedText.Token], stopOnComposing: Bool
    ) -> (Int, Int, Bool)? {
        let tokenCount = tokens.count
        var outgrown: [UInt8]?
        let result = buffer.withUnsafeMutableBufferPointer { buffer -> (Int, Int, Bool)? in
            var tokenizer = Tokenizer(
                writingInto: UnsafeMutableBufferPointer(rebasing: buffer[start...]), tokens: tokens,
                keepingWildcards: false)
            tokens = []
            defer { tokens = tokenizer.tokens }
            guard tokenizer.consume(utf8, stopOnComposing: stopOnComposing) else { return nil }
            tokenizer.endToken()
            if tokenizer.bytes.ownsMemory { outgrown = tokenizer.bytes.array }
            return (tokenizer.bytes.count, Int(tokenizer.position), !tokenizer.sawNonASCII)
        }
        guard let result else {
            tokens.removeSubrange(tokenCount...)
            return nil
        }
        if let outgrown {
            // Longer than the room it was lent: copied in once, after making room.
            if buffer.count - start < outgrown.count + 16 {
                buffer.append(contentsOf: repeatElement(0, count: outgrown.count + 16))
            }
            buffer.replaceSubrange(start..<start + outgrown.count, with: outgrown)
        }
        return result
    }

    mutating func consume(_ utf8: UnsafeBufferPointer<UInt8>, stopOnComposing: Bool) -> Bool {
        let info = table.info
        var index = 0
        let count = utf8.count
        while index < count {
            let lead = UInt32(utf8[index])
            inputIndex = Int32(truncatingIfNeeded: index)
            if lead < 0x80 {
                index += 1
                if state == .none, pendingMarker == 0, (lead | 0x20) &- 0x61 < 26 || lead &- 0x30 < 10 {
                    // A plain word starts (most tokens): its first letter is copied and counted
                    // with the rest of the run, not by `feedWord` one field at a time, which
                    // reloaded the counts right after `startToken` stored them.
                    startToken(.word)
                    let run = bytes.appendASCIIWord(utf8, from: index - 1)
                    index = run.end
                    upper = run.upper
                    lower = run.lower
                    continue
                }
                if lead &- 0x61 < 26 {
                    feedWord(lead, caseFlags: ScalarTable.lowercaseFlag)
                } else if lead &- 0x41 < 26 {
                    feedWord(lead | 0x20, caseFlags: ScalarTable.uppercaseFlag)
                } else if lead &- 0x30 < 10 {
                    // Digits are words without case, as `info` says; letters and digits are most bytes.
                    feedWord(lead, caseFlags: 0)
                } else {
                    let byte = info[Int(lead)]
                    if byte & ScalarTable.roleMask == ScalarTable.Role.separator.rawValue,
                        !keepingWildcards || (lead != 0x2A && lead != 0x3F)
                    {
                        // Spaces and punctuation, the other bytes of most text: what `feed` does
                        // for a separator, without its dispatch.
                        separate()
                    } else {
                        feed(lead, info: byte)
                    }
                    continue
                }
                // Inside a word now, with no joiner pending: the ASCII letters and digits that
                // follow only extend it, so they are copied in one go.
                let run = bytes.appendASCIIWord(utf8, from: index)
                index = run.end
                upper += run.upper
                lower += run.lower
                continue
            }
            sawNonASCII = true
            let value: UInt32
            if lead < 0xE0 {
                value = (lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                value = (lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
                index += 3
            } else {
                value =
                    (lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12
                    | UInt32(utf8[index + 2] & 0x3F) << 6 | UInt32(utf8[index + 3] & 0x3F)
                index += 4
            }
            if value < 0x10000 {
                let byte = info[Int(value)]
                if byte & ScalarTable.composesFlag != 0, stopOnComposing { return false }
                if byte & ScalarTable.foldsFlag != 0 {
                    feedFolded(table.fold[Int(value)], caseFlags: byte)
                } else {
                    feed(value, info: byte)
                }
                continue
            }
            guard let scalar = Unicode.Scalar(value) else { continue }
            let (role, folded) = ScalarTable.supplementary(scalar)
            if let folded {
                for part in folded { feedPart(part) }
            } else {
                feed(value, role: role, caseFlags: 0)
            }
        }
        return true
    }

    mutating func feedFolded(_ folded: UInt32, caseFlags: UInt8) {
        if folded & ScalarTable.multiTag == 0 {
            let info = folded < 0x10000 ? table.info[Int(folded)] : ScalarTable.Role.word.rawValue
            feed(
                folded,
                info: info & ScalarTable.roleMask | caseFlags & (ScalarTable.uppercaseFlag | ScalarTable.lowercaseFlag))
            return
        }
        let offset = Int(folded & 0x7FFF_FFFF) >> 8
        let count = Int(folded & 0xFF)
        for index in offset..<offset + count { feedPart(table.multi[index]) }
    }

    mutating func feedPart(_ value: UInt32) {
        if value < 0x10000 {
            feed(value, info: table.info[Int(value)] & ScalarTable.roleMask)
        } else if let scalar = Unicode.Scalar(value) {
            feed(value, role: ScalarTable.supplementary(scalar).role, caseFlags: 0)
        }
    }

    @inline(__always)
    mutating func feed(_ value: UInt32, info: UInt8) {
        feed(value, role: ScalarTable.Role(rawValue: info & ScalarTable.roleMask) ?? .separator, caseFlags: info)
    }

    mutating func feed(_ value: UInt32, role: ScalarTable.Role, caseFlags: UInt8) {
        switch role {
        case .word:
            feedWord(value, caseFlags: caseFlags)
        case .run:
            if state != .run {
                endToken()
                startToken(.run)
                runLength = 0
            }
            append(value)
            runLength += 1
        case .ignored:
            return
        case .mark:
            if state == .none || pendingJoiner != 0 {
                separate()
            } else {
                append(value)
            }
        case .apostrophe:
            if state == .word || state == .hashtag || state == .handle, pendingJoiner == 0 {
                pendingJoiner = 0x27
            } else {
                separate()
            }
        case .hash, .at:
            if role == .at, state == .handle, pendingJoiner == 0 {
                pendingJoiner = 0x40
                return
            }
            let atBoundary = state == .none || state == .run
            endToken()
            pendingMarker = atBoundary ? UInt8(value) : 0
        case .underscore:
            if state == .hashtag || state == .handle || (state == .none && pendingMarker != 0) {
                feedWord(value, caseFlags: 0)
            } else {
                separate()
            }
        case .handleJoiner:
            if state == .handle, pendingJoiner == 0 {
                pendingJoiner = UInt8(value)
            } else {
                separate()
            }
        case .separator:
            if keepingWildcards, value == 0x2A || value == 0x3F {
                feedWord(value, caseFlags: 0)
            } else {
                separate()
            }
        }
    }

    @inline(__always)
    mutating func feedWord(_ value: UInt32, caseFlags: UInt8) {
        switch state {
        case .word, .hashtag, .handle:
            if pendingJoiner != 0 {
                bytes.append(pendingJoiner)
                pendingJoiner = 0
            }
        case .run:
            endToken()
            startWord()
        case .none:
            startWord()
        }
        if caseFlags & ScalarTable.uppercaseFlag != 0 { upper += 1 }
        if caseFlags & ScalarTable.lowercaseFlag != 0 { lower += 1 }
        append(value)
    }

    mutating func startWord() {
        switch pendingMarker {
        case 0x23: startToken(.hashtag)
        case 0x40: startToken(.handle)
        default: startToken(.word)
        }
    }

    mutating func startToken(_ kind: State) {
        if !bytes.isEmpty { bytes.append(0x20) }
        if kind == .hashtag || kind == .handle { bytes.append(pendingMarker) }
        pendingMarker = 0
        state = kind
        tokenSource = inputIndex
        contentStart = bytes.count
        upper = 0
        lower = 0
    }

    mutating func separate() {
        endToken()
        pendingMarker = 0
    }

    mutating func endToken() {
        pendingJoiner = 0
        let kind: NormalizedText.TokenKind
        switch state {
        case .none: return
        case .word: kind = .word
        case .hashtag: kind = .hashtag
        case .handle: kind = .handle
        case .run: kind = .run
        }
        let width: Int32 = kind == .run ? runLength : 1
        tokens.append(
            NormalizedText.Token(
                start: Int32(contentStart), end: Int32(bytes.count), first: position, width: width, source: tokenSource,
                kind: kind,
                isAllCaps: upper >= 2 && lower == 0))
        position += width
        state = .none
    }

    @inline(__always)
    mutating func append(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
