import Testing

@testable import HarkLearn

/// A batch's folds, written back to back into one buffer, are each exactly the fold
/// `NormalizedText` makes of the text alone: bytes, tokens, positions and the ASCII flag.
@Suite("FoldArena: a batch's folds in shared buffers")
struct FoldArenaTests {
    /// Texts that take every path of the fold: plain ASCII, capitals, hashtags and handles, accents
    /// written as combining marks (folded only after composition), a fold longer than its text
    /// (`㍿` to 株式会社, which outgrows the room the arena lends), empty and emoji-only texts,
    /// Chinese, and a text long enough to make the arena grow.
    static let texts = [
        "Please add dark mode", "LOVE IT!!! #Refund @CineClub_UK", "cafe\u{301} and re\u{301}sume\u{301}", "",
        "A " + String(repeating: "㍿", count: 40) + " b", "😀😀", "退款还没到账，太慢了", "ok",
        String(repeating: "word ", count: 3_000), "ﬁnally ① Ｃａｆｅ", "don't won’t",
    ]

    static func expectSame(_ folded: FoldedText, _ expected: NormalizedText, _ text: String) {
        #expect(Array(folded.utf8) == expected.utf8, "\(text.prefix(40))")
        #expect(Array(folded.tokens) == expected.tokens, "\(text.prefix(40))")
        #expect(folded.positionCount == expected.positionCount, "\(text.prefix(40))")
        #expect(folded.isSourceASCII == expected.isSourceASCII, "\(text.prefix(40))")
    }

    @Test func eachFoldIsTheTextsOwn() {
        var arena = FoldArena()
        for text in Self.texts { text.withBytes { arena.append(folding: $0) } }
        #expect(arena.count == Self.texts.count)
        arena.withViews { views in
            for (index, text) in Self.texts.enumerated() { Self.expectSame(views[index], NormalizedText(text), text) }
        }
    }

    /// Emptied and refilled in another order (bytes of the first batch left past the end), the
    /// arena still gives each text's own fold.
    @Test func reusedForAnotherBatch() {
        var arena = FoldArena()
        for text in Self.texts { text.withBytes { arena.append(folding: $0) } }
        arena.removeAll()
        #expect(arena.count == 0)
        let second = Self.texts.reversed() + ["x"]
        for text in second { text.withBytes { arena.append(folding: $0) } }
        arena.withViews { views in
            for (index, text) in second.enumerated() { Self.expectSame(views[index], NormalizedText(text), text) }
        }
    }

    /// A fold longer than the room the arena lends (the first text of a new arena, folding to four
    /// times its length) is copied in whole, and the next text's fold starts after it.
    @Test func foldOutgrowingItsRoom() {
        let squares = String(repeating: "㍿", count: 40)
        let texts = [squares, "after it", squares + " 𝒜"]
        var arena = FoldArena()
        for text in texts { text.withBytes { arena.append(folding: $0) } }
        arena.withViews { views in
            for (index, text) in texts.enumerated() { Self.expectSame(views[index], NormalizedText(text), text) }
            #expect(views[0].utf8.count == 4 * squares.utf8.count)
        }
    }

    /// A `NormalizedText` copied from a view is the fold the view shows.
    @Test func copyingAView() {
        for text in Self.texts {
            let folded = NormalizedText(text)
            let copy = folded.withFolded { NormalizedText(copying: $0) }
            #expect(copy.utf8 == folded.utf8)
            #expect(copy.tokens == folded.tokens)
            #expect(copy.positionCount == folded.positionCount)
            #expect(copy.isSourceASCII == folded.isSourceASCII)
        }
    }
}
