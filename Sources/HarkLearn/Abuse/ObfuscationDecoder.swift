/// Reads words people disguise to slip past filters back as the lexicon word they hide:
/// leetspeak (`id10t`, `a$$hole`, `sh!t`, `b1tch`) and masking (`f***`, `f**king`, `f#ck`).
///
/// It works on the raw text, before folding, because folding turns `$`, `!`, `*` and `@` into word
/// breaks and `a$$hole` would become `a hole`. A chunk of ASCII letters, digits and the symbols
/// `* # $ @ ! | %` is decoded only when it mixes letters with digits or symbols inside the word; a
/// decoding is kept only when it spells a word of the lexicon, so `3pm`, `mp3`, `c++`, `e.g.`
/// and `$5` stay as they are. Masks are resolved against the swear words, slurs and strong insults
/// of the lexicon (`f**king` = `f` + two letters + `king` = `fuck*` + `ing`); where several fit, the
/// longest word that explains every mask wins, then the lowest-weighted one, so a mask never makes
/// a text look worse than the mildest reading.
struct ObfuscationDecoder: Sendable {
    /// One disguised word and what it was read as.
    struct Rewrite: Sendable, Hashable {
        var written: String
        var decoded: String
    }

    /// Words a disguised chunk may decode to (abusive words and second-person words).
    private let words: Set<String>
    /// Word stems (`idiot` for `idiot*`).
    private let stems: [[UInt8]]
    /// Abusive single words and stems that a mask may stand for, with their weights.
    private let maskable: [(word: [UInt8], weight: Double, isStem: Bool)]

    init(words: Set<String>, stems: Set<String>, maskable: [(word: String, weight: Double, isStem: Bool)]) {
        self.words = words
        self.stems = stems.map { Array($0.utf8) }.sorted { $0.count > $1.count }
        self.maskable = maskable.sorted { (-$0.word.count, $0.weight, $0.word) < (-$1.word.count, $1.weight, $1.word) }
            .map { (Array($0.word.utf8), $0.weight, $0.isStem) }
    }

