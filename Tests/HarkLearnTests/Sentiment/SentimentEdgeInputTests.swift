import HarkLearn
import Testing

@Suite("Inputs that must be classified without error")
struct SentimentEdgeInputTests {
    let analyzer = SentimentFixture.analyzer

    @Test func emptyAndBlankTexts() {
        for text in ["", " ", "\n\t", "!!!???", "\u{200B}\u{200B}"] {
            let result = analyzer.analyze(text)
            #expect(result.score == 0 && result.label == .neutral)
            #expect(result.contributions.isEmpty)
        }
        #expect(analyzer.analyze("").positive == 0 && analyzer.analyze("").neutral == 0)
    }

    @Test func oneMegabyteText() {
        let unit = "great service but slow delivery 😀 很好 "
        let text = String(repeating: unit, count: 1_048_576 / unit.utf8.count + 1)
        #expect(text.utf8.count >= 1_048_576)
        let result = analyzer.classify(text)
        #expect((-1...1).contains(result.score))
        #expect(result.label == .positive)
        let oneWord = String(repeating: "a", count: 1_048_576)
        #expect(analyzer.analyze(oneWord).score == 0)
        let chinese = String(repeating: "服务很好但是价格太贵", count: 40_000)
        #expect((-1...1).contains(analyzer.classify(chinese).score))
    }

    @Test func emojiOnlyPosts() {
        #expect(analyzer.analyze("😀😀😀").label == .positive)
        #expect(analyzer.analyze("😠").label == .negative)
        #expect(analyzer.analyze("👨‍👩‍👧").score == 0, "ZWJ family: neutral parts")
        #expect(analyzer.analyze("🏳️‍🌈🇫🇷").score == 0)
    }

    @Test func zeroWidthCharactersDoNotHideWords() {
        #expect(analyzer.analyze("go\u{200B}od").score == analyzer.analyze("good").score)
        #expect(analyzer.analyze("\u{FEFF}terrible\u{200D}").label == .negative)
        #expect(analyzer.analyze("not\u{00A0}good").score == analyzer.analyze("not good").score, "NBSP separates")
    }

    @Test func rightToLeftTexts() {
        #expect(analyzer.analyze("\u{202B}هذا المنتج رائع\u{202C}").score == 0)
        #expect(analyzer.analyze("\u{200F}great\u{200F} שירות").label == .positive)
    }

    @Test func invalidBytesDecodedToReplacementCharacters() {
        let text = String(decoding: [0xFF, 0xFE, 0x67, 0x6F, 0x6F, 0x64, 0xC3, 0x20, 0xED, 0xA0, 0x80], as: UTF8.self)
        #expect(text.unicodeScalars.contains("\u{FFFD}"))
        #expect(analyzer.analyze(text).label == .positive)
    }

    @Test func controlCharactersCombiningMarksAndOtherScripts() {
        for text in [
            "\0good\u{7}", "e\u{301}\u{301}\u{301}", "Ｇｏｏｄ", "😀\u{FE0F}\u{20E3}", "İSTANBUL çok güzel", "한국어 좋아요",
            "\u{10FFFF}\u{E0001}",
        ] {
            let result = analyzer.analyze(text)
            #expect((-1...1).contains(result.score))
        }
    }
}
