import HarkLearn
import Testing

@Suite("English abuse: aimed insults, threats, harassment, profanity as an intensifier")
struct AbuseDetectorTests {
    let detector = AbuseFixture.detector

    @Test(arguments: [
        "You useless idiots can't even process a refund.",
        "Your support people are complete morons.",
        "The agent I spoke to is a total idiot.",
        "Tell your manager he's a worthless piece of shit.",
        "Whoever runs your support team is a moron.",
        "you guys are pathetic losers",
        "Fuck you and your refund policy.",
        "Fuck your support.",
        "Shut up, you idiot.",
        "You absolute motherfucker.",
    ])
    func insultsAimedAtStaffAreAbusive(_ text: String) {
        #expect(AbuseFixture.isAbusive(text), "\(detector.analyze(text).matches)")
    }

    @Test func theMatchSaysWhoItWasAimedAt() throws {
        let result = detector.analyze("Your support people are complete morons.")
        #expect(result.categories == [.insult])
        let match = try #require(result.matches.first)
        #expect(match.term == "moron*")
        #expect(match.text == "morons")
        #expect(match.reasons == ["aimed at staff ('your support people')"])
        #expect(match.score == 4)
        #expect(match.description == "insult 'morons' (moron*) +4: aimed at staff ('your support people')")
    }

    @Test(arguments: [
        "I know where you live.",
        "Watch your back.",
        "I'll burn your store down.",
        "If my refund isn't here by Friday I will find you.",
        "I swear I will kill you.",
        "Someone should shoot the manager.",
        "Gonna burn down the ParkPal office tomorrow.",
        "Sleep with one eye open, Nimbus Bank.",
    ])
    func threatsAreAbusiveOnTheirOwn(_ text: String) {
        let result = detector.analyze(text)
        #expect(result.isAbusive, "\(result.matches)")
        #expect(result.categories.contains(.threat))
    }

    @Test(arguments: ["kys", "Kill yourself.", "Go die in a fire.", "Drop dead, all of you.", "Send nudes lol"])
    func harassmentIsAbusive(_ text: String) {
        let result = detector.analyze(text)
        #expect(result.isAbusive, "\(result.matches)")
        #expect(result.categories.contains(.harassment))
    }

    @Test(arguments: [
        "this is fucking great",
        "damn it",
        "Holy shit the new menu is good.",
        "Are you fucking kidding me? Another outage?",
        "Your checkout page is fucking broken.",
        "What the hell happened to the pricing?",
        "fucking shit fucking hell this fucking app, damn",
        "This stupid app crashed again.",
        "Your app is trash since the redesign.",
    ])
    func profanityAsAnIntensifierAndComplaintsAreNotAbusive(_ text: String) {
        let result = detector.analyze(text)
        #expect(!result.isAbusive, "\(result.matches)")
        #expect(result.score <= 1)
    }

    @Test(arguments: [
        ("I felt like an idiot at the gate.", "about the writer or reported ('i')"),
        ("He called me an idiot.", "about the writer or reported ('me')"),
        ("The agent called me an idiot and hung up.", "about the writer or reported ('me')"),
        ("You're not an idiot, the form is confusing.", "negated by 'not'"),
    ])
    func reportedSelfAndNegatedInsultsDoNotCount(_ text: String, _ reason: String) {
        let result = detector.analyze(text)
        #expect(!result.isAbusive)
        #expect(result.matches.map(\.reasons) == [[reason]])
    }

    @Test(arguments: [
        ("You f***ing idiots lost my package.", "obfuscated 'f***ing'"),
        ("you F**K1NG idiot", "obfuscated 'F**K1NG'"),
        ("you id10t", "obfuscated 'id10t'"),
        ("You're an a$$hole.", "obfuscated 'a$$hole'"),
        ("sh!t, you m0ron", "obfuscated 'm0ron'"),
        ("you b.i.t.c.h", "spaced 'b i t c h'"),
        ("you are an i d i o t", "spaced 'i d i o t'"),
        ("you stuuupid agent", "elongated 'stuuupid'"),
        ("idiooots, the lot of you", "elongated 'idiooots'"),
        ("f#ck you", "obfuscated 'f#ck'"),
        ("Your cashier is a b1tch.", "obfuscated 'b1tch'"),
        ("You dumb@ss", "obfuscated 'dumb@ss'"),
        ("f u c k  y o u", "spaced 'f u c k'"),
    ])
    func obfuscatedSpellingsAreReadAsWhatTheyHide(_ text: String, _ note: String) {
        let result = detector.analyze(text)
        #expect(result.isAbusive, "\(result.matches)")
        #expect(result.matches.contains { $0.reasons.contains(note) }, "\(result.matches)")
    }

    @Test(arguments: [
        "class", "assess", "Scunthorpe", "cockpit", "hello", "cocktail", "Dickens", "shiitake", "assassin",
        "Fukushima", "Pissarro", "kill it", "killer feature", "killer app", "this app is sick", "sick deal",
        "I could kill for a coffee", "The crew killed it today", "I'll shoot you an email",
        "Brewly cold brew is to die for",
        "This update is killing my battery", "Kill the app and restart it", "idiot-proof", "Shut up and take my money!",
        "c l a s s", "a s s e s s", "Got 3x points on my 2nd visit, c00l!", "mp3", "Rating: *****",
        "Use code SAVE20 for 20% off", "Paid $45 for a 4k rental", "Hell yeah, double points!", "knee jerk reaction",
        "take a stab at it", "a chink in the armour", "Moby Dick is on at CineClub", "A S A P please",
    ])
    func lookAlikesAreNotAbusive(_ text: String) {
        let result = detector.analyze(text)
        #expect(!result.isAbusive, "\(result.matches)")
        #expect(result.score < 1, "\(result.matches)")
    }

    @Test func theAllowListOfTheSettingsIsNeverCounted() throws {
        let text = "You absolute legends, this motherfucker of a sale is insane"
        #expect(AbuseFixture.isAbusive(text))
        let settings = AbuseSettings(allow: ["motherfucker of a sale"])
        let relaxed = AbuseDetector(lexicon: AbuseFixture.lexicon, settings: settings)
        #expect(!relaxed.analyze(text).isAbusive)
        #expect(relaxed.analyze("you motherfucker").isAbusive)
    }

    @Test func aTeamLexiconCanAddStaffRolesAndAllowTerms() throws {
        let brand = try AbuseLexicon(parsing: "usher*\tstaff\nmoron\tallow\n", file: "brand.tsv")
        let detector = AbuseDetector(lexicon: AbuseFixture.lexicon.merging(brand))
        #expect(!AbuseFixture.isAbusive("the ushers are clowns"))
        #expect(detector.analyze("the ushers are clowns").isAbusive)
        #expect(!detector.analyze("you moron").isAbusive)
    }

    @Test func theThresholdDecides() {
        let strict = AbuseDetector(lexicon: AbuseFixture.lexicon, settings: AbuseSettings(threshold: 0.5))
        #expect(strict.analyze("this stupid app").isAbusive)
        #expect(!AbuseFixture.isAbusive("this stupid app"))
    }

    @Test func cleanTextsGetTheCleanResult() {
        #expect(detector.analyze("CineClub charged me twice and nobody answers!!!") == .clean)
    }
}
