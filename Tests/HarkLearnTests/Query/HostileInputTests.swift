import HarkCore
import HarkLearn
import Testing

@Suite("TopicMatcher: texts nobody planned for")
struct HostileInputTests {
    let matcher = TopicMatcher(rules: [
        try! rule("billing", TopicMatcherTests.billing),
        try! rule("checkin", TopicMatcherTests.checkin),
        try! rule("glob", "*a*a*a*a*a*a*b"),
        try! rule("cn", "退款"),
        try! rule("negative", "NOT zzz"),
    ])

    @Test("Empty and whitespace-only texts")
    func empty() {
        #expect(matcher.topics(for: mention("")) == ["negative"])
        #expect(matcher.topics(for: mention("  \n ", title: "")) == ["negative"])
    }

    @Test("Emoji-only posts")
    func emoji() {
        #expect(matcher.topics(for: mention("😡😡😡 💸💸 👨‍👩‍👧‍👦 🇫🇷")) == ["negative"])
    }

    @Test("Zero-width joiners inside a word and right-to-left marks around it")
    func invisibles() {
        #expect(matcher.topics(for: mention("re\u{200D}fund \u{200F}please\u{200E}")) == ["billing", "negative"])
        #expect(matcher.topics(for: mention("\u{202B}ref\u{200B}und\u{202C}")) == ["billing", "negative"])
    }

    @Test("Invalid UTF-8 is repaired on the way in and matched around")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("refund ".utf8) + [0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80] + Array(" 退款".utf8)
        #expect(matcher.topics(for: mention(String(decoding: bytes, as: UTF8.self))) == ["billing", "cn", "negative"])
    }

    @Test("A 1 MB text, and a 1 MB word against a wildcard pattern, finish quickly")
    func huge() {
        let post = String(repeating: "the lobby is fine and staff helpful ", count: 30_000) + "check in failed"
        #expect(post.utf8.count > 1_000_000)
        let started = ContinuousClock.now
        #expect(matcher.topics(for: mention(post)) == ["checkin", "negative"])
        let word = String(repeating: "a", count: 1_000_000)
        #expect(matcher.topics(for: mention(word)) == ["negative"])
        let chinese = String(repeating: "我要求", count: 300_000) + "退款"
        #expect(matcher.topics(for: mention(chinese)) == ["cn", "negative"])
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
