import HarkLearn
import Testing

@Suite("NormalizedText: folding and tokens")
struct NormalizedTextTests {
    @Test("Case, accents and compatibility forms fold to one spelling")
    func folding() {
        #expect(NormalizedText("Café CAFÉ cafe\u{301} Ｃａｆｅ").words == ["cafe", "cafe", "cafe", "cafe"])
        #expect(NormalizedText("Straße Ångström Øresund Łódź").words == ["strasse", "angstrom", "oresund", "lodz"])
        #expect(NormalizedText("ﬁnally ①").words == ["finally", "1"])
    }

    @Test("A fold longer than its text (compatibility forms that expand) keeps every byte")
    func foldLongerThanText() {
        // ㍿ (3 bytes) folds to 株式会社 (12): the fold outgrows the buffer sized for the text.
        let squares = String(repeating: "㍿", count: 40)
        let folded = NormalizedText("A \(squares) b")
        #expect(folded.string == "a " + String(repeating: "株式会社", count: 40) + " b")
        #expect(folded.tokens.count == 3)
        #expect(folded.tokens[1].positions.count == 160)
        #expect(NormalizedText(String(repeating: "ﬃ", count: 30)).words == [String(repeating: "ffi", count: 30)])
    }

    @Test("Apostrophes stay inside words, curly or straight")
    func apostrophes() {
        #expect(NormalizedText("Don't, won’t — 'quoted'").words == ["don't", "won't", "quoted"])
    }

    @Test("Punctuation and hyphens split words")
    func splitting() {
        #expect(NormalizedText("check-in failed... (again)!").words == ["check", "in", "failed", "again"])
    }

    @Test("Hashtags and handles are tokens of their own kind")
    func hashtagsAndHandles() {
        let text = NormalizedText("Thanks @CineClub_UK and @anna@mastodon.social #Refund#2 email a@b.com")
        #expect(
            text.words == [
                "thanks", "cineclub_uk", "and", "anna@mastodon.social", "refund", "2", "email", "a", "b", "com",
            ])
        #expect(
            text.tokens.map(\.kind) == [.word, .handle, .word, .handle, .hashtag, .word, .word, .word, .word, .word])
        #expect(text.string.hasPrefix("thanks @cineclub_uk and @anna@mastodon.social #refund 2"))
    }

    @Test("Zero-width and bidirectional controls vanish without splitting the word")
    func invisibleCharacters() {
        #expect(
            NormalizedText("che\u{200D}ck in\u{200B}side \u{202E}refund\u{202C} \u{FEFF}card").words
                == ["check", "inside", "refund", "card"])
        #expect(NormalizedText("\u{200F}שלום\u{200E} عالم").words == ["שלום", "عالم"])
    }

    @Test("Chinese and Japanese stay intact as runs, one position per character")
    func unspacedScripts() {
        let text = NormalizedText("我要求退款了 iPhone15坏了 ガイド")
        #expect(text.words == ["我要求退款了", "iphone15", "坏了", "ガイド"])
        #expect(text.tokens.map(\.kind) == [.run, .word, .run, .run])
        #expect(text.tokens.map(\.positions) == [0..<6, 6..<7, 7..<9, 9..<12])
        #expect(NormalizedText("か\u{3099}").words == ["が"])
    }

    @Test("Emoji-only, empty and whitespace texts have no tokens")
    func nothingToMatch() {
        #expect(NormalizedText("😡😡🔥 👍🏽 🇫🇷").tokens.isEmpty)
        #expect(NormalizedText("").tokens.isEmpty)
        #expect(NormalizedText(" \n\t ").positionCount == 0)
    }

    @Test("Words written in capitals are flagged, for sentiment emphasis")
    func capitals() {
        let text = NormalizedText("This is GREAT but I am OK with ÉTÉ")
        #expect(text.tokens.filter(\.isAllCaps).map { text.text(of: $0) } == ["great", "ok", "ete"])
    }

    @Test("Brand marks do not glue onto the brand")
    func trademark() {
        #expect(NormalizedText("CineClub™ rocks").words == ["cineclub", "rocks"])
    }

    @Test("Replacement characters and private-use code points separate words")
    func oddCodePoints() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xED, 0xA0, 0x80, 0x63]
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(NormalizedText(text).words == ["a", "b", "c"])
        #expect(NormalizedText("x\u{E000}y").words == ["x", "y"])
    }

    @Test("ASCII words of every length fold as the per-character definition says, capitals counted")
    func asciiWordsOfEveryLength() {
        // Words of 1 to 30 letters and digits (across the eight-byte steps of the word loop),
        // mixed case, between separators that end a word, checked against lowercasing each word.
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let separators = [" ", ", ", ".", "!", "-", "\t", "  ", "/", " 😀 "]
        var random = SplitMix(seed: 42)
        for _ in 0..<400 {
            var words: [String] = []
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let length = Int.random(in: 1...30, using: &random)
                let capitals = Int.random(in: 0...2, using: &random)
                let word = String((0..<length).map { _ -> Character in
                    let letter = alphabet.randomElement(using: &random)!
                    switch capitals {
                    case 0: return Character(letter.lowercased())
                    case 1: return Character(letter.uppercased())
                    default: return letter
                    }
                })
                words.append(word)
                text += word + separators.randomElement(using: &random)!
            }
            let folded = NormalizedText(text)
            #expect(folded.words == words.map { $0.lowercased() }, "\(text)")
            for (token, word) in zip(folded.tokens, words) {
                let upper = word.filter(\.isUppercase).count
                let lower = word.filter(\.isLowercase).count
                #expect(token.isAllCaps == (upper >= 2 && lower == 0), "\(word)")
            }
        }
    }
}
