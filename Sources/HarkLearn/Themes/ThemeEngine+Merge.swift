import Foundation
import HarkCore

/// Folding themes that turned out to be the same request into one.
extension ThemeEngine {
    /// Cosine similarity of two themes' centroids under the current idf.
    mutating func centroidSimilarity(_ a: Int, _ b: Int) -> Double {
        let normA = centroidNorm(a)
        let normB = centroidNorm(b)
        guard normA > 0, normB > 0 else { return 0 }
        let first = update(a) { $0.centroid }
        let second = update(b) { $0.centroid }
        let (small, large) = first.count <= second.count ? (first, second) : (second, first)
        var dot = 0.0
        for term in small.keys.sorted() {
            guard let weight = large[term] else { continue }
            let idf = idf(term)
            dot += small[term]! * weight * idf * idf
        }
        return dot / (normA * normB)
    }

    /// Whether two themes may become one: not two pinned themes (each is a team's decision), and not
    /// a shipped theme with one that is not (their askers were told different things). Mutating
    /// only to read the two themes in place (`update`), not copies of them.
    mutating func mayMerge(_ a: Int, _ b: Int) -> Bool {
        let (firstPinned, firstShipped) = update(a) { ($0.isPinned, $0.shippedAt != nil) }
        let (secondPinned, secondShipped) = update(b) { ($0.isPinned, $0.shippedAt != nil) }
        if firstPinned && secondPinned { return false }
        return firstShipped == secondShipped
    }

    /// Merges `a` and `b` if their centroids are at least `merge_similarity` alike; returns the slot
    /// of the theme the demand now belongs to.
    mutating func mergeIfSame(_ a: Int, _ b: Int, events: inout [ThemeEvent]) -> Int {
        guard a != b, mayMerge(a, b), centroidSimilarity(a, b) >= settings.mergeSimilarity else { return a }
        return merge(a, b, events: &events)
    }

    /// Looks for a theme to merge with among those listed under this theme's heaviest terms.
    mutating func mergeWithNeighbours(_ slot: Int, events: inout [ThemeEvent]) -> Int {
        // The centroid is read in place and weighed in a loop: a closure calling `idf` captured
        // (copied) the whole engine, and `slots[slot]!` copied the theme.
        var weighed: [(term: String, weight: Double)] = []
        for (term, weight) in update(slot, { $0.centroid }) { weighed.append((term, weight * idf(term))) }
        let heaviest = weighed.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }.prefix(4)
        var seen: Set<Int> = [slot]
        var candidates: [Int] = []
        for (term, _) in heaviest {
            for posting in postings[term] ?? [] where seen.insert(posting.slot).inserted {
                candidates.append(posting.slot)
            }
        }
        var best: (slot: Int, similarity: Double)?
        for candidate in candidates where mayMerge(slot, candidate) {
            let similarity = centroidSimilarity(slot, candidate)
            guard similarity >= settings.mergeSimilarity else { continue }
            if let current = best {
                let better = similarity > current.similarity
                    || (similarity == current.similarity
                        && slots[candidate]!.sequence < slots[current.slot]!.sequence)
                if !better { continue }
            }
            best = (candidate, similarity)
        }
        guard let best else { return slot }
        return merge(slot, best.slot, events: &events)
    }

    /// Folds one theme into the other: a pinned theme survives, else the older one. The absorbed id
    /// becomes an alias of the survivor, so labels already given out still resolve.
    mutating func merge(_ a: Int, _ b: Int, events: inout [ThemeEvent]) -> Int {
        let (keep, drop): (Int, Int)
        if slots[a]!.isPinned != slots[b]!.isPinned {
            (keep, drop) = slots[a]!.isPinned ? (a, b) : (b, a)
        } else {
            (keep, drop) = slots[a]!.sequence < slots[b]!.sequence ? (a, b) : (b, a)
        }
        let absorbed = slots[drop]!
        remove(drop)
        aliases[absorbed.id] = slots[keep]!.id
        for term in absorbed.centroid.keys.sorted() {
            if slots[keep]!.centroid[term] == nil { countTerm(term, by: 1) }
            slots[keep]!.centroid[term, default: 0] += absorbed.centroid[term]!
        }
        if slots[keep]!.centroid.count > ThemeState.centroidLimit { pruneCentroid(keep) }
        for term in absorbed.centroid.keys.sorted() { updatePosting(term, slot: keep) }
        slots[keep]!.normThemes = 0
        update(keep) { theme in
            theme.mentions += absorbed.mentions
            theme.duplicates += absorbed.duplicates
            theme.authors.formUnion(absorbed.authors)
            theme.firstSeen = [theme.firstSeen, absorbed.firstSeen].compactMap { $0 }.min()
            theme.lastSeen = [theme.lastSeen, absorbed.lastSeen].compactMap { $0 }.max()
            theme.nextMergeCheck = max(theme.nextMergeCheck, Int((Double(theme.mentions) * 1.5).rounded(.up)))
            theme.addPhrases(absorbed.phrases.values.sorted { $0.key < $1.key })
            theme.relabel()
            for sample in absorbed.samples where theme.samples.count < ThemeState.sampleLimit {
                if !theme.samples.contains(sample) { theme.samples.append(sample) }
            }
            for bucket in absorbed.buckets {
                for author in bucket.authors.sorted() {
                    theme.record(author: author, bucket: bucket.index, forgettingThrough: Int.min)
                }
            }
            let askers = (theme.recentAskers + absorbed.recentAskers).enumerated()
                .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            theme.recentAskers = Array(askers.suffix(ThemeState.recentAskerLimit))
            if let emerged = absorbed.emergedAt, theme.emergedAt.map({ emerged < $0 }) ?? true {
                theme.emergedAt = emerged
            }
            if let growth = absorbed.growthEventAt, theme.growthEventAt.map({ growth > $0 }) ?? true {
                theme.growthEventAt = growth
            }
        }
        // An absorbed theme that had emerged passes that on: its alert already went out.
        events.append(ThemeEvent(kind: .merged(absorbed: absorbed.id), theme: summary(keep), at: now))
        return keep
    }
}