    /// Byte classes for the scan: 1 letter, 2 digit, 3 obfuscation symbol, 0 anything else.
    private static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = 1 }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = 1 }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = 2 }
        for symbol in "*#$@!|%".utf8 { table[Int(symbol)] = 3 }
        return table
    }()

    /// `text` with every disguised word replaced by the word it hides, and what was replaced;
    /// `nil` when nothing was (the common case, which costs one scan of the bytes).
    func rewrite(_ text: String) -> (text: String, rewrites: [Rewrite])? {
        text.withBytes { bytes -> (text: String, rewrites: [Rewrite])? in
            // Most texts have no letter next to a digit or symbol: one tight scan says so.
            guard Self.hasDisguise(bytes) else { return nil }
            let classes = Self.classes
            var output: [UInt8] = []
            var copied = 0
            var rewrites: [Rewrite] = []
            var index = 0
            let count = bytes.count
            while index < count {
                guard classes[Int(bytes[index])] != 0 else {
                    index += 1
                    continue
                }
                let start = index
                var kinds: UInt8 = 0
                while index < count, case let kind = classes[Int(bytes[index])], kind != 0 {
                    kinds |= 1 << kind
                    index += 1
                }
                // Only chunks with letters and digits or symbols can be disguised words.
                guard kinds & 0b10 != 0, kinds & 0b1100 != 0 else { continue }
                guard let (range, decoded) = decode(bytes, start..<index) else { continue }
                output.append(contentsOf: bytes[copied..<range.lowerBound])
                output.append(contentsOf: decoded.utf8)
                copied = range.upperBound
                rewrites.append(
                    Rewrite(
                        written: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self),
                        decoded: decoded))
            }
            guard !rewrites.isEmpty else { return nil }
            output.append(contentsOf: bytes[copied..<count])
            return (String(decoding: output, as: UTF8.self), rewrites)
        }
    }

    /// True when some ASCII letter touches a digit or one of the symbols, other than the `#` or `@`
    /// that starts a hashtag or handle and the `!` that ends a sentence: the only texts that can
    /// hold a disguised word.
    ///
    /// Only a chunk of letters, digits and symbols that holds a digit or symbol can answer yes, so
    /// the scan skips eight bytes at a time to the next digit or symbol (`nextDigitOrSymbol`) and
    /// reads byte by byte only from the start of the chunk around it to the chunk's end. Every
    /// other byte (not a letter, digit or symbol) ends a chunk and resets the reading, which is why
    /// starting over at a chunk's start gives the answer the byte-by-byte scan of the whole text
    /// gives.
    static func hasDisguise(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        Self.classes.withUnsafeBufferPointer { classes in
            var resume = 0
            while true {
                let found = nextDigitOrSymbol(bytes, from: resume, classes: classes)
                guard found < bytes.count else { return false }
                // Back to the start of the chunk: only letters lie between it and `found`.
                var index = found
                while index > resume, classes[Int(bytes[index - 1])] != 0 { index -= 1 }
                var previous: UInt8 = 0
                while index < bytes.count {
                    var kind = classes[Int(bytes[index])]
                    let byte = bytes[index]
                    if previous == 0, byte == UInt8(ascii: "#") || byte == UInt8(ascii: "@") {
                        kind = 0
                    } else if byte == UInt8(ascii: "!"), previous == 1 {
                        var end = index
                        while end < bytes.count, bytes[end] == UInt8(ascii: "!") { end += 1 }
                        if end == bytes.count || classes[Int(bytes[end])] == 0 {
                            index = end
                            previous = 0
                            continue
                        }
                    }
                    if (kind == 1 && previous >= 2) || (previous == 1 && kind >= 2) { return true }
                    previous = kind
                    index += 1
                    // A byte of no class ends the chunk: read on from the next digit or symbol.
                    if classes[Int(byte)] == 0 { break }
                }
                resume = index
            }
        }
    }

    /// The index of the first byte from `start` that is a digit or a symbol (class 2 or 3), or
    /// `bytes.count`. Eight bytes at a time: a byte can only be one when it lies in 0x21…0x40 or is
    /// `|`, and most eight-byte blocks of a post hold none.
    @inline(__always)
    private static func nextDigitOrSymbol(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, classes: UnsafeBufferPointer<UInt8>
    ) -> Int {
        var index = start
        let count = bytes.count
        if count >= 8 {
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            let high: UInt64 = 0x8080_8080_8080_8080
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while index + 8 <= count {
                let block = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let ascii = block & low
                // Bit 7 of a byte set when the byte (without its top bit) is at least 0x21, at least 0x41.
                let atLeast21 = (ascii &+ 0x5F5F_5F5F_5F5F_5F5F) & high
                let atLeast41 = (ascii &+ 0x3F3F_3F3F_3F3F_3F3F) & high
                let bar = ascii ^ 0x7C7C_7C7C_7C7C_7C7C
                let isBar = ~((bar &+ low) | bar) & high
                var candidates = ((atLeast21 & ~atLeast41) | isBar) & ~block & high
                while candidates != 0 {
                    let offset = index + candidates.trailingZeroBitCount >> 3
                    if classes[Int(bytes[offset])] >= 2 { return offset }
                    candidates &= candidates &- 1
                }
                index += 8
            }
        }
        while index < count, classes[Int(bytes[index])] < 2 { index += 1 }
        return index
    }

    /// The part of `chunk` that is a disguised word and the word, or `nil`.
    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ chunk: Range<Int>) -> (Range<Int>, String)? {
        var lower = chunk.lowerBound
        var upper = chunk.upperBound
        func byte(_ i: Int) -> UInt8 { bytes[i] }
        // `**bold**` is emphasis, not a mask; `great!!!` ends a sentence; `#tag` and `@handle` are names.
        if byte(lower) == UInt8(ascii: "*") {
            while lower < upper, byte(lower) == UInt8(ascii: "*") { lower += 1 }
            while upper > lower, byte(upper - 1) == UInt8(ascii: "*") { upper -= 1 }
        }
        while upper > lower, byte(upper - 1) == UInt8(ascii: "!") || byte(upper - 1) == UInt8(ascii: "|") {
            upper -= 1
        }
        if lower < upper, byte(lower) == UInt8(ascii: "@") { return nil }
        if lower < upper, byte(lower) == UInt8(ascii: "#") { lower += 1 }
        let length = upper - lower
        guard length >= 3, length <= 24 else { return nil }
        var letters = 0
        var disguised = false
        for i in lower..<upper {
            switch Self.classes[Int(byte(i))] {
            case 1: letters += 1
            default: disguised = true
            }
        }
        guard letters >= 1, disguised, Self.classes[Int(byte(lower))] != 0 else { return nil }
        guard let word = resolve(Array(bytes[lower..<upper])) else { return nil }
        return (lower..<upper, word)
    }

    /// The lexicon word a disguised spelling stands for, trying every reading of ambiguous
    /// characters (`1` is `i` or `l`, `|` is `l` or `i`).
    private func resolve(_ chunk: [UInt8]) -> String? {
        var readings: [[UInt8]] = [[]]
        for byte in chunk {
            let options: [UInt8]
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): options = [byte | 0x20]
            case UInt8(ascii: "a")...UInt8(ascii: "z"): options = [byte]
            case UInt8(ascii: "0"): options = [UInt8(ascii: "o")]
            case UInt8(ascii: "1"): options = [UInt8(ascii: "i"), UInt8(ascii: "l")]
            case UInt8(ascii: "3"): options = [UInt8(ascii: "e")]
            case UInt8(ascii: "4"), UInt8(ascii: "@"): options = [UInt8(ascii: "a")]
            case UInt8(ascii: "5"), UInt8(ascii: "$"): options = [UInt8(ascii: "s")]
            case UInt8(ascii: "7"): options = [UInt8(ascii: "t")]
            case UInt8(ascii: "8"): options = [UInt8(ascii: "b")]
            case UInt8(ascii: "9"): options = [UInt8(ascii: "g")]
            case UInt8(ascii: "!"): options = [UInt8(ascii: "i")]
            case UInt8(ascii: "|"): options = [UInt8(ascii: "l"), UInt8(ascii: "i")]
            case UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "%"): options = [UInt8(ascii: "?")]
            default: return nil
            }
            if options.count == 1 {
                for i in readings.indices { readings[i].append(options[0]) }
            } else {
                guard readings.count < 8 else { return nil }
                readings = readings.flatMap { reading in options.map { reading + [$0] } }
            }
        }
        for reading in readings {
            if reading.contains(UInt8(ascii: "?")) {
                if let word = unmask(reading) { return word }
            } else {
                let word = String(decoding: reading, as: UTF8.self)
                if words.contains(word) || stems.contains(where: { reading.starts(with: $0) }) { return word }
            }
        }
        return nil
    }

    /// The mildest abusive word that fits a masked pattern (`?` for each masked letter).
    private func unmask(_ pattern: [UInt8]) -> String? {
        let masked = pattern.count(where: { $0 == UInt8(ascii: "?") })
        guard pattern[0] != UInt8(ascii: "?"), masked < pattern.count else { return nil }
        for (word, _, isStem) in maskable {
            if isStem {
                // `f**king` against `fuck*`: the stem fits the start, the rest is spelled out.
                guard pattern.count >= word.count, !pattern[word.count...].contains(UInt8(ascii: "?")) else { continue }
                if fits(pattern[..<word.count], word) {
                    return String(decoding: word + pattern[word.count...], as: UTF8.self)
                }
            } else if pattern.count == word.count, fits(pattern[...], word) {
                return String(decoding: word, as: UTF8.self)
            }
        }
        return nil
    }

    private func fits(_ pattern: ArraySlice<UInt8>, _ word: [UInt8]) -> Bool {
        zip(pattern, word).allSatisfy { $0 == UInt8(ascii: "?") || $0 == $1 }
    }
}
