import HarkLearn
import Testing

@Suite("Chinese abuse in Simplified and Traditional script")
struct ChineseAbuseTests {
    let detector = AbuseFixture.detector

    @Test(arguments: [
        "傻逼客服，问三遍都答不上来。", "你們客服是白痴嗎？", "客服SB，气死我了。", "你个傻B，听不懂人话？", "你是不是脑残啊",
        "腦殘客服，滾！", "店员就是个废物", "你們這些廢物", "你妈的，退钱！", "你媽的，退錢！", "nmsl",
    ])
    func insultsAtStaffAreAbusiveInBothScripts(_ text: String) {
        #expect(AbuseFixture.isAbusive(text), "\(detector.analyze(text).matches)")
    }

    @Test(arguments: ["弄死你", "你们等着，我明天就去你们店里弄死你。", "再不退款我就烧了你们的店。", "你們等著", "信不信我揍你？", "去死吧", "滚！别再给我打电话了。"])
    func threatsAndHarassmentAreAbusive(_ text: String) {
        #expect(AbuseFixture.isAbusive(text), "\(detector.analyze(text).matches)")
    }

    /// 垃圾 (trash) is how people describe bad products; it is abusive only when aimed at a person.
    @Test func trashAboutAnAppIsAComplaintAboutAPersonIsAbuse() throws {
        let app = detector.analyze("这个app真垃圾，天天闪退。")
        #expect(!app.isAbusive)
        #expect(app.matches.map(\.reasons) == [["not aimed at anyone (×0.75)"]])
        let staff = detector.analyze("你们客服就是一群垃圾。")
        #expect(staff.isAbusive)
        #expect(staff.matches.map(\.reasons) == [["aimed at staff ('你们客服')"]])
        #expect(AbuseFixture.isAbusive("你是垃圾"))
        #expect(!AbuseFixture.isAbusive("你们的app真垃圾"))
        #expect(!AbuseFixture.isAbusive("這個app真的很垃圾"))
    }

    @Test(arguments: [
        "滚动条一直卡住", "滾動頁面的時候會閃爍", "摇滚音乐节的票秒光了", "垃圾分类的提示功能挺好的", "手机一直收到垃圾短信",
        "这个价格真的是打死也不买", "服务器又炸了", "我真是个傻瓜，又把密码忘了", "他骂我是白痴，我已经投诉了", "手机中病毒了",
        "卧槽，这次的优惠力度也太大了吧！", "他妈的，又下雨了", "这软件设计得太蠢了", "你们客服态度真好",
    ])
    func complaintsSwearingAndLookAlikesAreNotAbusive(_ text: String) {
        #expect(!AbuseFixture.isAbusive(text), "\(detector.analyze(text).matches)")
    }

    @Test func japaneseTagsDoNotReadHanAsChinese() {
        #expect(AbuseFixture.isAbusive("白痴客服"))
        #expect(!AbuseFixture.isAbusive("白痴客服", language: "ja"))
        #expect(AbuseFixture.isAbusive("白痴客服", language: "zh-Hant"))
        #expect(AbuseFixture.isAbusive("you idiot", language: "ja"))
    }

    @Test func mixedChineseAndEnglish() {
        #expect(AbuseFixture.isAbusive("客服 is an idiot"))
        #expect(AbuseFixture.isAbusive("傻 逼 客服"))
        #expect(!AbuseFixture.isAbusive("乐购的app is fucking slow"))
    }
}
