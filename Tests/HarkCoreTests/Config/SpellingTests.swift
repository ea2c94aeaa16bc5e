import HarkCore
import Testing

@Suite("Spelling suggestions")
struct SpellingTests {
    @Test("a swapped pair of letters is one typo", arguments: [("evrey", "every"), ("tpye", "type"), ("ulr", "url")])
    func transpositions(typo: String, intended: String) {
        #expect(Spelling.closest(to: typo, among: ["name", "type", "url", "every", "headers"]) == intended)
    }

    @Test("unrelated words get no suggestion")
    func unrelated() {
        #expect(Spelling.closest(to: "colour", among: ["name", "type", "url", "every"]) == nil)
    }
}
