import Foundation
import HarkCore

/// Term statistics, the inverted index and similarity.
extension ThemeEngine {
    /// A candidate theme and the demand's cosine similarity to it.
    struct Candidate {
        var slot: Int
        var similarity: Double
    }

    /// Inverse *theme* frequency: `ln((T + 1) / (tf + 1)) + 0.1` with `T` themes in memory and `tf`
    /// of them using the term. Counting themes rather than demands is what makes the brand fade
    /// (every theme mentions it) while a popular request keeps its words: a thousand people asking
    /// for dark mode make "dark mode" frequent among demands, but it still belongs to one theme.
    func idf(_ term: String) -> Double {
        log(Double(liveCount + 1) / Double((themeFrequency[term] ?? 0) + 1)) + 0.1
    }

    /// Counts a term into or out of the theme frequencies as a centroid gains or loses it.
    mutating func countTerm(_ term: String, by change: Int) {
        let count = (themeFrequency[term] ?? 0) + change
        themeFrequency[term] = count > 0 ? count : nil
    }

    /// Themes that share a term with the demand, most similar first (ties: the older theme first).
    mutating func rank(_ document: ThemeDocument) -> [Candidate] {
        var squared = 0.0
        for (index, term) in document.terms.enumerated() {
            let weight = document.weights[index] * idf(term)
            squared += weight * weight
            guard let list = postings[term] else { continue }
            let factor = weight * idf(term)
            for posting in list {
                if scratch[posting.slot] == 0 { touched.append(posting.slot) }
                scratch[posting.slot] += factor * posting.weight
            }
        }
        let length = squared.squareRoot()
        var candidates: [Candidate] = []
        candidates.reserveCapacity(touched.count)
        for slot in touched {
            let dot = scratch[slot]
            scratch[slot] = 0
            let norm = centroidNorm(slot)
            if length > 0, norm > 0 { candidates.append(Candidate(slot: slot, similarity: dot / (length * norm))) }
        }
        touched.removeAll(keepingCapacity: true)
        slots.withUnsafeBufferPointer { slots in
            candidates.sort {
                $0.similarity != $1.similarity
                    ? $0.similarity > $1.similarity : slots[$0.slot]!.sequence < slots[$1.slot]!.sequence
            }
        }
        return candidates
    }

    /// The centroid's length under the current idf, recomputed when the theme changed or the number
    /// of themes grew by a quarter since it was last computed (idf drifts slowly).
    mutating func centroidNorm(_ slot: Int) -> Double {
        let liveCount = self.liveCount
        let current = update(slot) { theme in
            theme.normThemes > 0 && Double(liveCount) < Double(theme.normThemes) * 1.25 + 4 ? theme.norm : nil
        }
        if let current { return current }
        var squared = 0.0
        for (term, weight) in update(slot, { $0.centroid.sorted { $0.key < $1.key } }) {
            let weight = weight * idf(term)
            squared += weight * weight
        }
        let norm = squared.squareRoot()
        slots[slot]!.norm = norm
        slots[slot]!.normThemes = max(liveCount, 1)
        return norm
    }

    /// Counts one clustered demand.
    mutating func countDocument(_ document: ThemeDocument) {
        documents += 1
    }

    /// Adds the demand to a theme: centroid, index, counts, growth buckets, label, samples, askers.
    mutating func join(_ slot: Int, document: ThemeDocument, demand: DemandMention, at time: Date) {
        for (index, term) in document.terms.enumerated() {
            let isNew = update(slot) { theme in
                let isNew = theme.centroid[term] == nil
                theme.centroid[term, default: 0] += document.weights[index]
                return isNew
            }
            if isNew { countTerm(term, by: 1) }
        }
        if update(slot, { $0.centroid.count }) > ThemeState.centroidLimit { pruneCentroid(slot) }
        for term in document.terms { updatePosting(term, slot: slot) }
        slots[slot]!.normThemes = 0
        update(slot) { theme in
            theme.mentions += 1
            theme.authors.insert(demand.authorKey)
            if theme.firstSeen.map({ time < $0 }) ?? true { theme.firstSeen = time }
            if theme.lastSeen.map({ time > $0 }) ?? true { theme.lastSeen = time }
            theme.addPhrases(document.phrases)
            theme.relabel()
            let sample = demand.request.isEmpty ? demand.clause : demand.request
            if theme.samples.count < ThemeState.sampleLimit, !theme.samples.contains(sample) {
                theme.samples.append(sample)
            }
        }
        let current = bucket(of: clock ?? time)
        slots[slot]!.record(
            author: demand.authorKey, bucket: bucket(of: time), forgettingThrough: current - 2 * Self.bucketsPerWindow)
        recordAsker(demand, slot: slot, at: time, duplicate: false)
    }

    /// Runs `body` on a theme in place, and returns what it returns. Reading a field this way
    /// (`update(slot) { $0.centroid[term] }`) reads it where it is: `slots[slot]!.centroid[term]`
    /// copied the whole theme first, retaining and releasing each of its dictionaries, sets and
    /// arrays, several times over for every demand clustered.
    mutating func update<R>(_ slot: Int, _ body: (inout ThemeState) -> R) -> R {
        body(&slots[slot]!)
    }

    mutating func recordAsker(_ demand: DemandMention, slot: Int, at time: Date, duplicate: Bool) {
        let asker = ThemeSnapshot.Asker(
            theme: update(slot) { $0.id }, author: demand.author, url: demand.url, connector: demand.connector,
            mentionID: demand.mentionID, at: time, duplicate: duplicate)
        slots[slot]!.addAsker(asker)
        newAskers.append(asker)
    }

    /// Keeps the heaviest `centroidKeep` terms of a centroid that grew past its limit.
    mutating func pruneCentroid(_ slot: Int) {
        let sorted = slots[slot]!.centroid.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for (term, _) in sorted.dropFirst(ThemeState.centroidKeep) {
            slots[slot]!.centroid[term] = nil
            countTerm(term, by: -1)
            removePosting(term, slot: slot)
        }
    }

    /// Lists the theme under `term` with its current weight: in place if listed, appended while the
    /// list has room, else replacing the lightest entry if this theme now weighs more.
    mutating func updatePosting(_ term: String, slot: Int) {
        guard let weight = update(slot, { $0.centroid[term] }) else { return }
        var list = postings.removeValue(forKey: term) ?? []
        if let index = list.firstIndex(where: { $0.slot == slot }) {
            list[index].weight = weight
        } else if list.count < Self.postingLimit {
            list.append(Posting(slot: slot, weight: weight))
        } else {
            var lightest = 0
            for index in list.indices.dropFirst() where list[index].weight < list[lightest].weight { lightest = index }
            if list[lightest].weight < weight { list[lightest] = Posting(slot: slot, weight: weight) }
        }
        postings[term] = list
    }

    mutating func removePosting(_ term: String, slot: Int) {
        guard var list = postings.removeValue(forKey: term) else { return }
        list.removeAll { $0.slot == slot }
        if !list.isEmpty { postings[term] = list }
    }

    /// Growth buckets: a window is seven of them (a day each for the default week).
    static let bucketsPerWindow = 7

    func bucket(of time: Date) -> Int {
        let width = settings.growthWindow.seconds / Double(Self.bucketsPerWindow)
        return Int((time.timeIntervalSince1970 / width).rounded(.down))
    }
}
