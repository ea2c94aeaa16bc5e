import HarkLearn
import Testing

/// The term table keeps a key's first eight bytes and its length in the slot and compares the
/// rest only on a match: keys that agree on those and differ later must still be told apart.
@Suite("Term lookup by bytes")
struct SentimentLookupTests {
    /// The valence the analyzer read for the only word of `text`, nil when it found none.
    func base(_ analyzer: SentimentAnalyzer, _ text: String) -> Double? {
        let contributions = analyzer.analyze(text).contributions
        return contributions.count == 1 ? contributions[0].base : nil
    }

    @Test func keysSharingTheirFirstEightBytes() {
        let valences: [String: Double] = [
            "abcdefg": 1, "abcdefgh": 2, "abcdefghi": 3, "abcdefghij": -1, "abcdefghik": -2,
            "abcdefghijklmnop": 1.5, "abcdefghijklmnopq": -1.5, "abcdefghijklmnopqr": 2.5,
        ]
        let analyzer = SentimentAnalyzer(lexicon: SentimentLexicon(valences: valences))
        for (term, valence) in valences {
            #expect(base(analyzer, term) == valence, "\(term)")
            #expect(base(analyzer, term.uppercased() + " zzq") == valence, "\(term) in capitals")
            #expect(base(analyzer, "\(term).") == valence, "\(term) before a full stop")
        }
        for unknown in ["abcdef", "abcdefgi", "abcdefghix", "abcdefghijklmno", "abcdefghijklmnopqrs", "bbcdefgh"] {
            #expect(base(analyzer, unknown) == nil, "\(unknown)")
        }
    }

    @Test func everyLongEnglishTermIsFound() {
        let lexicon = SentimentFixture.lexicon
        let analyzer = SentimentFixture.analyzer
        var checked = 0
        for (term, valence) in lexicon.valences
        where term.utf8.count > 8 && term.allSatisfy({ $0.isASCII && $0.isLetter }) && valence != 0 {
            #expect(base(analyzer, term) == min(4, max(-4, valence)), "\(term)")
            // One letter changed after the first eight bytes: not the same word.
            var misspelt = Array(term.utf8)
            misspelt[misspelt.count - 1] = misspelt.last == 0x71 ? 0x78 : 0x71
            let other = String(decoding: misspelt, as: UTF8.self)
            if lexicon.valences[other] == nil { #expect(base(analyzer, other) == nil, "\(other)") }
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test func keysLongerThanTheSlotLengthField() {
        let long = String(repeating: "a", count: 70_000)
        let analyzer = SentimentAnalyzer(lexicon: SentimentLexicon(valences: [long: 2, "ok": 1]))
        #expect(base(analyzer, long) == 2)
        #expect(base(analyzer, String(long.dropLast())) == nil)
        #expect(base(analyzer, long + "a") == nil)
    }
}
