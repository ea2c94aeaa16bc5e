import Foundation
import HarkCore
@testable import HarkLearn
import Testing

/// The byte-level reading of a demand (`ThemeDocument.fast`) must give exactly the document of the
/// reference reading on `ThemeTerms` units: same terms in the same order, weights, phrases, seed keys
/// and duplicate key. Texts are generated from fragments that hit every rule (stemming endings,
/// stop and ignored words, words past 16 bytes, links, "RT", hashtags, Chinese runs) and from
/// fragments the fast path must hand back (Greek, Hangul, combining marks).
@Suite("Theme documents")
struct ThemeDocumentTests {
    /// Fragments the fast path reads itself.
    static let plain = [
        "please", "add", "guest", "passes", "pass", "Guest", "PASS", "booking", "booked", "planned", "plans",
        "classes", "stories", "ponies", "ies", "flies", "agreed", "needed", "running", "stopped", "cats's",
        "friend's", "rt", "RT", "rt's", "rts", "the", "a", "my", "some", "IMAX", "$10", "10", "50%", "C++",
        "don't", "y'all", "it's", "i'm", "CineClub", "cineclub", "internationalization", "supercalifragilistic",
        "supercalifragilistics", "dark", "mode", "wifi", "dark-mode", "e-mail", "@support", "#GuestPass",
        "#refund", "@user@mastodon.social", "https://cine.club/x?y=1", "www.CineClub.com", "WWW.example.org",
        "http:/ /broken", "wwwx", "!!!", "...", ":)", "(please)", "\"quoted\"", "café", "naïve", "ﬁle",
        "希望能加个会员卡", "提前", "退款", "卡", "的", "我们", "巨幕", "手机里加个提前", "好", "签到失败",
        "\n", "\t", "  ", "-", "'s", "isn't", "us", "bus", "this", "is", "process", "processes", "studies",
    ]

    /// Fragments outside ASCII words and CJK unified ideographs.
    static let other = ["καλημέρα", "좋아요", "e\u{301}clair", "Привет", "ｇｕｅｓｔ", "ไทย", "日本語のテキスト", "㐀㐁"]

    static func text(_ random: inout SplitMix, words: Int, from fragments: [String]) -> String {
        var parts: [String] = []
        for _ in 0..<words { parts.append(fragments[random.next(fragments.count)]) }
        let separators = [" ", " ", " ", ", ", ". ", "\n", ""]
        var text = ""
        for part in parts { text += part + separators[random.next(separators.count)] }
        return text
    }

    static func demand(_ text: String, request: String) -> DemandMention {
        DemandMention(
            connector: "test", mentionID: "1", author: "a", text: text, request: request,
            publishedAt: Date(timeIntervalSince1970: 0))
    }

    static func expectSame(_ fast: ThemeDocument, _ reference: ThemeDocument, _ demand: DemandMention) {
        #expect(fast.terms == reference.terms, "terms of \(demand.text.debugDescription)")
        #expect(fast.weights == reference.weights, "weights of \(demand.text.debugDescription)")
        #expect(fast.phrases == reference.phrases, "phrases of \(demand.text.debugDescription)")
        #expect(fast.postKeys == reference.postKeys, "post keys of \(demand.text.debugDescription)")
        #expect(fast.duplicateKey == reference.duplicateKey, "duplicate key of \(demand.text.debugDescription)")
    }

    static let ignoredWords: Set<String> = {
        let engine = ThemeEngine(settings: ThemeSettings(ignore: ["CineClub", "supercalifragilistic", "wifi", "退款"]))
        return engine.ignored
    }()

    @Test("the byte reading equals the reference on generated plain posts")
    func plainPosts() {
        var random = SplitMix(seed: 7)
        let vocabulary = ThemeVocabulary(ignoring: Self.ignoredWords)
        var read = 0
        for round in 0..<3_000 {
            let text = Self.text(&random, words: 1 + random.next(40), from: Self.plain)
            let request = round % 4 == 0 ? "" : Self.text(&random, words: random.next(6), from: Self.plain)
            let demand = Self.demand(text, request: request)
            let reference = ThemeDocument(reference: demand, ignoring: Self.ignoredWords)
            guard let fast = ThemeDocument.fast(demand, vocabulary: vocabulary, keepingPostKeys: true) else {
                Issue.record("the fast path declined \(text.debugDescription)")
                continue
            }
            read += 1
            Self.expectSame(fast, reference, demand)
        }
        #expect(read == 3_000)
    }

