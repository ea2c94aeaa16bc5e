import HarkLearn
import Testing

@Suite("Demand detection with the shipped patterns")
struct DemandDetectorTests {
    let detector = DemandFixture.detector

    func request(_ text: String) -> String? { detector.detect(text)?.request }

    @Test(arguments: [
        ("please add dark mode", "dark mode"),
        ("Please bring back the $10 plan", "$10 plan"),
        ("bring back the $10 plan", "$10 plan"),
        ("I wish I could use my credits at IMAX", "use credits at IMAX"),
        ("I would pay extra for oat milk", "oat milk"),
        ("Why can't I pay with Apple Pay?", "pay with Apple Pay"),
        ("let me choose my seat", "choose seat"),
        ("We need joint accounts.", "joint accounts"),
        ("You should have all-day breakfast", "all-day breakfast"),
        ("dark mode would be nice", "dark mode"),
        ("Can you guys add a guest pass?", "guest pass"),
    ])
    func triggerFamiliesWithTheirRequest(text: String, expected: String) {
        #expect(request(text) == expected)
    }

    @Test func demandsInsidePraise() {
        #expect(request("love it, but please add dark mode") == "dark mode")
        #expect(request("Best coffee in town but I wish they had oat milk") == "oat milk")
        let result = detector.detect("Great app. Please add Apple Pay!")
        #expect(result?.requestTerms == ["apple", "pay"])
        #expect(result.map { "Great app. Please add Apple Pay!"[$0.range] } == "Please add Apple Pay")
    }

    @Test(arguments: [
        "I wish I had never signed up",
        "I wish I hadn't renewed",
        "Does it have dark mode?",
        "Does the app already support Apple Pay?",
        "Please add more fees, I love paying /s",
        "yeah right, like they will ever bring back the $10 plan",
        "let me know when it's fixed",
        "the app won't let me log in",
        "I should have read the reviews",
        "I wish I could give zero stars",
        "Thanks for adding dark mode!",
        "I love this app",
    ])
    func lookAlikesAreNotDemands(text: String) {
        #expect(detector.detect(text) == nil)
    }

    @Test(arguments: [
        ("希望能增加IMAX场次", "增加IMAX场次"),
        ("能不能出个深色模式", "深色模式"),
        ("求恢复10美元套餐", "10美元套餐"),
        ("要是能用积分就好了", "用积分"),
        ("建议增加夜间模式", "增加夜间模式"),
        ("建議增加夜間模式", "增加夜間模式"),
        ("希望Brightbank盡快支援Apple Pay", "Brightbank盡快支援Apple Pay"),
        ("能不能讓會員用點數看IMAX？", "讓會員用點數看IMAX"),
    ])
    func chineseInBothScripts(text: String, expected: String) {
        #expect(detector.detect(text, language: "zh")?.request == expected)
    }

    @Test(arguments: ["真希望我当初没办这个会员", "建议大家别买", "请问能不能带朋友？", "CineClub的需求很大", "希望落空了"])
    func chineseLookAlikes(text: String) {
        #expect(detector.detect(text) == nil)
    }

    @Test func chineseTermsArePairs() {
        #expect(detector.detect("希望能增加IMAX场次")?.requestTerms == ["增加", "imax", "场次"])
    }

    @Test func emptyEmojiAndHugeTexts() {
        #expect(detector.detect("") == nil)
        #expect(detector.detect("🎬🍿🙏") == nil)
        #expect(detector.detect("please add 🙏") == nil)
        let huge = String(repeating: "the movie was fine and the popcorn was ok ", count: 25_000)
        #expect(huge.utf8.count > 1_000_000)
        #expect(detector.detect(huge) == nil)
        let withDemand = huge + ". please add dark mode"
        #expect(detector.detect(withDemand)?.request == "dark mode")
    }

    @Test func languageLimitsTheFiles() {
        #expect(detector.detect("please add dark mode", language: "zh-Hans") == nil)
        #expect(detector.detect("please add dark mode", language: "en-GB")?.request == "dark mode")
        #expect(detector.detect("please add dark mode", language: "fr")?.request == "dark mode")
    }
}
