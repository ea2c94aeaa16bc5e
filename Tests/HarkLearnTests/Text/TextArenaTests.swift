import Testing

@testable import HarkLearn

/// A batch's texts, written back to back into one buffer, each read back byte for byte.
@Suite("TextArena: a batch's texts in one buffer")
struct TextArenaTests {
    @Test func textsAreKeptByteForByte() {
        let texts = FoldArenaTests.texts
        var arena = TextArena()
        for text in texts { arena.append(text) }
        arena.withViews { views in
            for (index, text) in texts.enumerated() {
                #expect(String(decoding: views[index], as: UTF8.self) == text)
                #expect(Array(views[index]) == Array(text.utf8))
            }
        }
        // Emptied, the arena reads a second batch from its start.
        arena.removeAll()
        arena.append("second")
        arena.withViews { #expect(Array($0[0]) == Array("second".utf8)) }
    }
}
