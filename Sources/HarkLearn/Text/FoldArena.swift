import Foundation

/// A folded text read where it lies: a `NormalizedText`'s arrays (`withFolded`) or a batch's
/// shared buffers (`FoldArena`).
///
/// The screens every post goes through (abuse, demand, topic anchors) only read a fold's bytes and
/// tokens. Handed a `NormalizedText`, each call retained and released its two arrays, and each
/// text's fold cost two allocations; a batch folds all its texts into one buffer instead and hands
/// out views, which hold no references. Valid only while the memory it points into is.
struct FoldedText {
    /// The folded text as UTF-8, as `NormalizedText.utf8`.
    let utf8: UnsafeBufferPointer<UInt8>
    /// The tokens, with offsets into `utf8`, as `NormalizedText.tokens`.
    let tokens: UnsafeBufferPointer<NormalizedText.Token>
    let positionCount: Int
    let isSourceASCII: Bool
}

/// The folds of a batch of texts, back to back in shared buffers that keep their memory from batch to
/// batch: no allocation per text, and views (`FoldedText`) with no reference counting.
struct FoldArena: Sendable {
    /// Folded bytes. Every byte is initialized (past `used`, with whatever an earlier batch left),
    /// so a text's fold is written in place into the spare part.
    private var bytes: [UInt8] = []
    private var used = 0
    private var tokens: [NormalizedText.Token] = []
    private var spans: [Span] = []

    fileprivate struct Span: Sendable {
        var bytes: Range<Int>
        var tokens: Range<Int>
        var positionCount: Int
        var isSourceASCII: Bool
    }

    var count: Int { spans.count }

    /// Forgets every fold, keeping the memory.
    mutating func removeAll() {
        used = 0
        tokens.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// Folds `text` (valid UTF-8) after the others, exactly as `NormalizedText(_:)` folds it.
    mutating func append(folding text: UnsafeBufferPointer<UInt8>) {
        let tokenStart = tokens.count
        let start = used
        makeRoom(for: text.count)
        var folded = NormalizedText.fold(text, into: &bytes, at: used, tokens: &tokens, stopOnComposing: true)
        if folded == nil {
            // Needs canonical composition first, as `NormalizedText.init` does.
            var composed = String(decoding: text, as: UTF8.self).precomposedStringWithCanonicalMapping
            folded = composed.withUTF8 { utf8 in
                makeRoom(for: utf8.count)
                return NormalizedText.fold(utf8, into: &bytes, at: used, tokens: &tokens, stopOnComposing: false)
            }
        }
        let (length, positions, isASCII) = folded ?? (0, 0, false)
        used += length
        spans.append(
            Span(
                bytes: start..<used, tokens: tokenStart..<tokens.count, positionCount: positions,
                isSourceASCII: isASCII))
    }

    /// Grows the spare part (doubling) to hold a text of `count` bytes plus the slack the fold asks
    /// of its buffer for its eight-byte stores.
    private mutating func makeRoom(for count: Int) {
        let room = count + 16
        if bytes.count - used < room { bytes.append(contentsOf: repeatElement(0, count: max(room, bytes.count))) }
    }

    /// Runs `body` with the buffers read in place; `FoldArena.Views.subscript` gives each text's fold.
    func withViews<R>(_ body: (Views) -> R) -> R {
        bytes.withUnsafeBufferPointer { bytes in
            tokens.withUnsafeBufferPointer { tokens in
                spans.withUnsafeBufferPointer { spans in
                    body(Views(bytes: bytes, tokens: tokens, spans: spans))
                }
            }
        }
    }

    /// The arena's folds, each as a `FoldedText`.
    struct Views {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let tokens: UnsafeBufferPointer<NormalizedText.Token>
        fileprivate let spans: UnsafeBufferPointer<Span>

        subscript(index: Int) -> FoldedText {
            let span = spans[index]
            return FoldedText(
                utf8: UnsafeBufferPointer(rebasing: bytes[span.bytes]),
                tokens: UnsafeBufferPointer(rebasing: tokens[span.tokens]), positionCount: span.positionCount,
                isSourceASCII: span.isSourceASCII)
        }
    }
}
