import Foundation
import Testing

@testable import HarkLearn

/// `mayHoldAbuse` skips the quick bound for most posts, so it may only ever say no where the quick
/// bound finds no abusive phrase: checked on every text of the abuse evaluation sets, and on words
/// that only look like keys.
@Suite("Abuse: the key filter never clears a text the quick bound would keep")
struct AbuseKeyFilterTests {
    let detector = AbuseFixture.detector

    func mayHold(_ text: String) -> Bool {
        detector.mayHoldAbuse(NormalizedText(text), readsHan: true)
    }

    static let evaluationTexts: [String] = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        var texts: [String] = []
        for name in ["eval.jsonl", "heldout.jsonl", "heldout2.jsonl"] {
            let path = url.appendingPathComponent("Benchmarks/abuse/\(name)").path
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let text = object["text"] as? String
                else { continue }
                texts.append(text)
            }
        }
        return texts
    }()

    @Test func everyTextTheQuickBoundKeepsPassesTheFilter() {
        #expect(Self.evaluationTexts.count > 100)
        var kept = 0
        for text in Self.evaluationTexts where detector.quickBound(text, readsHan: true).mayMatch {
            kept += 1
            #expect(mayHold(text), "\(text)")
        }
        #expect(kept > 0)
    }

    @Test(arguments: [
        "you suck", "i will find you", "i know where you live", "fuck you", "idiots everywhere",
        "total morons", "what a dumbass", "fck this", "fuking hell", "kys", "get lost", "shut up",
        "#idiot", "stuuupid", "i d i o t", "傻逼", "你们这些白痴",
    ])
    func keysStemsPairsAndUnboundedShapesPass(_ text: String) {
        #expect(mayHold(text), "\(text)")
        #expect(detector.quickBound(text, readsHan: true).mayMatch, "\(text)")
    }

    /// The start bits in front of the entry bits: every abusive word of the lexicon, every word
    /// made from an abusive stem (`idiots`, `fuckinggg`), short and non-ASCII ones included, passes.
    @Test func everyAbusiveWordAndStemmedWordOfTheLexiconPasses() {
        var checked = 0
        for phrase in detector.index.phrases {
            guard case .abuse = phrase.role, phrase.units.count == 1, !phrase.units[0].isRunCharacter else { continue }
            let unit = phrase.units[0]
            let words = unit.isPrefix ? [unit.text, unit.text + "s", unit.text + "ingly", unit.text + "é"] : [unit.text]
            for word in words {
                checked += 1
                #expect(mayHold(word), "\(word)")
                #expect(mayHold("well \(word) then"), "\(word)")
            }
        }
        #expect(checked > 100)
    }

    @Test(arguments: [
        "", "a", "ok", "é", "thanks a lot", String(repeating: "longwordwithoutabuse ", count: 50_000),
        "naïve café crème brûlée", "the weather was lovely",
    ])
    func wordsThatAreNoKeyAreCleared(_ text: String) {
        #expect(!mayHold(text), "\(text)")
        #expect(!detector.quickBound(text, readsHan: true).mayMatch, "\(text)")
    }

    @Test(arguments: [
        "you will love it", "more help with your morning", "assist the team",
        "thanks for the great service", "your agent was kind",
    ])
    func personWordsAndLookAlikesAloneAreCleared(_ text: String) {
        #expect(!mayHold(text), "\(text)")
        #expect(!detector.isAbusive(text), "\(text)")
    }
}
