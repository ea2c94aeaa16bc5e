import HarkLearn
import Testing

@Suite("Chinese sentiment, Simplified and Traditional")
struct ChineseSentimentTests {
    func score(_ text: String, language: String? = nil) -> Double {
        SentimentFixture.score(text, language: language)
    }

    @Test(arguments: [
        ("这个产品很好", "這個產品很好"),
        ("客服非常满意", "客服非常滿意"),
        ("我喜欢这个应用", "我喜歡這個應用"),
        ("推荐给大家", "推薦給大家"),
    ])
    func positiveInBothScripts(simplified: String, traditional: String) {
        #expect(score(simplified) > 0.05)
        #expect(score(traditional) > 0.05)
    }

    @Test(arguments: [
        ("太失望了", "太失望了"),
        ("质量很差", "質量很差"),
        ("客服态度恶劣", "客服態度惡劣"),
        ("垃圾软件，一直闪退", "垃圾軟體，一直閃退"),
    ])
    func negativeInBothScripts(simplified: String, traditional: String) {
        #expect(score(simplified) < -0.05)
        #expect(score(traditional) < -0.05)
    }

    @Test func negationFlips() {
        #expect(score("我喜欢这个") > 0 && score("我不喜欢这个") < 0)
        #expect(score("我喜歡這個") > 0 && score("我不喜歡這個") < 0)
        #expect(score("没有问题") > 0)
        #expect(score("我不是很满意") < 0, "negator two words before, with a degree adverb between")
    }

    @Test func degreeAdverbsChangeMagnitude() {
        #expect(score("非常满意") > score("满意"))
        #expect(score("非常滿意") > score("滿意"))
        #expect(score("有点失望") > score("失望"), "有点 dampens")
        #expect(score("有點失望") > score("失望"))
        #expect(score("太贵") < score("贵"))
    }

    @Test func contrastWordsMoveTheWeight() {
        #expect(score("价格很贵，但是服务很好") > 0)
        #expect(score("服务很好，但是价格太贵") < score("服务很好"))
    }

    @Test func neutralWordsAreNotSplitIntoSentimentCharacters() {
        #expect(score("好像下雨了") == 0, "好像 'seems' is not 好 'good'")
        #expect(score("差不多到了") == 0)
    }

    @Test func fullwidthExclamationsAmplify() {
        #expect(score("太棒了！！！") > score("太棒了"))
    }

    @Test func japaneseIsNotReadAsChinese() {
        #expect(score("この映画は好きです") == 0, "kana in the text")
        #expect(score("最悪", language: "ja") == 0)
        #expect(score("好", language: "zh-Hans") > 0)
    }

    @Test func mixedChineseAndEnglish() {
        let result = SentimentFixture.analyzer.analyze("客服很好 but the app is terrible")
        #expect(Set(result.contributions.map(\.text)) == ["好", "terrible"])
        #expect(result.score < 0)
    }

    @Test func explainsChineseModifiers() {
        let result = SentimentFixture.analyzer.analyze("我不是很满意")
        #expect(result.contributions.count == 1)
        #expect(result.contributions[0].text == "满意")
        #expect(
            result.contributions[0].modifiers == [.boosted(by: "很", amount: 0.293), .negated(by: "不是", factor: -0.74)])
    }
}
