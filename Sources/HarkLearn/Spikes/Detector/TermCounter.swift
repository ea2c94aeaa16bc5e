import Foundation

/// Document frequencies of terms over a rule's older mentions, bounded: what a rule's mentions
/// usually talk about, so a spike's top terms can be the ones that are *unusual* for it.
///
/// Keeps at most `2 × capacity` terms: when it grows past that, only the `capacity` most frequent
/// stay (ties by term, so the result is the same on every run). Past `halfLife` documents every
/// count halves, so the background follows what is normal now rather than last year.
struct TermCounter: Codable, Hashable, Sendable {
    private(set) var counts: [String: Int] = [:]
    private(set) var documents = 0

    static let capacity = 512
    static let halfLife = 8192

    /// Counts one mention's terms.
    mutating func add(_ terms: [String]) {
        documents += 1
        for term in terms { counts[term, default: 0] += 1 }
        if counts.count > 2 * Self.capacity { counts = Self.mostFrequent(counts, limit: Self.capacity) }
        if documents >= Self.halfLife {
            documents /= 2
            counts = counts.compactMapValues { $0 / 2 > 0 ? $0 / 2 : nil }
        }
    }

    /// The `limit` entries of `counts` with the highest counts, ties going to the term that sorts
    /// first. The same as sorting every entry by (count, term) and keeping the first `limit`, but only
    /// the counts are sorted, and of the terms only those tied at the cut: pruning runs every few
    /// dozen mentions, and sorting a thousand strings each time cost a tenth of a full replay.
    static func mostFrequent(_ counts: [String: Int], limit: Int) -> [String: Int] {
        guard counts.count > limit else { return counts }
        guard limit > 0 else { return [:] }
        // The cut is the count of the limit-th entry: found from a histogram of counts (small
        // numbers), with no sort at all.
        var highest = 0
        for count in counts.values where count > highest { highest = count }
        var histogram = [Int](repeating: 0, count: highest + 1)
        for count in counts.values where count > 0 { histogram[count] += 1 }
        var cut = highest
        var atOrAbove = histogram[highest]
        while atOrAbove < limit && cut > 0 {
            cut -= 1
            atOrAbove += histogram[cut]
        }
        if atOrAbove < limit {
            // Fewer than `limit` positive counts: the rest (zero or negative counts, which `add`
            // never makes) are ordered by sorting them.
            cut = counts.values.sorted(by: >)[limit - 1]
        }
        var kept = counts.filter { $0.value > cut }
        let tied = counts.compactMap { $0.value == cut ? $0.key : nil }.sorted()
        for term in tied.prefix(limit - kept.count) { kept[term] = cut }
        return kept
    }

    /// In how many counted mentions `term` appeared (an undercount for rare terms).
    func frequency(_ term: String) -> Int { counts[term] ?? 0 }

    /// The `limit` terms of `recent` (one term list per mention) that best mark them out from the
    /// background: mentions holding the term × a smoothed inverse document frequency. A term must
    /// appear in at least two mentions when there are three or more.
    func top(_ limit: Int, of recent: [[String]]) -> [String] {
        var frequency: [String: Int] = [:]
        for terms in recent {
            for term in terms { frequency[term, default: 0] += 1 }
        }
        let least = recent.count >= 3 ? 2 : 1
        let background = Double(documents + 2)
        let scored = frequency.filter { $0.value >= least }.map { term, count in
            (term: term, score: Double(count) * log(background / Double(self.frequency(term) + 1)))
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
            .prefix(limit).map(\.term)
    }
}
