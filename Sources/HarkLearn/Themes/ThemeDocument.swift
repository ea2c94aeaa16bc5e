import HarkCore

/// One demand turned into what the engine compares: weighted terms, label phrases, seed-matching keys
/// and a near-duplicate key.
///
/// Terms come from the request (the thing asked for) at full weight: stemmed content words and
/// pairs of neighbouring content words, which tell "guest pass" from "guest wifi"; for Chinese,
/// pairs of neighbouring characters. Words from the rest of the post add context at a lower weight,
/// because a short request ("this", "more of them") often names its subject only around it.
struct ThemeDocument {
    var terms: [String] = []
    var weights: [Double] = []
    var phrases: [ThemeSnapshot.Phrase] = []
    var postKeys: [String] = []
    var duplicateKey: UInt64?

    /// Weight of a context word relative to a request word.
    static let contextWeight = 0.3
    /// Weight of a word pair: it sharpens a match ("guest pass" over "guest wifi") but a pair no theme
    /// has used yet must not outweigh the words it is made of.
    static let pairWeight = 0.5
    /// Word phrases of up to three words and Chinese phrases of two to six characters make labels.
    static let maxWordPhrase = 3
    static let characterPhraseLengths = 2...6

    /// An empty document, filled in by `fast`.
    init() {}

    /// The document of `demand`: read on UTF-8 bytes when the texts allow it (`fast`), else by
    /// `init(reference:ignoring:)`; both give the same document. `keepingPostKeys` is false when the
    /// engine has no seed phrases, so nothing reads `postKeys` and they need not be built.
    init(_ demand: DemandMention, vocabulary: ThemeVocabulary, keepingPostKeys: Bool) {
        if let fast = Self.fast(demand, vocabulary: vocabulary, keepingPostKeys: keepingPostKeys) {
            self = fast
        } else {
            self.init(reference: demand, ignoring: vocabulary.ignored)
        }
    }

    /// The definition of a document, on `ThemeTerms` units and strings: what `fast` must equal, and
    /// what reads texts it does not handle.
    init(reference demand: DemandMention, ignoring ignored: Set<String>) {
        let requestText = demand.request.isEmpty ? demand.clause : demand.request
        let request = ThemeTerms.units(requestText, ignoring: ignored)
        let post = ThemeTerms.keys(demand.text, ignoring: ignored)
        var index: [String: Int] = [:]
        func add(_ term: String, _ weight: Double) {
            if let at = index[term] {
                weights[at] = max(weights[at], weight)
            } else {
                index[term] = terms.count
                terms.append(term)
                weights.append(weight)
            }
        }
        for term in Self.terms(request) { add(term, term.contains(" ") ? Self.pairWeight : 1) }
        for term in Self.terms(post, pairs: false) where index[term] == nil { add(term, Self.contextWeight) }
        phrases = Self.phrases(request)
        postKeys = post.filter { !$0.isArticle }.map(\.key)
        // Copies are told by their words without links, handles and a retweet's "RT".
        let copyUnits = Self.mentionsLink(demand.text) ? Self.linklessUnits(demand.text) : post
        let copyKeys = copyUnits.map(\.key).filter { $0 != "rt" }
        if !copyKeys.isEmpty { duplicateKey = StableHash.of(copyKeys.joined(separator: " ")) }
    }

    /// True when the post holds a link, whose words a copy may not share.
    static func mentionsLink(_ text: String) -> Bool {
        text.contains("://") || text.contains("www.")
    }

    /// The units of a post with its links left out, which is what near-duplicates are told by.
    static func linklessUnits(_ text: String) -> [ThemeTerms.Unit] {
        let linkless = text.split(whereSeparator: \.isWhitespace)
            .filter { !$0.contains("://") && !$0.lowercased().hasPrefix("www.") }.joined(separator: " ")
        return ThemeTerms.keys(linkless)
    }

    /// Content words and their neighbour pairs (stop words between two content words are skipped, so
    /// "bring a friend" and "bring my friend" give the same pair), and Chinese character pairs.
    static func terms(_ units: [ThemeTerms.Unit], pairs: Bool = true) -> [String] {
        var terms: [String] = []
        var previousWord: String?
        var index = 0
        while index < units.count {
            let unit = units[index]
            if unit.isCharacter {
                previousWord = nil
                let next = index + 1
                let single = (index == 0 || units[index - 1].group != unit.group)
                    && (next == units.count || units[next].group != unit.group)
                if single, !unit.isStop {
                    terms.append(unit.key)
                } else if next < units.count, units[next].group == unit.group, !unit.isStop, !units[next].isStop {
                    terms.append(unit.key + units[next].key)
                }
                index += 1
                continue
            }
            if !unit.isStop {
                terms.append(unit.key)
                if pairs, let previousWord { terms.append(previousWord + " " + unit.key) }
                previousWord = unit.key
            }
            index += 1
        }
        return terms
    }

    /// Candidate label phrases: runs of one to three words that neither start nor end with a stop
    /// word, and Chinese runs of two to six characters without a stop character, each once per request.
    static func phrases(_ units: [ThemeTerms.Unit]) -> [ThemeSnapshot.Phrase] {
        var phrases: [ThemeSnapshot.Phrase] = []
        var seen: Set<String> = []
        let words = units.filter { !$0.isArticle }
        // Keys and displays grow a word at a time rather than being joined from slices.
        for start in words.indices where !words[start].isStop {
            if words[start].isCharacter {
                var key = words[start].key
                for length in characterPhraseLengths {
                    let end = start + length
                    guard end <= words.count, words[end - 1].group == words[start].group else { break }
                    // A stop character ends a Chinese phrase: 提前 and 手机 are phrases, 里加个提前 is not.
                    if words[end - 1].isStop { break }
                    key += words[end - 1].key
                    if seen.insert(key).inserted {
                        phrases.append(.init(key: key, display: key, count: 1, length: length, position: start))
                    }
                }
                continue
            }
            var end = start
            var key = ""
            var display = ""
            while end < words.count, end - start < maxWordPhrase, !words[end].isCharacter {
                if end > start {
                    key += " "
                    display += " "
                }
                key += words[end].key
                display += words[end].surface
                end += 1
                if words[end - 1].isStop { continue }
                if seen.insert(key).inserted {
                    phrases.append(.init(key: key, display: display, count: 1, length: end - start, position: start))
                }
            }
        }
        return phrases
    }
}