    @Test("posts with other scripts are read by the reference, with the same result")
    func otherScripts() {
        var random = SplitMix(seed: 11)
        let vocabulary = ThemeVocabulary(ignoring: Self.ignoredWords)
        var declined = 0
        for _ in 0..<500 {
            let text = Self.text(&random, words: 1 + random.next(20), from: Self.plain + Self.other)
            let request = Self.text(&random, words: random.next(5), from: Self.plain + Self.other)
            let demand = Self.demand(text, request: request)
            if ThemeDocument.fast(demand, vocabulary: vocabulary, keepingPostKeys: true) == nil { declined += 1 }
            let document = ThemeDocument(demand, vocabulary: vocabulary, keepingPostKeys: true)
            Self.expectSame(document, ThemeDocument(reference: demand, ignoring: Self.ignoredWords), demand)
        }
        #expect(declined > 0)
    }

    @Test("a megabyte post and an empty one read the same both ways")
    func extremes() throws {
        let vocabulary = ThemeVocabulary(ignoring: Self.ignoredWords)
        let big = String(repeating: "CineClub charged me twice, please add guest passes 希望能加个会员卡 ", count: 12_000)
        for (text, request) in [(big, "guest passes"), ("", ""), ("   ", "please"), ("rt", "rt")] {
            let demand = Self.demand(text, request: request)
            let fast = try #require(ThemeDocument.fast(demand, vocabulary: vocabulary, keepingPostKeys: true))
            Self.expectSame(fast, ThemeDocument(reference: demand, ignoring: Self.ignoredWords), demand)
        }
    }

    @Test("ASCII requests read on bytes give the units ThemeTerms.units gives")
    func asciiRequests() throws {
        var random = SplitMix(seed: 5)
        let vocabulary = ThemeVocabulary(ignoring: Self.ignoredWords)
        let ascii = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        let fragments = Self.plain.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        for round in 0..<4_000 {
            var text = Self.text(&random, words: random.next(12), from: fragments)
            if round % 2 == 0 {
                for _ in 0..<random.next(8) { text += ascii[random.next(128)] + fragments[random.next(fragments.count)] }
            }
            let fast = try #require(ThemeTerms.asciiUnits(text, vocabulary: vocabulary))
            #expect(fast == ThemeTerms.units(text, ignoring: Self.ignoredWords), "units of \(text.debugDescription)")
        }
        #expect(ThemeTerms.asciiUnits("caf\u{E9}", vocabulary: vocabulary) == nil)
    }

    @Test("label phrases grown a word at a time equal phrases joined from slices")
    func phrases() {
        var random = SplitMix(seed: 9)
        for _ in 0..<2_000 {
            let text = Self.text(&random, words: random.next(14), from: Self.plain + Self.other)
            let units = ThemeTerms.units(text, ignoring: Self.ignoredWords)
            #expect(ThemeDocument.phrases(units) == Self.referencePhrases(units), "phrases of \(text.debugDescription)")
        }
    }


    @Test("the byte stemmer agrees with ThemeTerms.stem")
    func stems() {
        var random = SplitMix(seed: 3)
        let letters = Array("abdegimnprstuy'")
        for _ in 0..<20_000 {
            let word = String((0..<(1 + random.next(9))).map { _ in letters[random.next(letters.count)] })
            let bytes = Array(word.utf8)
            let (length, appendingY) = bytes.withUnsafeBufferPointer { ThemeDocument.stem($0.baseAddress!, $0.count) }
            let stem = String(decoding: bytes[..<length], as: UTF8.self) + (appendingY ? "y" : "")
            #expect(stem == ThemeTerms.stem(word), "stem of \(word)")
        }
    }

    /// Label phrases as they were first written (slices joined per candidate), for comparison.
    static func referencePhrases(_ units: [ThemeTerms.Unit]) -> [ThemeSnapshot.Phrase] {
        var phrases: [ThemeSnapshot.Phrase] = []
        var seen: Set<String> = []
        let words = units.filter { !$0.isArticle }
        for start in words.indices where !words[start].isStop {
            if words[start].isCharacter {
                for length in ThemeDocument.characterPhraseLengths {
                    let end = start + length
                    guard end <= words.count, words[end - 1].group == words[start].group else { break }
                    let slice = words[start..<end]
                    // A stop character ends a Chinese phrase: 提前 and 手机 are phrases, 里加个提前 is not.
                    if slice.last!.isStop { break }
                    let key = slice.map(\.key).joined()
                    if seen.insert(key).inserted {
                        phrases.append(.init(key: key, display: key, count: 1, length: length, position: start))
                    }
                }
                continue
            }
            var end = start
            while end < words.count, end - start < ThemeDocument.maxWordPhrase, !words[end].isCharacter {
                end += 1
                let slice = words[start..<end]
                if slice.last!.isStop { continue }
                let key = slice.map(\.key).joined(separator: " ")
                if seen.insert(key).inserted {
                    let display = slice.map(\.surface).joined(separator: " ")
                    phrases.append(.init(key: key, display: display, count: 1, length: end - start, position: start))
                }
            }
        }
        return phrases
    }
}

extension SplitMix {
    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
