import Foundation
import HarkLearn
import Testing

@Suite("isAbusive, the hot path, agrees with analyze")
struct AbuseHotPathTests {
    /// The posts of `Benchmarks/abuse/`: realistic, and full of near misses for the quick pass.
    static let posts: [String] = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return ["eval.jsonl", "heldout.jsonl", "heldout2.jsonl"].flatMap { name -> [String] in
            let path = url.appendingPathComponent("Benchmarks/abuse/\(name)").path
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(whereSeparator: \.isNewline).compactMap { line in
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return object?["text"] as? String
            }
        }
    }()

    @Test func everyEvaluationPostGetsTheSameAnswer() {
        #expect(Self.posts.count > 280)
        for post in Self.posts {
            #expect(AbuseFixture.detector.isAbusive(post) == AbuseFixture.isAbusive(post), "\(post)")
        }
    }

    @Test(arguments: [
        "this is fucking great", "fuck you", "傻 逼 客服", "傻，逼", "you stuuupid agent", "f u c k  y o u",
        "youuuu idiot", "just get losttt", "your support is run by id10ts", "Piss off rain",
        "damn damn damn damn damn you",
    ])
    func nearMissesGetTheSameAnswer(_ text: String) {
        #expect(AbuseFixture.detector.isAbusive(text) == AbuseFixture.isAbusive(text))
    }

    @Test func aStricterThresholdIsHonoured() {
        let strict = AbuseDetector(lexicon: AbuseFixture.lexicon, settings: AbuseSettings(threshold: 0.2))
        #expect(strict.isAbusive("damn it"))
        #expect(!AbuseFixture.detector.isAbusive("damn it"))
    }
}
