import HarkLearn
import Testing

@Suite("Any text is classified without error")
struct AbuseEdgeInputTests {
    let detector = AbuseFixture.detector

    @Test func emptyAndWhitespaceOnly() {
        #expect(detector.analyze("") == .clean)
        #expect(detector.analyze(" \n\t ") == .clean)
    }

    @Test func emojiOnly() {
        #expect(detector.analyze("😡😡😡🤬🖕") == .clean)
        #expect(detector.analyze("👍🏽❤️‍🔥🇨🇳") == .clean)
    }

    @Test func zeroWidthAndBidiControlsDoNotHideWords() {
        #expect(AbuseFixture.isAbusive("you id\u{200B}iot"))
        #expect(AbuseFixture.isAbusive("\u{202E}you moron\u{202C}"))
        #expect(AbuseFixture.isAbusive("傻\u{200D}逼客服"))
        #expect(AbuseFixture.isAbusive("ｙｏｕ ＩＤＩＯＴ"))
        #expect(detector.analyze("\u{200B}\u{200E}\u{200F}\u{2066}\u{FEFF}") == .clean)
    }

    @Test func invalidCodePointsAreReplacedNotFatal() {
        let bytes: [UInt8] = [0x79, 0x6F, 0x75, 0x20, 0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0x20] + Array("idiot".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(AbuseFixture.isAbusive(text) || !AbuseFixture.isAbusive(text))
        #expect(detector.analyze(String(decoding: [0xFF, 0xFE, 0x00, 0x2A, 0x2A], as: UTF8.self)) == .clean)
    }

    @Test func oneMegabyteTexts() {
        let benign = String(repeating: "The new CineClub app is great, class assessment passed! ", count: 18_000)
        #expect(benign.utf8.count > 1_000_000)
        #expect(detector.analyze(benign) == .clean)

        let abusive = String(repeating: "you f***ing idiot, 傻逼客服 i d i o t stuuupid a$$hole. ", count: 20_000)
        #expect(abusive.utf8.count > 1_000_000)
        #expect(detector.analyze(abusive).isAbusive)

        let masks = String(repeating: "*#$@!|%1", count: 140_000)
        #expect(!detector.analyze(masks).isAbusive)
        let letters = String(repeating: "a b ", count: 300_000)
        #expect(!detector.analyze(letters).isAbusive)
    }

    @Test func oddShapesOfDisguise() {
        for text in ["****", "f", "f*", "*f*", "@idiot", "#fuck", "1337", "!!!", "$$$", "a.b.c.d.e.f.g", "...idiot..."]
        {
            _ = detector.analyze(text)
        }
        #expect(!AbuseFixture.isAbusive("**idiot** design choice"))
    }
}
