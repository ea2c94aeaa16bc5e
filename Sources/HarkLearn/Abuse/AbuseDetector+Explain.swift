/// The full reading of a text that may be abusive: units, matches, targets and scores.
///
/// Only texts that the quick pass could not clear get here, so this side favours clarity over
/// speed: strings, dictionaries and small arrays.
extension AbuseDetector {
    /// One position of the text: a word, or one character of a Chinese run.
    struct Unit {
        var text: String
        /// How it was written, when that differs from the folded text in a way worth showing.
        var written: String?
        /// How it was decoded ("obfuscated 'f***ing'"), if it was.
        var note: String?
        var isRunCharacter: Bool
        var sentence: Int
        var segment: Int
    }

    /// A phrase found at units `range`.
    struct Hit {
        var phrase: Int
        var range: ClosedRange<Int>
    }

    /// Someone a term can be aimed at, or the writer.
    struct Person {
        /// `particular` is a group word after "the", "these" or "those": a target only as the
        /// subject of a copula ("the people running this company are morons"), never by being near.
        enum Kind { case second, staff, group, particular, place, third, writer }
        var kind: Kind
        /// The person's words, with the "your" or 你们 before them when there is one.
        var range: ClosedRange<Int>
        var label: String
        /// True when the reader is addressed: "you", "your agents", 你们客服.
        var isAddressed: Bool
    }

    func explain(_ text: String, rewrites: [ObfuscationDecoder.Rewrite], readsHan: Bool) -> AbuseResult {
        var units = Self.units(of: text, rewrites: rewrites)
        resolveElongations(&units)
        units = joinSpacedLetters(units)
        let hits = match(units, readsHan: readsHan)
        return score(units, hits)
    }

    /// Characters that end a sentence (a hard limit for targets) or a clause (a soft one).
    private static func boundary(_ scalar: Unicode.Scalar, next: Unicode.Scalar?) -> (sentence: Bool, clause: Bool) {
        switch scalar {
        case "\n", "。", "！", "？", "；", "…": return (true, true)
        case ".", "!", "?", ";":
            let spaceAfter = next.map { $0.properties.isWhitespace } ?? true
            return spaceAfter ? (true, true) : (false, false)
        case ",", "，", "、", ":", "：", "(", ")", "（", "）", "\"", "“", "”", "「", "」": return (false, true)
        default: return (false, false)
        }
    }

