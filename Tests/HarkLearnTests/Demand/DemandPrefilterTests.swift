import Foundation
import Testing

@testable import HarkLearn

/// `checkTriggers` runs `check` only on the triggers a present word is a key of; it must mark
/// exactly the triggers that checking every trigger marks.
@Suite("Demand: key words name every trigger that can pass the required-word check")
struct DemandPrefilterTests {
    static let posts: [String] = {
        var directory = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { directory.deleteLastPathComponent() }
        return ["Benchmarks/demand/eval.jsonl", "Benchmarks/abuse/eval.jsonl"].flatMap { name -> [String] in
            let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return text.split(whereSeparator: \.isNewline).compactMap { line in
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return object?["text"] as? String
            }
        } + [
            "take my money", "if only", "I would gladly pay double for 4K", "why can't you guys add IMAX",
            "we want imax back", "hopefully they add dolby", "#wish dark mode", "", "Please PLEASE add it",
        ]
    }()

    @Test func keyWordsMarkTheSameTriggersAsCheckingEveryTrigger() throws {
        let set = try #require(DemandFixture.detector.patterns.sets.first { $0.mode == .words })
        let prefilter = set.prefilter
        #expect(Self.posts.count > 100)
        var passed = 0
        for post in Self.posts {
            let normalized = NormalizedText(post)
            let count = max(1, normalized.tokens.count)
            let ids = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
            let present = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: prefilter.stride)
            let candidates = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: prefilter.triggerStride)
            let possible = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(1, prefilter.triggerCount))
            defer {
                ids.deallocate()
                present.deallocate()
                candidates.deallocate()
                possible.deallocate()
            }
            present.initialize(repeating: 0)
            candidates.initialize(repeating: 0)
            normalized.withFolded { prefilter.mark($0, ids: ids, present: present, candidates: candidates) }
            let any = prefilter.checkTriggers(candidates: candidates, present: present, possible: possible)
            let everyTrigger = (0..<prefilter.triggerCount).map { prefilter.check($0, present: present) }
            #expect(Array(possible[..<prefilter.triggerCount]) == everyTrigger, "\(post)")
            #expect(any == everyTrigger.contains(true), "\(post)")
            if any { passed += 1 }
        }
        // Some posts must pass, or the comparison above proves little.
        #expect(passed > 10)
    }

    @Test(arguments: [
        ("please add dark mode already thanks", "dark mode"), ("Bring back the $10 plan!!!", "$10 plan"),
        ("please add 50% off tuesdays, too", "50% off tuesdays"), ("please add C++ support pls", "C++ support"),
        ("please add (more) IMAX screens...", "IMAX screens"),
    ])
    func requestsAreTrimmedAsBefore(_ text: String, _ expected: String) {
        #expect(DemandFixture.detector.detect(text)?.request == expected, "\(text)")
    }
}
