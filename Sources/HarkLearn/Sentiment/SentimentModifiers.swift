/// The words that change the sentiment words near them rather than carrying sentiment themselves:
/// boosters and dampeners, negators and contrast words, for English and Chinese.
///
/// They are a value, not constants in the scorer, so a team (or a test) can add its own; the
/// defaults are VADER's English lists and the common Chinese degree adverbs and negators.
public struct SentimentModifiers: Sendable, Equatable {
    /// Term → increment added to the magnitude of a sentiment word up to three words later
    /// (positive boosts, negative dampens). VADER's published increment is ±0.293.
    public var boosters: [String: Double]
    /// Terms that flip and soften a sentiment word up to three words later (VADER's ×−0.74).
    /// Any English word containing `n't` negates as well.
    public var negators: Set<String>
    /// Terms after which the text's real opinion follows (`but`): words before the first one count
    /// half, words after it one and a half times.
    public var contrasts: Set<String>

    /// Modifiers from explicit lists; terms may be phrases (`kind of`) or Chinese words.
    public init(boosters: [String: Double], negators: Set<String>, contrasts: Set<String>) {
        self.boosters = boosters
        self.negators = negators
        self.contrasts = contrasts
    }

    /// This set with `other`'s entries added (and its booster increments winning).
    public func merging(_ other: SentimentModifiers) -> SentimentModifiers {
        SentimentModifiers(
            boosters: boosters.merging(other.boosters) { _, new in new },
            negators: negators.union(other.negators),
            contrasts: contrasts.union(other.contrasts))
    }

    /// VADER's booster increment (Hutto & Gilbert 2014).
    public static let boostIncrement = 0.293

    /// English: VADER's booster, dampener and negation word lists.
    public static let english: SentimentModifiers = {
        let up = [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly",
            "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
            "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
            "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging",
            "greatly", "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly",
            "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
            "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually",
            "utter", "utterly", "very",
        ]
        let down = [
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less",
            "little", "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely",
            "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of",
        ]
        var boosters: [String: Double] = [:]
        for word in up { boosters[word] = boostIncrement }
        for word in down { boosters[word] = -boostIncrement }
        let negators: Set<String> = [
            "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't",
            "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt",
            "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't",
            "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
            "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't",
            "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't", "rarely",
            "seldom", "despite", "no",
        ]
        return SentimentModifiers(boosters: boosters, negators: negators, contrasts: ["but"])
    }()

    /// Chinese, Traditional and Simplified: degree adverbs (程度副词), negators (否定词) and
    /// contrast conjunctions.
    public static let chinese: SentimentModifiers = {
        let up = [
            "很", "非常", "太", "極", "极", "極其", "极其", "最", "特別", "特别", "十分", "超", "超級", "超级",
            "真", "真的", "挺", "蠻", "蛮", "相當", "相当", "格外", "尤其", "更", "更加", "越來越", "越来越",
            "實在", "实在", "簡直", "简直", "賊", "贼", "巨", "好好", "太過", "太过", "無比", "无比", "超級無敵",
            "超级无敌", "萬分", "万分", "絕對", "绝对", "完全", "徹底", "彻底",
        ]
        let down = [
            "有點", "有点", "有些", "稍微", "稍", "略", "略微", "比較", "比较", "還算", "还算", "一點", "一点",
            "些許", "些许", "不太", "不怎麼", "不怎么", "不大",
        ]
        var boosters: [String: Double] = [:]
        for word in up { boosters[word] = boostIncrement }
        for word in down { boosters[word] = -boostIncrement }
        let negators: Set<String> = [
            "不", "没", "沒", "没有", "沒有", "別", "别", "未", "無", "无", "非", "莫", "勿", "不是", "並不",
            "并不", "從不", "从不", "從沒", "从没", "毫不", "絕不", "绝不", "決不", "决不", "不會", "不会",
            "不要", "不夠", "不够", "未必", "不再", "沒什麼", "没什么", "不太", "不怎麼", "不怎么", "不大",
            "甭", "休想",
        ]
        let contrasts: Set<String> = ["但是", "但", "可是", "不過", "不过", "然而", "卻", "却"]
        return SentimentModifiers(boosters: boosters, negators: negators, contrasts: contrasts)
    }()

    /// English and Chinese together: what hark uses unless told otherwise.
    public static let standard = english.merging(chinese)
}
