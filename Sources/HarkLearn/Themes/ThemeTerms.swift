/// How a text becomes units for theme clustering: folded words with light English stemming, and
/// single characters for unspaced scripts, each remembering how it was written for labels.
///
/// Clustering must see "guest passes" and "Guest pass" as the same request and not be swayed by
/// "please", "option" or the brand, so units carry a stemmed key and a flag for words that say
/// nothing about *what* is asked for. No dictionary is needed: the stemmer only strips plural and
/// tense endings, which is where paraphrases of a request differ most.
enum ThemeTerms {
    /// One word or character.
    struct Unit: Equatable {
        /// Folded and stemmed: what is compared.
        var key: String
        /// How it reads in a label.
        var surface: String
        /// True for a character of an unspaced script.
        var isCharacter: Bool
        /// Which word or run it came from; character pairs and phrases never cross groups.
        var group: Int
        /// A function word, filler word or ignored word: never a term, never at a phrase's edge.
        var isStop: Bool
        /// An article or possessive: skipped when matching seed phrases.
        var isArticle: Bool
    }

    /// The units of `text`, read in one pass; surfaces are the folded words (for whole posts, whose
    /// units are compared but never shown).
    static func keys(_ text: String, ignoring ignored: Set<String> = []) -> [Unit] {
        var units: [Unit] = []
        let normalized = NormalizedText(text)
        units.reserveCapacity(normalized.tokens.count)
        var group = 0
        for token in normalized.tokens {
            switch token.kind {
            case .word:
                let folded = normalized.text(of: token)
                let key = stem(folded)
                let stop = stopWords.contains(folded) || stopWords.contains(key) || ignored.contains(folded)
                    || ignored.contains(key)
                units.append(
                    Unit(key: key, surface: folded, isCharacter: false, group: group, isStop: stop,
                        isArticle: articles.contains(folded)))
            case .run:
                for character in normalized.text(of: token) {
                    units.append(
                        Unit(key: String(character), surface: "", isCharacter: true, group: group,
                            isStop: chineseStopCharacters.contains(character), isArticle: false))
                }
            case .hashtag, .handle:
                break
            }
            group += 1
        }
        return units
    }

    /// The units of `text`. Words are read chunk by chunk (whitespace-separated) so labels keep the
    /// author's spelling (`IMAX`, `$10`); this costs more than `keys`, so only requests use it.
    static func units(_ text: String, ignoring ignored: Set<String> = []) -> [Unit] {
        var units: [Unit] = []
        var group = 0
        for chunk in text.split(whereSeparator: \.isWhitespace) {
            let normalized = NormalizedText(String(chunk))
            let shown = DemandUnits.trimPunctuation(chunk)
            let wordCount = normalized.tokens.filter { $0.kind == .word }.count
            let onlyWords = wordCount == normalized.tokens.count
            for token in normalized.tokens {
                let folded = normalized.text(of: token)
                switch token.kind {
                case .word:
                    let key = stem(folded)
                    let surface: String
                    if onlyWords && wordCount == 1 && !shown.isEmpty {
                        surface = keepsCase(shown) ? String(shown) : String(shown).lowercased()
                    } else {
                        surface = folded
                    }
                    let stop = stopWords.contains(folded) || stopWords.contains(key) || ignored.contains(folded)
                        || ignored.contains(key)
                    units.append(
                        Unit(key: key, surface: surface, isCharacter: false, group: group, isStop: stop,
                            isArticle: articles.contains(folded)))
                    group += 1
                case .run:
                    for character in folded {
                        let text = String(character)
                        units.append(
                            Unit(key: text, surface: text, isCharacter: true, group: group,
                                isStop: chineseStopCharacters.contains(character), isArticle: false))
                    }
                    group += 1
                case .hashtag, .handle:
                    group += 1
                }
            }
        }
        return units
    }

    /// The keys of `text` as seeds and post are matched: articles skipped.
    static func fold(_ text: String) -> [String] {
        units(text).filter { !$0.isArticle }.map(\.key)
    }

    /// Words written with two or more capitals (`IMAX`, `CineClub`) or with digits or symbols (`$10`)
    /// keep their spelling in labels; others are lower-cased so labels do not depend on who wrote first.
    private static func keepsCase(_ piece: Substring) -> Bool {
        piece.filter(\.isUppercase).count >= 2 || piece.contains(where: { !$0.isLetter })
    }

