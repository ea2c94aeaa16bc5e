/// Whether a text is abusive, how strongly, and the evidence, so a route can act on it and
/// `hark try` can explain it.
public struct AbuseResult: Sendable, Hashable {
    /// True when `score` reached the threshold: the mention gets the label `abusive: "true"`.
    public var isAbusive: Bool
    /// The sum of what the matches contributed (0 when nothing matched).
    public var score: Double
    /// The categories of the matches that counted, in `AbuseCategory` order.
    public var categories: [AbuseCategory]
    /// Every abusive term found, including those that did not count and why.
    public var matches: [AbuseMatch]

    /// A result as the detector reports it; public so tests and tools can build expectations.
    public init(isAbusive: Bool, score: Double, categories: [AbuseCategory], matches: [AbuseMatch]) {
        self.isAbusive = isAbusive
        self.score = score
        self.categories = categories
        self.matches = matches
    }

    /// The result for a text with no abusive term at all: the common case.
    public static let clean = AbuseResult(isAbusive: false, score: 0, categories: [], matches: [])
}

/// One abusive term found in a text and what it contributed.
public struct AbuseMatch: Sendable, Hashable, CustomStringConvertible {
    /// The lexicon term that matched (`idiot*`, `watch your back`, `傻逼`).
    public var term: String
    /// The term's category.
    public var category: AbuseCategory
    /// The words as found: folded (lower case, NFKC) for plain words, as written for obfuscated ones.
    public var text: String
    /// The term's weight in the lexicon (0…3).
    public var weight: Double
    /// What the match added to the score after the rules; 0 when it did not count.
    public var score: Double
    /// Why it counted or not, for people: "obfuscated 'f***ing'", "aimed at staff ('your support')".
    public var reasons: [String]

    /// A match as the detector reports it; public so tests and tools can build expectations.
    public init(term: String, category: AbuseCategory, text: String, weight: Double, score: Double, reasons: [String]) {
        self.term = term
        self.category = category
        self.text = text
        self.weight = weight
        self.score = score
        self.reasons = reasons
    }

    /// True when the match added to the score.
    public var counted: Bool { score > 0 }

    /// One line for `hark try`: "insult 'idiots' (idiot*) +4: aimed at staff ('your agents')".
    public var description: String {
        let amount = score == score.rounded() ? String(Int(score)) : format2(score)
        let how = reasons.isEmpty ? "" : ": " + reasons.joined(separator: ", ")
        return "\(category) '\(text)' (\(term)) +\(amount)\(how)"
    }
}

/// `x` with at most two decimals, without Foundation's formatters.
private func format2(_ x: Double) -> String {
    let hundredths = (x * 100).rounded()
    let whole = Int(hundredths / 100)
    let rest = Int(abs(hundredths)) % 100
    if rest == 0 { return String(whole) }
    return rest % 10 == 0 ? "\(whole).\(rest / 10)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
}
