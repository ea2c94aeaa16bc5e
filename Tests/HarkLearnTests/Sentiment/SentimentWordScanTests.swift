import HarkLearn
import Testing

/// The tokenizer reads ASCII words eight bytes at a time and reuses per-thread buffers between
/// texts; these tests hold both to the reading one byte at a time and on fresh buffers would give.
@Suite("Word scanning and reused buffers")
struct SentimentWordScanTests {
    let analyzer = SentimentFixture.analyzer

    /// Texts whose words cross eight-byte boundaries with capitals, `!`, `?`, apostrophes and
    /// every ASCII space, and end in both the eight-byte loop and the byte loop.
    static let texts = [
        "GREAT movie!!!", "The food was AMAZINGLY good but the service wasn't", "I don't love it?? no",
        "Wonderful,wonderful!wonderful?!", "not\tgood\nat\u{0B}all\u{0C}really\rbad", "LOVE", "hate!",
        "absolutely TERRIBLE!!!!! never so good", "kind of bad, sort of GOOD; the best", "Superb:-) :( <3 ;)",
        "it's not bad at least", "couldn't've been worse!!", "HELLO WORLD this is GREAT",
        "extraordinarilyAWFULnessIsNotAWord excellent", "a b c d e f g h i j k l good",
    ]

    @Test func leadingSpacesDoNotChangeTheResult() {
        for text in Self.texts {
            let expected = analyzer.analyze(text)
            for shift in 1...9 {
                let shifted = String(repeating: " ", count: shift) + text
                #expect(analyzer.analyze(shifted).score == expected.score, "\(shift) spaces before \(text)")
                #expect(analyzer.classify(shifted).positive == expected.positive, "\(shift) spaces before \(text)")
            }
        }
    }

    @Test func trailingSpacesDoNotChangeTheResult() {
        for text in Self.texts {
            let expected = analyzer.classify(text)
            for shift in 1...9 {
                let padded = text + String(repeating: " ", count: shift)
                #expect(analyzer.classify(padded) == expected, "\(shift) spaces after \(text)")
            }
        }
    }

    @Test func capitalsAndMarksAreSeenAtEveryOffset() {
        // An ALL CAPS word among lower-case ones scores higher; `!` adds emphasis. Both must be
        // found wherever the word and the marks fall within an eight-byte block.
        for shift in 0...9 {
            let pad = String(repeating: "x", count: shift)
            let caps = analyzer.classify("\(pad) the movie was GREAT")
            let lower = analyzer.classify("\(pad) the movie was great")
            #expect(caps.score > lower.score, "offset \(shift)")
            let marked = analyzer.classify("\(pad) the movie was great!!")
            #expect(marked.score > lower.score, "offset \(shift)")
            let question = analyzer.classify("\(pad)?? the movie was great")
            #expect(question.score > lower.score, "offset \(shift)")
        }
    }

    @Test func wordsEndAtNonASCIIBytesInsideABlock() {
        #expect(analyzer.classify("goodé").score != analyzer.classify("good").score, "a letter after the block ends the word late")
        #expect(analyzer.classify("great😀").score > analyzer.classify("great").score)
        #expect(analyzer.classify("terrible\u{00A0}movie").label == .negative)
        #expect(analyzer.classify("don’t like it").score == analyzer.classify("don't like it").score)
    }

    @Test func resultsDoNotDependOnWhatWasAnalysedBefore() {
        let long = String(repeating: "GREAT terrible but wonderful, not so bad!!! ", count: 600)
        let texts = Self.texts + [long, "", "ok", long + " 很好", "😀"]
        let forward = texts.map { analyzer.analyze($0) }
        let backward = texts.reversed().map { analyzer.analyze($0) }
        #expect(forward == Array(backward.reversed()))
        let fresh = SentimentAnalyzer(lexicon: SentimentFixture.lexicon)
        #expect(texts.map { fresh.classify($0) } == texts.map { analyzer.classify($0) })
    }

    @Test func analysesOnManyThreadsAgree() async {
        let texts = Self.texts
        let shared = analyzer
        let expected = texts.map { shared.classify($0) }
        let results = await withTaskGroup(of: [SentimentResult].self) { group in
            for _ in 0..<8 { group.addTask { texts.map { shared.classify($0) } } }
            var all: [[SentimentResult]] = []
            for await part in group { all.append(part) }
            return all
        }
        for part in results { #expect(part == expected) }
    }
}
