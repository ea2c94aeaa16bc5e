import Foundation
import Testing

@testable import HarkLearn

/// The quick pass's bound may only ever be loose: whenever it clears a text, the full reading
/// must agree that the text is not abusive.
@Suite("Abuse: the quick bound follows whom each category can be aimed at")
struct AbuseBoundTests {
    let detector = AbuseFixture.detector

    func limit(_ text: String) -> Double {
        detector.quickBound(text, readsHan: true).limit
    }

    @Test(arguments: [
        "the fucking bus left without them", "he said the movie was stupid", "they are so stupid",
        "damn, she missed the train", "what the hell were they thinking",
    ])
    func swearingAndInsultsNearNoAddressedPersonAreCleared(_ text: String) {
        #expect(limit(text) < detector.settings.threshold, "\(text)")
        #expect(!AbuseFixture.isAbusive(text), "\(text)")
    }

    @Test(arguments: [
        "fuck you", "fuck your support", "screw you guys", "I'll kill him", "I will kill them all",
        "you are a stupid idiot", "your manager is a moron", "those people are morons", "watch your back",
        "shut up idiot", "go to hell, you clowns", "fuck them and fuck you", "the agent is a total idiot",
        "y o u are an i d i o t", "i d i o t", "b i t c h", "f u c k  y o u", "a b c d e f",
        "j e t s suck", "x y z abc", "i m a i d i o t",
    ])
    func theHotPathAgreesWithTheFullReading(_ text: String) {
        #expect(detector.isAbusive(text) == AbuseFixture.isAbusive(text), "\(text)")
    }

    @Test func lettersThatSpellNoWordAreBoundedAndLettersThatDoAreNot() {
        #expect(limit("plan a b c for the weekend") < .infinity)
        #expect(limit("you are an i d i o t") == .infinity)
        #expect(limit("total b i t c h") == .infinity)
    }

    @Test func profanityAimedAtTheReaderStillCountsDouble() {
        #expect(limit("fuck you") >= detector.settings.threshold)
        #expect(detector.isAbusive("fuck you"))
    }
}
