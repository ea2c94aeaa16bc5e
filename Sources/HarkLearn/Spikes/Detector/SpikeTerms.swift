import HarkCore

/// The words of a mention that can explain a spike: folded words of three or more letters that are
/// not stop words, `#hashtags`, and character pairs of Chinese and other unspaced text.
///
/// Read once per mention that some rule selects; each term once per mention (a spike's top terms
/// count mentions, so one rant repeating a word does not dominate), at most `limit` per mention.
enum SpikeTerms {
    /// Terms kept per mention.
    static let limit = 24

    static func extract(from mention: LabelledMention) -> [String] {
        let text = mention.mention.title.map { $0 + " \n " + mention.mention.text } ?? mention.mention.text
        let normalized = NormalizedText(text)
        var terms: [String] = []
        func add(_ term: String) {
            if terms.count < limit, !terms.contains(term) { terms.append(term) }
        }
        for token in normalized.tokens where terms.count < limit {
            switch token.kind {
            case .word:
                guard token.utf8Range.count >= 3 else { continue }
                let word = normalized.text(of: token)
                if word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || englishStopWords.contains(word) { continue }
                add(word)
            case .hashtag:
                add("#" + normalized.text(of: token))
            case .handle:
                continue
            case .run:
                let characters = Array(normalized.text(of: token))
                guard characters.count >= 2 else { continue }
                for index in 0..<(characters.count - 1) {
                    let pair = characters[index...index + 1]
                    if pair.contains(where: chineseStopCharacters.contains) { continue }
                    add(String(pair))
                }
            }
        }
        return terms
    }

    /// Words too common to explain anything; short ones (under three letters) are already skipped.
    static let englishStopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "your", "yours", "all", "any", "can", "had", "her", "was",
        "one", "our", "ours", "out", "has", "have", "him", "his", "how", "its", "may", "new", "now", "old", "see",
        "two", "way", "who", "did", "does", "doing", "done", "get", "got", "let", "say", "says", "said", "she",
        "too", "use", "used", "this", "that", "these", "those", "with", "from", "they", "them", "their", "theirs",
        "there", "then", "than", "what", "when", "where", "which", "while", "whom", "why", "will", "would",
        "could", "should", "shall", "been", "being", "were", "into", "onto", "over", "under", "again", "also",
        "just", "only", "very", "more", "most", "much", "many", "some", "such", "same", "other", "each", "every",
        "about", "above", "after", "before", "below", "between", "during", "through", "until", "because", "since",
        "here", "even", "ever", "still", "yet", "own", "off", "once", "both", "few", "nor", "well", "really",
        "like", "make", "made", "know", "think", "want", "need", "going", "gonna", "im", "ive", "dont", "didnt",
        "doesnt", "isnt", "wasnt", "cant", "wont", "i'm", "i've", "i'd", "i'll", "don't", "didn't", "doesn't",
        "isn't", "wasn't", "can't", "won't", "it's", "that's", "there's", "you're", "they're", "we're", "let's",
        "myself", "yourself", "itself", "ourselves", "themselves", "hers", "yes", "yeah", "okay", "thing",
        "things", "anyone", "someone", "something", "anything", "everything", "nothing", "day", "days", "time",
        "http", "https", "www", "com",
    ]

    /// Chinese function characters; a pair holding one rarely names what people are talking about.
    static let chineseStopCharacters: Set<Character> = [
        "的", "了", "是", "我", "你", "他", "她", "它", "们", "在", "和", "也", "就", "都", "很", "吗", "呢", "吧",
        "啊", "这", "那", "有", "个", "着", "把", "被", "还", "又", "与", "及", "或", "之",
    ]
}