    /// Splits `text` into sentences and clauses, folds each and lists its units.
    static func units(of text: String, rewrites: [ObfuscationDecoder.Rewrite]) -> [Unit] {
        var units: [Unit] = []
        var sentence = 0
        var segment = 0
        var pending = rewrites[...]
        func flush(_ piece: Substring.UnicodeScalarView) {
            guard !piece.isEmpty else { return }
            let folded = NormalizedText(String(piece))
            for token in folded.tokens {
                let word = folded.text(of: token)
                switch token.kind {
                case .run:
                    for scalar in word.unicodeScalars {
                        units.append(
                            Unit(
                                text: String(scalar), isRunCharacter: true, sentence: sentence, segment: segment))
                    }
                case .handle:
                    units.append(Unit(text: "@" + word, isRunCharacter: false, sentence: sentence, segment: segment))
                case .word, .hashtag:
                    var unit = Unit(text: word, isRunCharacter: false, sentence: sentence, segment: segment)
                    if let rewrite = pending.first, rewrite.decoded == word {
                        unit.written = rewrite.written
                        unit.note = "obfuscated '\(rewrite.written)'"
                        pending = pending.dropFirst()
                    }
                    units.append(unit)
                }
            }
        }
        let scalars = text.unicodeScalars
        var pieceStart = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            let (endsSentence, endsClause) = boundary(
                scalars[index], next: next < scalars.endIndex ? scalars[next] : nil)
            if endsClause {
                flush(scalars[pieceStart..<index])
                segment += 1
                if endsSentence { sentence += 1 }
                pieceStart = next
            }
            index = next
        }
        flush(scalars[pieceStart...])
        return units
    }

    /// Reads stretched words as the vocabulary word they stretch (`stuuupid` → `stupid`).
    private func resolveElongations(_ units: inout [Unit]) {
        for i in units.indices where !units[i].isRunCharacter {
            // Tested where the bytes are: most words are not stretched, and copying each into an
            // array first was an allocation per word of every text read in full.
            guard units[i].text.withBytes(Elongation.isElongated), !isKnown(units[i].text) else { continue }
            for variant in Elongation.variants(Array(units[i].text.utf8)) {
                let word = String(decoding: variant, as: UTF8.self)
                if isKnown(word) {
                    units[i].note = "elongated '\(units[i].text)'"
                    units[i].written = units[i].text
                    units[i].text = word
                    break
                }
            }
        }
    }

    /// True when `word` is a word of some phrase, or starts with one of their stems.
    ///
    /// A stem starts the word exactly when the word's first characters, as many as the stem has,
    /// are the stem: so the stems are probed once per stem length (a handful) rather than compared
    /// one by one with `hasPrefix` (hundreds of calls, each retaining and releasing a stem, for every
    /// stretched word of every post: `sooo`, `loooove`).
    func isKnown(_ word: String) -> Bool {
        if index.vocabulary.contains(word) { return true }
        for length in index.stemCharacterCounts {
            guard let end = word.index(word.startIndex, offsetBy: length, limitedBy: word.endIndex) else { break }
            if index.stems.contains(String(word[..<end])) { return true }
        }
        return false
    }

    /// Joins runs of three or more single letters that spell an abusive or allowed word
    /// (`i d i o t`, `b.i.t.c.h`) into one unit; the other letters stay as they are.
    private func joinSpacedLetters(_ units: [Unit]) -> [Unit] {
        func isLetter(_ unit: Unit) -> Bool {
            !unit.isRunCharacter && unit.text.utf8.count == 1 && unit.text.utf8.first!.isASCIILetter
        }
        // Most texts have no three single letters in a row in a sentence: their units stay as they
        // are, not copied one by one into a new array.
        var letters = 0
        for index in units.indices {
            let continues = letters > 0 && units[index].sentence == units[index - 1].sentence
            letters = isLetter(units[index]) ? (continues ? letters + 1 : 1) : 0
            if letters == 3 { break }
        }
        guard letters == 3 else { return units }
        var result: [Unit] = []
        var i = 0
        while i < units.count {
            guard isLetter(units[i]) else {
                result.append(units[i])
                i += 1
                continue
            }
            var end = i
            while end + 1 < units.count, isLetter(units[end + 1]), units[end + 1].sentence == units[i].sentence {
                end += 1
            }
            // Three letters at least to spell a word; a run longer than a few spelled words is not
            // someone spelling an insult out, and is left alone.
            guard end - i + 1 >= 3, end - i + 1 <= Self.longestSpelledRun else {
                result.append(contentsOf: units[i...end])
                i = end + 1
                continue
            }
            let letters = units[i...end].map(\.text)
            var start = 0
            while start < letters.count {
                if let length = spelledWord(in: letters, from: start) {
                    let spelled = letters[start..<start + length]
                    var unit = units[i + start]
                    unit.text = spelled.joined()
                    unit.written = spelled.joined(separator: " ")
                    unit.note = "spaced '\(spelled.joined(separator: " "))'"
                    result.append(unit)
                    start += length
                } else {
                    result.append(units[i + start])
                    start += 1
                }
            }
            i = end + 1
        }
        return result
    }

    /// How many letters from `start` spell a word: the longest reading whose leftover letters are
    /// none or start another word, so `f u c k y o u` reads as `fuck` `you`, not `fucky` `o` `u`.
    private func spelledWord(in letters: [String], from start: Int) -> Int? {
        let readings = spelledReadings(letters, from: start)
        return readings.first { length in
            start + length == letters.count || !spelledReadings(letters, from: start + length).isEmpty
        } ?? readings.first
    }

    /// The lengths (longest first) of the words the letters from `start` can spell: a word of the
    /// lexicon, or a stem with a common ending (`fuck` + `ing`).
    func spelledReadings(_ letters: [String], from start: Int) -> [Int] {
        var lengths: [Int] = []
        var length = min(letters.count - start, Self.longestSpelledWord)
        while length >= 3 {
            let word = letters[start..<start + length].joined()
            let isStemmed = Self.spelledEndings.contains { ending in
                word.hasSuffix(ending) && index.stems.contains(String(word.dropLast(ending.count)))
            }
            if index.spelledWords.contains(word) || isStemmed { lengths.append(length) }
            length -= 1
        }
        return lengths
    }

    static let longestSpelledRun = 64

    /// Letters longer than any lexicon word are never joined, which also keeps a text of a million
    /// single letters linear.
    private static let longestSpelledWord = 24

    /// Endings tried after a stem when joining spaced letters.
    private static let spelledEndings = ["", "s", "ing", "in", "er", "ers", "ed", "y"]

    /// Every phrase of the index found in `units`, in the same sentence.
    private func match(_ units: [Unit], readsHan: Bool) -> [Hit] {
        var hits: [Hit] = []
        for start in units.indices {
            let word = units[start].text
            var candidates = index.byFirst[word] ?? []
            if !units[start].isRunCharacter {
                // Stems are cut by characters. In an ASCII word (most) every byte is one, so it is
                // counted once and cut by bytes: counting and cutting by characters walked the word
                // for every stem length.
                let isASCII = word.utf8.allSatisfy { $0 < 0x80 }
                let characters = isASCII ? word.utf8.count : word.count
                if characters >= 3, index.stemInitials.contains(Self.prefix(word, 3, isASCII: isASCII)) {
                    for length in index.stemLengths where characters >= length {
                        candidates += index.byStem[Self.prefix(word, length, isASCII: isASCII)] ?? []
                    }
                }
            }
            for candidate in candidates {
                let phrase = index.phrases[candidate]
                if !readsHan, phrase.units.contains(where: \.isRunCharacter) { continue }
                let end = start + phrase.units.count - 1
                guard end < units.count, units[end].sentence == units[start].sentence else { continue }
                var matched = true
                for (offset, unit) in phrase.units.enumerated() {
                    let found = units[start + offset]
                    if found.isRunCharacter != unit.isRunCharacter || !unit.matches(found.text) {
                        matched = false
                        break
                    }
                }
                if matched { hits.append(Hit(phrase: candidate, range: start...end)) }
            }
        }
        return hits
    }

    /// The first `length` characters of `word`, which has at least that many.
    private static func prefix(_ word: String, _ length: Int, isASCII: Bool) -> String {
        guard isASCII else { return String(word.prefix(length)) }
        return String(word[..<word.utf8.index(word.startIndex, offsetBy: length)])
    }

    private func score(_ units: [Unit], _ hits: [Hit]) -> AbuseResult {
        let phrases = index.phrases
        var allowedUnit = [Bool](repeating: false, count: units.count)
        for hit in hits where phrases[hit.phrase].role == .allow { for i in hit.range { allowedUnit[i] = true } }
        var abusive = hits.filter {
            guard case .abuse = phrases[$0.phrase].role else { return false }
            return !$0.range.contains { allowedUnit[$0] }
        }
        // A phrase inside a longer one ("fuck" in "fuck off") is read as part of it; of two phrases
        // on the same words, the more specific one is read (`fucker` over `fuck*`).
        func specificity(_ hit: Hit) -> (Int, Int, Int) {
            let units = phrases[hit.phrase].units
            return (hit.range.count, units.count(where: { !$0.isPrefix }), units.reduce(0) { $0 + $1.text.count })
        }
        let byStart = Dictionary(grouping: abusive.indices, by: { abusive[$0].range.lowerBound })
        let longest = abusive.map { $0.range.count }.max() ?? 0
        abusive = abusive.filter { hit in
            let first = max(0, hit.range.upperBound - longest + 1)
            guard first <= hit.range.lowerBound else { return true }
            return !(first...hit.range.lowerBound).contains { start in
                (byStart[start] ?? []).contains { other in
                    abusive[other].range.upperBound >= hit.range.upperBound
                        && specificity(abusive[other]) > specificity(hit)
                }
            }
        }
        guard !abusive.isEmpty else { return .clean }

        var isFiller = units.map { Self.fillers.contains($0.text) }
        for hit in abusive { for i in hit.range { isFiller[i] = true } }
        let context = Context(units: units, isFiller: isFiller)
        let people = people(units, hits, context)
        var negatorEndingAt: [Int: Hit] = [:]
        for hit in hits where phrases[hit.phrase].role == .negator {
            // 是不是 ("is it or not") asks a question; it does not negate.
            let asks = hit.range.lowerBound > 0 && units[hit.range.lowerBound - 1].text == "是"
            if !asks { negatorEndingAt[hit.range.upperBound] = hit }
        }

        /// How far a person is from a hit, and whether the person comes after it.
        func distance(_ person: ClosedRange<Int>, _ hit: ClosedRange<Int>) -> (Int, after: Bool)? {
            if person.overlaps(hit) { return (0, false) }
            if person.upperBound < hit.lowerBound {
                return context.gap(person.upperBound, hit.lowerBound).map { ($0, false) }
            }
            return context.gap(hit.upperBound, person.lowerBound).map { ($0, true) }
        }
        /// The nearest person of `kinds`; `after` keeps only people after the term (or in it), as
        /// the object of a threat is ("kill you", not "you kill"); `adjacent` only an addressed
        /// person right after it ("fuck you").
        func nearest(
            _ kinds: Set<Person.Kind>, to hit: ClosedRange<Int>, after: Bool = false, adjacent: Bool = false
        ) -> (Person, Int)? {
            var best: (Person, Int)?
            for person in people.near(hit) where kinds.contains(person.kind) {
                guard let (d, isAfter) = distance(person.range, hit), d <= Self.maxGap else { continue }
                let inside = person.range.overlaps(hit)
                if after, !(isAfter || inside) { continue }
                if adjacent, !(isAfter && d == 0 && person.isAddressed) { continue }
                if best == nil || d < best!.1 { best = (person, d) }
            }
            return best
        }
        /// The first person of the clause when the term follows a copula ("… is a total idiot"),
        /// the subject the term is said of. The predicate may hold a few other words and run on
        /// past commas ("is a fat cow and a moron", "is a rat and a liar, and an idiot"), but the
        /// copula must be in the same sentence, and a reporting word between subject and copula
        /// ("the agent said the movie was garbage") makes the subject someone else's.
        /// Only an insult's predicate is read that far ("is a fat cow and a moron"); a threat word
        /// must follow the copula with nothing but fillers between, so "you are looking for a
        /// point and shoot camera" and "he was a tiny atomic bomb of a man" say nothing of a person.
        func subject(of hit: ClosedRange<Int>, category: AbuseCategory) -> Person? {
            var position = hit.lowerBound - 1
            var words = 0
            var copula: Int?
            let sentence = units[hit.lowerBound].sentence
            let segment = units[hit.lowerBound].segment
            let reach = category == .insult ? Self.maxPredicateWords : 0
            while position >= 0, units[position].sentence == sentence {
                if reach == 0, units[position].segment != segment { return nil }
                if Self.copulas.contains(units[position].text) {
                    copula = position
                    break
                }
                if people.starts(at: position) { return nil }
                if !isFiller[position] {
                    words += 1
                    if words > reach { return nil }
                }
                position -= 1
            }
            guard let copula else { return nil }
            let copulaSegment = units[copula].segment
            guard
                let person = people.near(copula...copula).first(where: { person in
                    person.range.upperBound < copula && units[person.range.lowerBound].segment == copulaSegment
                })
            else { return nil }
            let between = (person.range.upperBound + 1)..<copula
            if between.contains(where: { Self.reportingWords.contains(units[$0].text) }) { return nil }
            return person
        }
        /// An insult that makes up a whole clause after a comma at the end of a sentence is a
        /// vocative: "do your job, idiot", "cancel my account, clowns".
        func isVocative(_ hit: ClosedRange<Int>) -> Bool {
            let segment = units[hit.lowerBound].segment
            let sentence = units[hit.lowerBound].sentence
            var start = hit.lowerBound
            while start > 0, units[start - 1].segment == segment { start -= 1 }
            var end = hit.upperBound
            while end + 1 < units.count, units[end + 1].segment == segment { end += 1 }
            guard start > 0, units[start - 1].sentence == sentence else { return false }
            guard end + 1 == units.count || units[end + 1].sentence != sentence else { return false }
            return (start...end).allSatisfy { hit.contains($0) || isFiller[$0] }
        }
        func negator(before hit: ClosedRange<Int>) -> Hit? {
            var position = hit.lowerBound - 1
            while position >= 0, position >= hit.lowerBound - Self.window {
                if let negation = negatorEndingAt[position] {
                    return context.gap(position, hit.lowerBound).map { $0 <= 1 } ?? false ? negation : nil
                }
                position -= 1
            }
            return nil
        }

        var matches: [AbuseMatch] = []
        var score = 0.0
        var intensifiers = 0.0
        var categories: Set<AbuseCategory> = []
        for hit in abusive.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let phrase = phrases[hit.phrase]
            guard case .abuse(let category, let weight) = phrase.role else { continue }
            var reasons = hit.range.compactMap { units[$0].note }
            let targetKinds: Set<Person.Kind> =
                category == .threat ? [.second, .staff, .group, .place, .third] : [.second, .staff, .group]
            var target = nearest(
                targetKinds, to: hit.range, after: category == .threat, adjacent: category == .profanity)
            var writer = nearest([.writer], to: hit.range)
            if category == .threat || category == .harassment {
                // "I'll find you": the writer is who threatens; only "kill me" is about the writer.
                writer = writer.flatMap { person, gap in
                    person.range.lowerBound == hit.range.upperBound + 1
                        && Self.objectPronouns.contains(person.label) ? (person, gap) : nil
                }
            }
            if target == nil, writer == nil, category != .profanity, let subject = subject(of: hit.range, category: category) {
                // "The agent I spoke to is a total idiot": the insult is said of the clause's subject.
                if subject.kind == .writer {
                    writer = (subject, Self.maxGap)
                } else if targetKinds.contains(subject.kind) || subject.kind == .particular {
                    target = (subject, Self.maxGap)
                }
            }
            if target == nil, writer == nil, Self.mayBeVocative(category, weight: weight, term: phrase.term),
                isVocative(hit.range)
            {
                let range = hit.range
                target = (Person(kind: .second, range: range, label: "a vocative", isAddressed: true), 0)
            }
            let aboutWriter = writer.map { w in target.map { w.1 < $0.1 } ?? true } ?? false
            let negation = negator(before: hit.range)
            func aimed(_ person: Person) -> String {
                switch person.kind {
                case .staff, .group, .particular: "aimed at staff ('\(person.label)')"
                case .place: "aimed at a place ('\(person.label)')"
                default: person.label == "a vocative" ? "aimed at the reader (a vocative)" : "aimed at '\(person.label)'"
                }
            }
            var value: Double
            switch category {
            case .profanity:
                if let target {
                    value = weight * 2
                    reasons.append(aimed(target.0))
                } else {
                    let room = max(0, Self.intensifierCap - intensifiers)
                    value = min(weight * 0.5, room)
                    intensifiers += value
                    reasons.append(value > 0 ? "intensifier only (×0.5)" : "intensifier beyond the cap of 1")
                }
            case .slur:
                value = weight
                if aboutWriter, let writer {
                    value = 0
                    reasons.append("about the writer or reported ('\(writer.0.label)')")
                }
            case .insult, .threat, .harassment:
                if let negation {
                    value = 0
                    reasons.append("negated by '\(phrases[negation.phrase].term)'")
                } else if aboutWriter, let writer {
                    value = 0
                    reasons.append("about the writer or reported ('\(writer.0.label)')")
                } else if let target {
                    value = weight * (category == .insult ? 2 : 1.5)
                    reasons.append(aimed(target.0))
                } else {
                    switch category {
                    case .insult:
                        value = weight * 0.75
                        reasons.append("not aimed at anyone (×0.75)")
                    case .threat where Self.standsAlone(phrase.units):
                        value = weight
                        reasons.append("threat on its own")
                    case .threat:
                        value = 0
                        reasons.append("not aimed at a person")
                    default:
                        value = weight
                        reasons.append("not aimed at anyone")
                    }
                }
            }
            score += value
            if value > 0 { categories.insert(category) }
            let written = hit.range.map { units[$0].written ?? units[$0].text }
            let text =
                hit.range.allSatisfy { units[$0].isRunCharacter } ? written.joined() : written.joined(separator: " ")
            matches.append(
                AbuseMatch(
                    term: phrase.term, category: category, text: text, weight: weight, score: value, reasons: reasons))
        }
        return AbuseResult(
            isAbusive: score >= settings.threshold, score: score, categories: categories.sorted(), matches: matches)
    }

    /// The people in the text: second-person words, staff, groups and places after "your", third
    /// persons and the writer.
    private func people(_ units: [Unit], _ hits: [Hit], _ context: Context) -> People {
        let phrases = index.phrases
        func label(_ range: ClosedRange<Int>) -> String {
            let words = range.map { units[$0].text }
            return range.allSatisfy { units[$0].isRunCharacter } ? words.joined() : words.joined(separator: " ")
        }
        var possessiveUnit = [Bool](repeating: false, count: units.count)
        var addressEndingAt: [Int: Hit] = [:]
        for hit in hits {
            let role = phrases[hit.phrase].role
            if role == .possessive { for i in hit.range { possessiveUnit[i] = true } }
            if role == .second || role == .possessive {
                if let other = addressEndingAt[hit.range.upperBound], other.range.count >= hit.range.count { continue }
                addressEndingAt[hit.range.upperBound] = hit
            }
        }
        /// The second-person or possessive word right before `position` (one other word at most).
        func addressedBefore(_ position: Int) -> Hit? {
            var end = position - 1
            while end >= 0, end >= position - Self.window {
                if let hit = addressEndingAt[end] {
                    return context.gap(end, position).map { $0 <= 1 } ?? false ? hit : nil
                }
                end -= 1
            }
            return nil
        }
        var people: [Person] = []
        func add(_ kind: Person.Kind, _ range: ClosedRange<Int>, addressed: Bool) {
            people.append(Person(kind: kind, range: range, label: label(range), isAddressed: addressed))
        }
        for hit in hits {
            switch phrases[hit.phrase].role {
            case .second:
                // 你们 inside 你们的 is a possessive, like "your".
                if !hit.range.allSatisfy({ possessiveUnit[$0] }) { add(.second, hit.range, addressed: true) }
            case .third: add(.third, hit.range, addressed: false)
            case .firstPerson: add(.writer, hit.range, addressed: false)
            case .staff:
                if let address = addressedBefore(hit.range.lowerBound) {
                    add(.staff, address.range.lowerBound...hit.range.upperBound, addressed: true)
                } else {
                    add(.staff, hit.range, addressed: false)
                }
            case .group, .place:
                let kind: Person.Kind = phrases[hit.phrase].role == .group ? .group : .place
                if let address = addressedBefore(hit.range.lowerBound) {
                    add(kind, address.range.lowerBound...hit.range.upperBound, addressed: true)
                } else if kind == .group, hit.range.lowerBound > 0,
                    Self.demonstratives.contains(units[hit.range.lowerBound - 1].text)
                {
                    // "the people running this company", "those reps": particular people, not
                    // people in general ("people who drive like that are idiots").
                    add(.particular, (hit.range.lowerBound - 1)...hit.range.upperBound, addressed: false)
                }
            default:
                break
            }
        }
        return People(sorted: people.sorted { $0.range.lowerBound < $1.range.lowerBound })
    }

    /// Distances between units in O(1): how many non-filler units lie between two positions.
    struct Context {
        let sentence: [Int]
        let segment: [Int]
        /// Non-filler units before each position.
        let words: [Int]

        init(units: [Unit], isFiller: [Bool]) {
            // Closures, not key paths: a key path is applied through the runtime for every unit.
            sentence = units.map { $0.sentence }
            segment = units.map { $0.segment }
            var words = [0]
            words.reserveCapacity(units.count + 1)
            for filler in isFiller { words.append(words.last! + (filler ? 0 : 1)) }
            self.words = words
        }

        /// Non-filler units strictly between `from` and `to` (`from` < `to`), plus one per clause
        /// break; nil across sentences.
        func gap(_ from: Int, _ to: Int) -> Int? {
            guard sentence[from] == sentence[to] else { return nil }
            let between = from + 1 < to ? words[to] - words[from + 1] : 0
            return between + segment[to] - segment[from]
        }
    }

    /// People sorted by position, so a term looks only at those near it.
    struct People {
        let sorted: [Person]

        /// True when a person's words start at `position`.
        func starts(at position: Int) -> Bool {
            let index = first { $0.range.lowerBound >= position }
            return index < sorted.count && sorted[index].range.lowerBound == position
        }

        /// The people starting within `window` units of `range`.
        func near(_ range: ClosedRange<Int>) -> ArraySlice<Person> {
            let low = first { $0.range.lowerBound >= range.lowerBound - AbuseDetector.window - 4 }
            let high = first { $0.range.lowerBound > range.upperBound + AbuseDetector.window }
            return sorted[low..<max(low, high)]
        }

        private func first(where predicate: (Person) -> Bool) -> Int {
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if predicate(sorted[middle]) { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }

    /// A threat phrase of two words or more (`watch your back`), or three Chinese characters or more
    /// (`你等着`), is a threat without a target; a single threat word (`kill`, 弄死) needs one.
    static func standsAlone(_ units: [AbusePhraseIndex.Unit]) -> Bool {
        units.count(where: { !$0.isRunCharacter }) >= 2 || units.count >= 3
    }

    /// How far (in units, fillers included) a term looks for its target, negator or "your".
    static let window = 12

    /// How many other words the predicate may hold between a copula and the term.
    static let maxPredicateWords = 4
    /// Words between a subject and a copula that make the copula's clause someone's report or a
    /// new clause: "the agent said the movie was garbage".
    static let reportingWords: Set<String> = [
        "said", "says", "say", "told", "tells", "tell", "think", "thinks", "thought", "that", "because", "but",
        "if", "when", "while", "though", "although",
    ]
    /// Determiners that make a group word mean particular people ("the people running this company").
    static let demonstratives: Set<String> = ["the", "these", "those"]
    /// Whether a term may be read as a vocative: an insult of some weight that names a person.
    static func mayBeVocative(_ category: AbuseCategory, weight: Double, term: String) -> Bool {
        category == .insult && weight >= 1 && !notVocatives.contains(term)
    }
    /// Insults never read as vocatives: words that as often describe a thing ("…, garbage.") and
    /// slang that ends sentences as an interjection ("it's Britney, bitch").
    static let notVocatives: Set<String> = [
        "trash", "garbage", "stupid", "dumb", "pig", "pigs", "suck*", "you suck", "bitch", "bitches",
    ]

    /// How many other words may stand between a term and its target.
    static let maxGap = 1
    /// The most that profanity used as an intensifier adds, in total, so swearing alone stays
    /// below any sensible threshold.
    static let intensifierCap = 1.0
    /// The writer as the object of a threat ("kill me", 弄死我): a report or a figure of speech.
    static let objectPronouns: Set<String> = ["me", "myself", "us", "ourselves", "我", "我们", "我們"]
    /// Words that make what follows a statement about the subject ("X is an idiot", X是白痴).
    static let copulas: Set<String> = ["is", "are", "was", "were", "am", "be", "been", "being", "re", "是"]
    static let fillers = Set(AbuseContextWords.fillers.compactMap { AbuseLexicon.fold($0) })
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
}
