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
        if counts.count > 2 * Self.capacity {
            let kept = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(Self.capacity)
            counts = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
        if documents >= Self.halfLife {
            documents /= 2
            counts = counts.compactMapValues { $0 / 2 > 0 ? $0 / 2 : nil }
        }
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
