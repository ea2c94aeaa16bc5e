import HarkLearn
import Testing

/// The phrase merge is skipped unless a word that may start a phrase is followed by one that may
/// be a phrase's second word (a filter of the second words, stripped of punctuation at their
/// ends). These tests hold the merge to finding every phrase the full search found: after an
/// earlier phrase start that leads nowhere, with punctuation around the words, in capitals, and
/// with second words that are in no other key.
@Suite("Phrase merge")
struct SentimentPhraseMergeTests {
    /// A lexicon of its own, so the second words ("a", "the", "of") are keys only as parts of
    /// phrases, and "moon" and "leg" score apart from their phrases.
    let analyzer = SentimentAnalyzer(
        lexicon: SentimentLexicon(valences: [
            "over the moon": 3.0, "moon": -1.0, "break a leg": 2.0, "leg": -0.5, "waste of time": -2.5,
            "joyed": 0.5,
        ]),
        modifiers: SentimentModifiers(boosters: [:], negators: [], contrasts: []))

    private func idioms(_ text: String) -> [String] {
        analyzer.analyze(text).contributions.compactMap { contribution in
            contribution.modifiers.contains(where: { if case .idiom = $0 { true } else { false } })
                ? contribution.text : nil
        }
    }

    @Test func aPhraseAfterAStartThatLeadsNowhereIsMerged() {
        // The first "over" is followed by "joyed", which is no phrase's second word.
        #expect(idioms("we were over joyed, then over the moon") == ["over the moon"])
        let result = analyzer.analyze("we were over joyed, then over the moon")
        #expect(!result.contributions.contains(where: { $0.text == "moon" }), "moon read inside its phrase")
        #expect(result.contributions.contains(where: { $0.text == "over the moon" && $0.base == 3.0 }))
    }

    @Test func punctuationAroundTheWordsDoesNotHideAPhrase() {
        // The contribution quotes the words as written, punctuation included.
        #expect(idioms("(break a leg)") == ["(break a leg)"])
        #expect(idioms("\"waste of time!\"") == ["\"waste of time!\""])
        #expect(idioms("BREAK A LEG tonight") == ["BREAK A LEG"])
    }

    @Test func wordsThatOnlyLookAlikeAreNotMerged() {
        // A word between the phrase's words, or punctuation inside the phrase, breaks it.
        #expect(idioms("break a bad leg").isEmpty)
        #expect(idioms("break a, leg").isEmpty)
        #expect(idioms("over the").isEmpty)
        #expect(analyzer.analyze("break a bad leg").contributions.map(\.text) == ["leg"])
    }

    @Test func theShippedLexiconStillReadsItsIdioms() {
        for (text, idiom) in [
            ("this phone does cut the mustard", "cut the mustard"), ("to the point: the bomb!", "the bomb!"),
        ] {
            let found = SentimentFixture.analyzer.analyze(text).contributions.first {
                $0.modifiers.contains(where: { if case .idiom = $0 { true } else { false } })
            }
            #expect(found?.text == idiom, "\(text)")
        }
    }
}
