import HarkLearn
import Testing

@Suite("English sentiment: each rule shown by a pair of sentences")
struct SentimentAnalyzerTests {
    func score(_ text: String, language: String? = nil) -> Double {
        SentimentFixture.score(text, language: language)
    }

    @Test func plainWordsGiveTheirSign() {
        #expect(score("The support team was helpful") > 0.05)
        #expect(score("The support team was terrible") < -0.05)
        #expect(score("The parcel arrived on Tuesday") == 0)
    }

    @Test func negationFlipsAndSoftens() {
        let plain = score("The food is good")
        let negated = score("The food is not good")
        #expect(plain > 0 && negated < 0)
        #expect(abs(negated) < plain)
        #expect(score("The food isn't good") < 0)
        #expect(score("The food isn’t good") < 0, "typographic apostrophe")
        #expect(score("I shouldn't've liked it") < 0, "any n't negates")
        #expect(score("no good options") < 0)
    }

    @Test func negationAndBoostersStopAtClausePunctuation() {
        #expect(score("I don't know great movies") < 0)
        #expect(score("I don't know, great movie") > 0)
        #expect(score("Not sure. Great movie") > 0)
        #expect(score("我不知道。很好") > 0)
    }

    @Test func boosterIncreasesMagnitude() {
        #expect(score("The food is very good") > score("The food is good"))
        #expect(score("The food is extremely bad") < score("The food is bad"))
    }

    @Test func dampenerAndKindOfReduceMagnitude() {
        let plain = score("The movie was good")
        #expect(score("The movie was slightly good") < plain)
        let kindOf = SentimentFixture.analyzer.analyze("The movie was kind of good")
        #expect(kindOf.score > 0 && kindOf.score < plain)
        #expect(kindOf.contributions.map(\.text) == ["good"], "'kind' in 'kind of' is not the adjective")
        #expect(kindOf.contributions[0].modifiers == [.boosted(by: "kind of", amount: -0.293)])
        #expect(score("The movie was kind of bad") > score("The movie was bad"), "dampens negatives too")
    }

    @Test func allCapsIncreasesMagnitudeOnlyWhenOthersAreNot() {
        #expect(score("The food is GOOD") > score("The food is good"))
        #expect(score("THE FOOD IS GOOD") == score("the food is good"), "shouting everything is no emphasis")
    }

    @Test func exclamationsAndQuestionsIncreaseMagnitude() {
        #expect(score("The food is good!!!") > score("The food is good"))
        #expect(score("The food is bad!!!") < score("The food is bad"))
        #expect(score("The food is good!!!!!!!!") == score("The food is good!!!!"), "at most four count")
        #expect(score("Is the food good??") > score("Is the food good"))
    }

    @Test func butMovesTheWeightToTheSecondClause() {
        let result = SentimentFixture.analyzer.analyze("The food is good but the service is terrible")
        #expect(result.score < 0)
        #expect(score("The food is terrible but the service is good") > 0)
        let terrible = result.contributions.first { $0.text == "terrible" }
        #expect(terrible?.modifiers == [.contrast("but", factor: 1.5)])
        #expect(terrible?.modifiers.first?.description == "after 'but' (×1.5)")
    }

    @Test func emojiAndEmoticonsAreScored() {
        #expect(score("Delivery came today 😀") > score("Delivery came today"))
        #expect(score("Delivery came today 😠") < 0)
        #expect(score("Delivery came today :)") > 0)
        #expect(score("Delivery came today :-(") < 0)
        #expect(score("arrived👍") > 0, "emoji split from a word without a space")
        #expect(score("👍🏽") == score("👍"), "skin tones do not change the emoji")
        #expect(score("❤️") > 0, "variation selector dropped")
    }

    @Test func idiomsAreReadWhole() {
        #expect(score("There was a bomb") < 0)
        #expect(score("This party is the bomb") > 0)
        #expect(score("yeah right, great service") < score("great service"))
        #expect(score("This phone does cut the mustard") > 0)
        #expect(score("This phone does not cut the mustard") < 0)
        let idiom = SentimentFixture.analyzer.analyze("The new update is the bomb")
        #expect(idiom.contributions.first?.modifiers == [.idiom("the bomb")])
    }

    @Test func leastNegatesButAtLeastDoesNot() {
        #expect(score("He was the helpful agent") > 0)
        #expect(score("He was the least helpful agent") < 0)
        #expect(score("He was at least helpful") > 0)
    }

    @Test func neverSoEmphasisesWhileNeverNegates() {
        #expect(score("I was never happy there") < 0)
        #expect(score("I was never so happy") > score("I was so happy"))
        #expect(score("Without doubt the best") > 0)
    }

    @Test func contributionsExplainWhatMovedTheScore() {
        let result = SentimentFixture.analyzer.analyze("The app is not very GOOD")
        #expect(result.contributions.count == 1)
        let good = result.contributions[0]
        #expect(good.text == "GOOD")
        #expect(good.base == 1.9)
        #expect(
            good.modifiers == [
                .allCaps(amount: 0.733), .boosted(by: "very", amount: 0.293), .negated(by: "not", factor: -0.74),
            ])
        #expect(abs(good.valence - (1.9 + 0.733 + 0.293) * -0.74) < 1e-9)
        #expect(
            good.description
                == "'GOOD' +1.9 → -2.165: ALL CAPS (+0.733), boosted by 'very' (+0.293), negated by 'not' (×-0.74)")
    }

    @Test func scoreIsVADERsNormalisedSum() {
        let result = SentimentFixture.analyzer.analyze("good")
        #expect(abs(result.score - 1.9 / (1.9 * 1.9 + 15).squareRoot()) < 1e-12)
        #expect(result.positive == 1 && result.negative == 0 && result.neutral == 0)
        let mixed = SentimentFixture.analyzer.analyze("good and bad")
        #expect(abs(mixed.positive + mixed.negative + mixed.neutral - 1) < 1e-12)
    }

    @Test func labelsUseDocumentedThresholds() {
        #expect(SentimentLabel(score: 0.05) == .positive)
        #expect(SentimentLabel(score: 0.0499) == .neutral)
        #expect(SentimentLabel(score: -0.05) == .negative)
        #expect(SentimentFixture.analyzer.analyze("I love it").label == .positive)
        #expect(SentimentFixture.analyzer.analyze("I hate it").label == .negative)
        #expect(SentimentFixture.analyzer.analyze("It is a phone").label == .neutral)
    }

    @Test func classifyMatchesAnalyzeWithoutExplanation() {
        let text = "The food is good but the service is NOT great!!! 😠"
        let full = SentimentFixture.analyzer.analyze(text)
        let fast = SentimentFixture.analyzer.classify(text)
        #expect(fast.score == full.score && fast.label == full.label)
        #expect(fast.contributions.isEmpty && !full.contributions.isEmpty)
    }
}
