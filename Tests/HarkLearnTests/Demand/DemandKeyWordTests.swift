import Foundation
import Testing

@testable import HarkLearn

/// The two cheap exits added in front of marking every pattern word: `hasKeyWord` (no key word,
/// no possible trigger) and `matchesAnywhere` (no match in the whole post, none in any part). Each
/// may only let through more than the step after it, never less.
@Suite("Demand: key-word and whole-post exits never rule out a post the full screen lets through")
struct DemandKeyWordTests {
    static let posts: [String] = DemandPrefilterTests.posts + [
        "^ please", "wish you would add it", "i'd really love dark mode", "we really need imax",
        "love love love it", "I like it, would you add more", "please; add, it", "bring it back",
    ]

    @Test func noKeyWordMeansNoPossibleTrigger() throws {
        let set = try #require(DemandFixture.detector.patterns.sets.first { $0.mode == .words })
        var withKey = 0
        var without = 0
        for post in Self.posts {
            let normalized = NormalizedText(post)
            let (_, possible) = set.prefilter.screen(normalized)
            let anyTrigger = possible[..<set.triggers.count].contains(true)
            if normalized.withFolded(set.prefilter.hasKeyWord) {
                withKey += 1
            } else {
                without += 1
                #expect(!anyTrigger, "\(post)")
            }
        }
        // Both answers occur, so the check above is not vacuous.
        #expect(withKey > 10 && without > 10)
    }

    @Test func aMatchInAPartIsAMatchInTheWholePost() throws {
        let set = try #require(DemandFixture.detector.patterns.sets.first { $0.mode == .words })
        let prefilter = set.prefilter
        var matchedParts = 0
        for post in Self.posts {
            let normalized = NormalizedText(post)
            let (ids, _) = prefilter.screen(normalized)
            ids.withUnsafeBufferPointer { all in
                for trigger in set.triggers.indices {
                    let anywhere = prefilter.matchesAnywhere(trigger, all)
                    prefilter.forEachPart(of: all) { part in
                        if prefilter.matches(trigger, UnsafeBufferPointer(rebasing: all[part])) {
                            matchedParts += 1
                            #expect(anywhere, "\(post) trigger \(trigger)")
                        }
                        return true
                    }
                    // Every slice of every post, not only its parts.
                    for lower in 0..<all.count {
                        let slice = UnsafeBufferPointer(rebasing: all[lower...])
                        if prefilter.matches(trigger, slice) { #expect(anywhere, "\(post) trigger \(trigger)") }
                    }
                }
            }
        }
        #expect(matchedParts > 10)
    }
}
