@testable import HarkLearn
import Testing

@Suite("The spike background's term counts")
struct TermCounterTests {
    /// Pruning keeps exactly what sorting every entry by (count descending, term ascending) would,
    /// including when many terms tie at the cut.
    @Test func pruningKeepsTheMostFrequentTermsTiesByTerm() {
        var generator = SplitMix(seed: 7)
        for round in 0..<200 {
            var counts: [String: Int] = [:]
            let distinct = Int.random(in: 1...1_500, using: &generator)
            let highest = round % 3 == 0 ? 2 : 50
            for index in 0..<distinct {
                counts["t\(Int.random(in: 0...(distinct * 2), using: &generator))-\(index % 7)"] =
                    Int.random(in: 1...highest, using: &generator)
            }
            let limit = Int.random(in: 0...600, using: &generator)
            let expected = Dictionary(
                uniqueKeysWithValues: counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .prefix(limit).map { ($0.key, $0.value) })
            #expect(TermCounter.mostFrequent(counts, limit: limit) == expected, "round \(round)")
        }
    }

    @Test func aCounterNeverHoldsMoreThanTwiceItsCapacity() {
        var counter = TermCounter()
        for mention in 0..<400 {
            counter.add((0..<10).map { "w\(mention)-\($0)" } + ["common"])
            #expect(counter.counts.count <= 2 * TermCounter.capacity)
        }
        #expect(counter.frequency("common") == 400)
        #expect(counter.documents == 400)
    }
}
