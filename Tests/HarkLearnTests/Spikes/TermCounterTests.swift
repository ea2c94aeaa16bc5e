@testable import HarkLearn
import Testing

@Suite("The spike background's term counts")
struct TermCounterTests {
    /// Pruning keeps exactly what sorting every entry by (count descending, term ascending) would,
    /// including when many terms tie at the cut.
    @Test func pruningKeepsTheMostFrequentTermsTiesByTerm() {
        var generator = CounterRandom(seed: 7)
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

/// A small seeded generator, so a failing round can be rerun.
private struct CounterRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
