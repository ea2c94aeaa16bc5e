import HarkLearn
import Testing

@Suite("English abuse: insults said of staff through a copula, and insults used as vocatives")
struct AbuseSubjectTests {
    let detector = AbuseFixture.detector

    @Test(arguments: [
        // The predicate holds other words and runs past commas.
        "The cashier at the Oak Rd store is a fat cow and a moron.",
        "Your supervisor is a spineless little weasel and a liar, and an idiot.",
        "The agent on the chat was a condescending asshole.",
        // Particular people: a group word after "the", "these" or "those".
        "The people running this company are morons.",
        "Those folks in the billing department are idiots.",
        // Whoever did the job.
        "Whoever set these prices is a moron.",
        "Whoever wrote this app is an imbecile.",
    ])
    func insultsSaidOfStaffAreAbusive(_ text: String) {
        #expect(AbuseFixture.isAbusive(text), "\(detector.analyze(text).matches)")
        // The hot path that labels every mention agrees with the full reading.
        #expect(detector.isAbusive(text))
    }

    @Test func theSubjectIsNamedAsTheTarget() throws {
        let result = detector.analyze("The people running this company are morons.")
        let match = try #require(result.matches.first)
        #expect(match.reasons == ["aimed at staff ('the people')"])
        #expect(result.isAbusive)
    }

    @Test(arguments: [
        "Process my refund already, morons.",
        "Answer the phone, idiot!",
        "Close my account today, clowns.",
    ])
    func aClauseOfItsOwnAtTheEndIsAVocative(_ text: String) throws {
        let result = detector.analyze(text)
        #expect(result.isAbusive, "\(result.matches)")
        #expect(detector.isAbusive(text))
        #expect(result.matches.first?.reasons == ["aimed at the reader (a vocative)"])
    }

    @Test(arguments: [
        // People in general, the writer, fiction, a thing, a negation, a report.
        "People who park like that are idiots.",
        "I was an idiot to renew without reading the price.",
        "The villain in that film is a total idiot and it is great.",
        "The plot of that film is garbage, the popcorn was fine.",
        "The agent was not an idiot at all, she fixed it fast.",
        "The agent said the old plan was garbage anyway.",
        // A group word near an insult is not its target unless it is the subject.
        "The app is trash, the people who answer the phone are kind though.",
        // Only an insult's predicate reaches past other words: a threat word there is no threat.
        "If you are looking for a simple point and shoot camera, this is not it.",
        "He was a tiny atomic bomb of a man on stage.",
        // Not a vocative: words beside the insult, or an opening address.
        "Dumb question, but does the plan include IMAX?",
        "The update broke again, garbage.",
        "It crashed again, stupid thing.",
        "Watching the show from last night. Because it's britney, bitch.",
    ])
    func otherSubjectsAndClausesAreNot(_ text: String) {
        #expect(!AbuseFixture.isAbusive(text), "\(detector.analyze(text).matches)")
        #expect(!detector.isAbusive(text))
    }
}
