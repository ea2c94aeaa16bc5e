/// The closed-class words that tell whom an abusive word is aimed at, in English and Chinese.
///
/// Pronouns, negators and the little words between them change rarely and are not something a
/// team should have to maintain, so they live here; the open-ended knowledge (abusive terms, staff
/// roles, allowed phrases) lives in the lexicon files.
enum AbuseContextWords {
    /// Words that address the reader: "you idiot", 你这个白痴, and the vocatives of "hey dumbass".
    static let secondPerson = [
        "you", "u", "ya", "yall", "y'all", "ye", "you're", "youre", "ur", "you've", "you'll", "youll", "you'd",
        "yourself", "yourselves", "thou", "thee", "hey", "oi", "yo", "你", "你们", "你們", "妳", "妳们", "妳們", "您", "你丫", "尔等",
    ]

    /// Possessives that aim an insult only with a staff or group word after them: "your team" is
    /// aimed, "your app" is not.
    static let possessive = ["your", "yours", "你的", "你们的", "你們的", "妳的", "您的"]

    /// Third-person words a threat can be aimed at ("I'll kill him").
    static let thirdPerson = [
        "him", "her", "them", "everyone", "everybody", "he", "she", "they", "他", "她", "他们", "他們", "她们", "她們",
    ]

    /// Words that stand for whoever did a job, read as staff: "whoever designed this is an idiot".
    static let anyoneResponsible = ["whoever", "whoever's"]

    /// The writer: an insult nearest to these is about the writer ("I felt like an idiot") or is
    /// reported ("he called me an idiot").
    static let firstPerson = [
        "i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "myself", "mine", "we", "we're", "us", "our",
        "ourselves", "我", "我们", "我們", "俺", "本人", "咱",
    ]

    /// Negators directly before a term: "you are not an idiot", 你不是垃圾.
    static let negators = [
        "not", "never", "no", "isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't", "ain't", "won't",
        "wont", "wouldn't", "wouldnt", "don't", "dont", "didn't", "didnt", "nobody's", "不是", "不会", "不會", "没有", "沒有",
        "不要", "别", "別",
    ]

    /// Words skipped when measuring how far a target is from a term: articles, copulas and
    /// intensifiers, so "you are such a complete idiot" is as aimed as "you idiot".
    static let fillers = [
        "a", "an", "the", "so", "such", "really", "very", "truly", "totally", "complete", "completely", "absolute",
        "absolutely", "utter", "utterly", "total", "just", "all", "of", "are", "is", "am", "was", "were", "be",
        "being", "been", "'re", "re", "bunch", "pack", "most", "more", "little", "big", "bloody", "freaking",
        "frigging", "effing", "pathetic", "useless", "incompetent", "lazy", "clueless", "worthless", "ignorant",
        "rude", "and", "like", "too", "still", "always", "literally", "clearly", "obviously", "honestly", "seriously",
        "guys", "lot", "as", "with", "by", "full", "run", "staffed", "managed", "hire", "hires", "hired", "hiring",
        "employ", "employs", "employed",
        "是", "就", "真", "太", "个", "個", "一", "群", "帮", "幫", "堆", "些", "都", "也", "还", "還", "简", "直", "簡",
        "的", "了", "啊", "呀", "很", "超", "这", "這", "那", "种", "種", "们", "們", "好", "蛋", "么", "麼", "吧", "给",
        "給",
    ]
}
