import Foundation
import Testing

@testable import HarkLearn

/// The ASCII reading on pattern-word ids must give exactly what the reading on strings gives:
/// same demand or none, same pattern, request, terms and clause.
@Suite("Demand: the ASCII reading agrees with the reading on strings")
struct DemandASCIIReadingTests {
    let detector = DemandFixture.detector

    func expectSame(_ text: String, language: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = detector.detect(text, language: language)
        let strings = detector.detectReadingStrings(text, language: language)
        #expect(fast == strings, "\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        "please add dark mode", "Love it, but please add dark mode!!!", "i wish i had never signed up",
        "I wish I could use my credits at IMAX", "yeah right, please add more ads", "please add guests /s",
        "Why can't I pay with Apple Pay?", "why not", "bring back the $10 plan... please",
        "would love dark mode but because it's late, nope", "let me know when dark mode ships",
        "we want the old app back\r\nthanks", "e.g. would LOVE a refund", "@cine.club please add x",
        "#PleaseAdd dark mode", "x!#please add guests", "please,add stuff", "....please add ..",
        "", "   ", "!!!", "please", "please add", "add it please", "please add ." ,
        "I would pay extra for a plus-one option", "the app needs a dark mode and then more",
        String(repeating: "please add dark mode, ", count: 120), "why not " + String(repeating: "x ", count: 300),
        String(repeating: "a", count: 2_500) + " please add x",
        // Words longer than eight bytes, and words that share a pattern word's first eight bytes.
        "kindly implement dark mode", "kindly implementt dark mode", "i seriously need dark mode",
        "i seriouslyy need dark mode", "i seriousl need dark mode", "would it be possible to reinstate x",
        "would it be possible to reinstatement x", "feature request for dark mode", "featurerequest for x",
        // A demand after clauses that hold a trigger word but no match, or a match that is excluded.
        "wow. cool, nice! please add dark mode", "i wish i had never signed up, but please add x",
        "love it; would like, but no. bring back the old plan please", "i want. we want it back",
        "let me know, let me know. please, let us rate films",
    ])
    func trickyPosts(text: String) {
        expectSame(text)
        expectSame(text, language: "en")
        expectSame(text, language: "zh")
    }

    @Test func evaluationSets() throws {
        var directory = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { directory.deleteLastPathComponent() }
        for name in ["Benchmarks/demand/eval.jsonl", "Benchmarks/abuse/eval.jsonl", "Benchmarks/abuse/heldout.jsonl"] {
            let lines = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            for line in lines.split(separator: "\n") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let text = object["text"] as? String
                else { continue }
                expectSame(text)
                expectSame(text.lowercased())
                expectSame(text.uppercased())
            }
        }
    }

    @Test func tokensMapBackToTheirSourceInASCII() {
        let text = "Hey @cine.club, #PleaseAdd don't-stop x!#y"
        let folded = NormalizedText(text)
        #expect(folded.isSourceASCII)
        let bytes = Array(text.utf8)
        for token in folded.tokens {
            let word = Array(folded.utf8[token.utf8Range])
            let start = Int(token.source)
            #expect(Array(bytes[start..<(start + word.count)]).map { $0 | 0x20 } == word.map { $0 | 0x20 })
        }
        #expect(!NormalizedText("café").isSourceASCII)
    }
}
