/// The label a route or spike selects on (`sentiment:negative`).
public enum SentimentLabel: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case positive, neutral, negative

    /// The label for a compound score: VADER's published thresholds, ±0.05 (inclusive).
    ///
    /// Scores between them are texts with no or balanced opinion ("order #123 shipped"); hark keeps
    /// VADER's thresholds because they are the ones its authors validated against human raters.
    public init(score: Double, threshold: Double = SentimentLabel.threshold) {
        if score >= threshold {
            self = .positive
        } else if score <= -threshold {
            self = .negative
        } else {
            self = .neutral
        }
    }

    /// The default boundary between neutral and an opinion.
    public static let threshold = 0.05

    /// The label as it appears in labels and selectors (`negative`).
    public var description: String { rawValue }
}

/// Something that changed a sentiment word's valence, so `hark try` can say why.
public enum SentimentModifier: Sendable, Hashable, CustomStringConvertible {
    /// A booster or dampener before the word added `amount` to its valence.
    case boosted(by: String, amount: Double)
    /// A negator before the word multiplied its valence by `factor` (−0.74).
    case negated(by: String, factor: Double)
    /// "never so good": `never` followed by `so`/`this` emphasises instead of negating.
    case emphasisedBy(String, factor: Double)
    /// "least" before the word (not "at least") turned it around.
    case least(factor: Double)
    /// The word was in capitals while the rest of the text was not.
    case allCaps(amount: Double)
    /// A contrast word (`but`) before (`factor` 1.5) or after (0.5) the word.
    case contrast(String, factor: Double)
    /// The word is part of a multi-word lexicon term (idiom or phrase).
    case idiom(String)

    /// How `hark try` shows the modifier: "negated by 'not' (×-0.74)".
    public var description: String {
        switch self {
        case .boosted(let word, let amount):
            amount >= 0 ? "boosted by '\(word)' (\(signed(amount)))" : "dampened by '\(word)' (\(signed(amount)))"
        case .negated(let word, let factor): "negated by '\(word)' (×\(short(factor)))"
        case .emphasisedBy(let words, let factor): "emphasised by '\(words)' (×\(short(factor)))"
        case .least(let factor): "after 'least' (×\(short(factor)))"
        case .allCaps(let amount): "ALL CAPS (\(signed(amount)))"
        case .contrast(let word, let factor):
            factor > 1 ? "after '\(word)' (×\(short(factor)))" : "before '\(word)' (×\(short(factor)))"
        case .idiom(let phrase): "idiom '\(phrase)'"
        }
    }
}

/// One sentiment-bearing word of a text and how the rules around it changed its valence.
public struct SentimentContribution: Sendable, Hashable, CustomStringConvertible {
    /// The word, phrase or emoji as written in the text.
    public var text: String
    /// Its valence in the lexicon (−4…4).
    public var base: Double
    /// Its valence after modifiers: what it added to the text's sum.
    public var valence: Double
    /// What changed it, in the order applied.
    public var modifiers: [SentimentModifier]

    /// A contribution as the analyzer reports it; public so tests and tools can build expectations.
    public init(text: String, base: Double, valence: Double, modifiers: [SentimentModifier]) {
        self.text = text
        self.base = base
        self.valence = valence
        self.modifiers = modifiers
    }

    /// One line for `hark try`: "'GOOD' +1.9 → -2.165: ALL CAPS (+0.733), negated by 'not' (×-0.74)".
    public var description: String {
        let how = modifiers.isEmpty ? "" : ": " + modifiers.map(\.description).joined(separator: ", ")
        return "'\(text)' \(signed(base)) → \(signed(valence))\(how)"
    }
}

/// The sentiment of one text: a compound score, its label, VADER's proportions and, when asked
/// for, the words that moved the score.
public struct SentimentResult: Sendable, Hashable {
    /// Compound score in −1…1: the sum of word valences, normalised as `x / √(x² + 15)`.
    public var score: Double
    /// `score` against the thresholds.
    public var label: SentimentLabel
    /// Share of the text that reads positive, negative and neutral (they add up to 1, or are all 0
    /// for a text with no words).
    public var positive: Double
    /// Share that reads negative.
    public var negative: Double
    /// Share that reads neutral.
    public var neutral: Double
    /// What `!` and `?` added to the magnitude of the sum before normalising.
    public var punctuationEmphasis: Double
    /// The sentiment words, in text order; empty from `SentimentAnalyzer.classify`.
    public var contributions: [SentimentContribution]

    /// A result from its parts; the analyzer is the usual source.
    public init(
        score: Double, label: SentimentLabel, positive: Double, negative: Double, neutral: Double,
        punctuationEmphasis: Double, contributions: [SentimentContribution]
    ) {
        self.score = score
        self.label = label
        self.positive = positive
        self.negative = negative
        self.neutral = neutral
        self.punctuationEmphasis = punctuationEmphasis
        self.contributions = contributions
    }
}

func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + short(value) }

func short(_ value: Double) -> String {
    let rounded = (value * 1000).rounded() / 1000
    return abs(rounded) < 1e15 && rounded == rounded.rounded() ? String(Int(rounded)) + ".0" : String(rounded)
}
