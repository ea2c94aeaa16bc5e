import Testing

@testable import HarkLearn

/// The Chinese table is built by the first text that needs it: `holdsHan` must find every text
/// with a Han character and no other, and a fresh analyzer must score Chinese the same whether its
/// first Chinese texts arrive one at a time or on many tasks at once.
@Suite("Sentiment: the Chinese table built on first use")
struct SentimentHanTableTests {
    static func holdsHan(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { SentimentAnalyzer.holdsHan($0) }
    }

    /// Every Han scalar, at every offset in and after an eight-byte block of ASCII.
    @Test func everyHanScalarIsFound() {
        var checked = 0
        for value in UInt32(0x80)...0x32400 {
            guard let scalar = Unicode.Scalar(value), ScalarClass(value) == .han else { continue }
            let prefix = String(repeating: "a", count: Int(value % 11))
            #expect(Self.holdsHan(prefix + String(scalar) + "bc"), "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 90_000)
    }

    @Test(arguments: [
        "", "plain ASCII text that runs past several eight-byte blocks!!", "café déjà vu ñandú", "Ｃａｆｅ",
        "great 😀👍🏽 ❤️", "русский текст", "ελληνικά", "עברית ‏RTL‏", "zero\u{200B}width",
        "かな、カナ。", "한국어", "ﬁ ﬂ", "\u{E000}\u{FFFD}", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🀄",
    ])
    func textsWithoutHanAreCleared(_ text: String) {
        #expect(!Self.holdsHan(text), "\(text)")
    }

    /// English, emoji, full-width letters and kana leave the table unbuilt; the first Chinese text
    /// builds it.
    @Test func onlyAChineseTextBuildsTheTable() {
        let analyzer = SentimentAnalyzer(lexicon: SentimentFixture.lexicon)
        for text in ["great service 😀", "ＧＲＥＡＴ", "すごい！", "café ☕️", ""] { _ = analyzer.classify(text) }
        #expect(!analyzer.hanTable.isBuilt)
        #expect(analyzer.classify("服务很好").score > 0.05)
        #expect(analyzer.hanTable.isBuilt)
    }

    /// Before the table is built, and from eight tasks at once: the same scores as an analyzer
    /// whose table one text built.
    @Test func aFreshAnalyzerScoresChineseAlikeOnManyTasks() async {
        let texts = ["这个产品很好", "太失望了", "我不是很满意", "客服態度惡劣", "mixed 很好 great", "没有问题"]
        let warmed = SentimentAnalyzer(lexicon: SentimentFixture.lexicon)
        _ = warmed.classify("很好")
        let expected = texts.map { warmed.classify($0).score }
        let fresh = SentimentAnalyzer(lexicon: SentimentFixture.lexicon)
        #expect(fresh.classify("only english here").score == warmed.classify("only english here").score)
        let results = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { texts.map { fresh.classify($0).score } } }
            var all: [[Double]] = []
            for await part in group { all.append(part) }
            return all
        }
        for part in results { #expect(part == expected) }
        #expect(expected[0] > 0.05 && expected[1] < -0.05)
    }
}