    /// Light English stemming: plural and tense endings only, so `passes`/`pass`, `booking`/`book`,
    /// `planned`/`plan` meet, and nothing is cut so hard that different words collide.
    static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        guard bytes.count >= 4, bytes.allSatisfy({ $0 < 0x80 }) else { return word }
        let original = bytes.count
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard bytes.count > count else { return false }
            let tail = suffix.utf8Start
            for offset in 0..<count where bytes[bytes.count - count + offset] != tail[offset] { return false }
            return true
        }
        if ends("'s") { bytes.removeLast(2) }
        if ends("sses") {
            bytes.removeLast(2)
        } else if ends("ies"), bytes.count >= 5 {
            bytes.removeLast(3)
            bytes.append(UInt8(ascii: "y"))
        } else if ends("s"), bytes.count >= 4, !ends("ss"), !ends("us"), !ends("is") {
            bytes.removeLast()
        }
        if ends("ing"), bytes.count >= 6 {
            bytes.removeLast(3)
            undouble()
        } else if ends("ed"), bytes.count >= 5, !ends("eed") {
            bytes.removeLast(2)
            undouble()
        }
        return bytes.count == original ? word : String(decoding: bytes, as: UTF8.self)

        func undouble() {
            guard bytes.count >= 3, let last = bytes.last, last == bytes[bytes.count - 2],
                "bdgmnprt".utf8.contains(last)
            else { return }
            bytes.removeLast()
        }
    }

    /// Articles and possessives: they never change what is asked for.
    static let articles: Set<String> = ["a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "some"]

    /// Words that say how someone asks, not what for: function words and the vocabulary of asking.
    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "so", "to", "of", "in", "on", "at", "for", "with", "by", "from",
        "up", "out", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done",
        "have", "has", "had", "having", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "u", "ya", "yall",
        "y'all", "he", "she", "him", "her", "his", "it", "its", "it's", "they", "them", "their", "this", "that",
        "these", "those", "there", "here", "what", "which", "who", "whom", "when", "where", "why", "how", "all",
        "any", "some", "no", "not", "nor", "only", "own", "same", "too", "very", "just", "can", "could", "would",
        "should", "will", "shall", "may", "might", "must", "i'll", "i'd", "id", "im", "i'm", "ive", "i've", "dont",
        "don't", "cant", "can't", "cannot", "won't", "wont", "isn't", "doesn't", "didn't", "wouldn't", "please",
        "pls", "plz", "wish", "hope", "want", "need", "like", "love", "add", "bring", "back", "get", "give", "let",
        "make", "allow", "offer", "support", "option", "feature", "ability", "able", "way", "possible", "really",
        "actually", "seriously", "honestly", "literally", "totally", "also", "even", "still", "already", "again",
        "finally", "more", "much", "many", "lot", "thing", "something", "anything", "guy", "app", "nice", "great",
        "thank", "thanks", "tbh", "lol", "pretty", "kinda", "someone", "maybe", "perhaps", "soon", "now", "ever",
        "always", "never", "then", "than", "because", "since", "though", "other", "another", "every", "each",
        "into", "about", "over", "after", "before", "while", "until", "such", "yes", "yeah", "ok", "okay", "oh",
        "hey", "hi", "someday", "day", "pay", "happily", "gladly", "definitely", "instead", "well", "go", "use",
        "know", "think", "people", "everyone", "anyone", "member", "customer", "user", "request", "idea",
        "suggestion", "better", "good", "awesome", "amazing", "cool", "perfect", "appreciate", "appreciated",
        "wa", "ha", "doe", "il",
    ]

    /// Chinese characters that carry grammar or politeness, not the thing asked for.
    static let chineseStopCharacters: Set<Character> = [
        "的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "我", "你", "您", "他", "她", "们", "是", "在", "和", "也", "都",
        "就", "还", "很", "太", "能", "可", "以", "会", "要", "想", "请", "求", "希", "望", "让", "把", "给", "被",
        "个", "一", "下", "些", "么", "什", "为", "啥", "不", "没", "有", "这", "那", "嘛", "好", "真", "多",
        "增", "加", "推", "出", "开", "通", "支", "持", "提", "供", "再", "点", "家", "大", "已", "经", "如", "果",
    ]
}
