import Foundation
import HarkCore
import Testing

@Suite struct MentionJSONTests {
    private let fetchedAt = Date(timeIntervalSince1970: 1_795_363_836)
    private var defaults: MentionDefaults {
        MentionDefaults(
            connector: "my-script", source: .exec, fetchedAt: fetchedAt, tags: ["brand", "exec"], language: "en")
    }

    private func decode(_ line: String) throws -> Mention {
        try Mention(json: JSONParser.parse(line), defaults: defaults)
    }

    private func decodingError(_ line: String) -> MentionDecodingError? {
        do {
            _ = try Mention(json: JSONParser.parse(line), defaults: defaults)
            return nil
        } catch let error as MentionDecodingError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func writesFieldsInSpecOrderOmittingAbsentOnes() {
        let full = Mention(
            id: "42", connector: "appstore-ios", source: .appstore, url: "https://apps.apple.com/r/42", author: "Jo",
            title: "Broken", text: "Check-in fails", publishedAt: fetchedAt, language: "en", rating: 1,
            tags: ["ios"], meta: ["version": "5.2", "country": "us"]
        )
        #expect(
            full.jsonLine == """
                {"id":"42","connector":"appstore-ios","source":"appstore","url":"https://apps.apple.com/r/42",\
                "author":"Jo","title":"Broken","text":"Check-in fails","published_at":"2026-11-22T16:10:36Z",\
                "language":"en","rating":1,"tags":["ios"],"meta":{"country":"us","version":"5.2"}}
                """)
        let minimal = Mention(id: "a", connector: "c", source: .rss, text: "hi", publishedAt: fetchedAt)
        #expect(
            minimal.jsonLine
                == #"{"id":"a","connector":"c","source":"rss","text":"hi","published_at":"2026-11-22T16:10:36Z","tags":[]}"#
        )
        #expect(minimal.json.objectValue?.keys == ["id", "connector", "source", "text", "published_at", "tags"])
    }

    @Test func streamedMembersMatchTheJSONValue() {
        let mentions = [
            Mention(
                id: "42", connector: "appstore-ios", source: .appstore, url: "https://apps.apple.com/r/42",
                author: "Jo \"J\"", title: "Broken\tagain", text: "Check-in fails\n😀 \u{1} \\ é",
                publishedAt: Date(timeIntervalSince1970: -62_135_596_800), language: "en", rating: 1,
                tags: ["ios", "a\"b"], meta: ["version": "5.2", "country": "us", "k\"ey": "v"]),
            Mention(id: "a", connector: "c", source: .rss, text: "", publishedAt: fetchedAt),
        ]
        for mention in mentions {
            var writer = JSONStreamWriter()
            writer.beginObject()
            mention.writeJSONMembers(to: &writer)
            writer.endObject()
            writer.newline()
            #expect(writer.string == mention.jsonLine + "\n")
        }
    }

    @Test func replayLinesReadStraightFromBytesMatchTheFullReader() throws {
        let lines = [
            #"{"id":"1","connector":"corpus","source":"json","text":"Great  movie!","published_at":"2026-11-20T10:00:00Z"}"#,
            #" { "text" : "caf\u00e9 \ud83d\ude00 \"q\" \ud800 <b>bold</b> &amp;" , "title": null, "x": "y" } "#,
            #"{"title":"Only a title","url":" https://e.com/a ","id":"  ","language":"zh-Hant","author":"A\tB"}"#,
            #"{"text":"a","id":"first","id":"second","connector":"","source":null}"#,
            #"{"text":"a","rating":"4","rating":null,"tags":null,"meta":null}"#,
        ]
        for line in lines {
            let fast = try #require(Mention(replayLine: Array(line.utf8), fetchedAt: fetchedAt))
            #expect(fast == (try Mention(replayJSON: JSONParser.parse(line), fetchedAt: fetchedAt)))
            // The entry point for lines already in memory reads the same mention.
            let bytes = Array(line.utf8)
            #expect(bytes.withUnsafeBufferPointer { Mention(replayLine: $0, fetchedAt: fetchedAt) } == fast)
        }
        // Anything else is left to the full reader, errors included.
        for line in [
            #"{"text":"a","rating":4}"#, #"{"text":"a","tags":["x"]}"#, #"{"text":"a","rating":"4"}"#,
            #"{"title":null}"#, #"{"text":"a","published_at":"yesterday"}"#, #"{"te\u0078t":"a"}"#,
            #"{"text":"a",}"#, #"{"text":"a"} x"#, "\u{FEFF}{\"text\":\"a\"}", #"["text"]"#, #"{"text":"a\x"}"#,
        ] {
            #expect(Mention(replayLine: Array(line.utf8), fetchedAt: fetchedAt) == nil)
        }
    }

    /// The one-pass replay reader finds where values are and decodes them afterwards; with an escape,
    /// a non-ASCII or invalid byte, or text that needs cleaning at any offset of any field, it must
    /// read the line (not leave it to the full reader) and give the full reader's mention. The field
    /// comes both before another member and last, so its bytes are read both eight at a time and,
    /// near the line's end, one by one.
    @Test(arguments: [#"","language":null}"#, #""}"#])
    func replayLineReaderAgreesWithTheFullReaderAtEveryOffset(after: String) throws {
        let filler = Array("abcdefghijklmnopqrst".utf8)
        let inserts: [[UInt8]] = [
            #"\""#, #"\\"#, #"\n"#, #"\t"#, #"\/"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\ud800"#, #"\uDFFF"#,
            "é", "😀", "\u{7F}", "  ", " ", "<b>", "&amp;", "&", "<",
        ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82]]
        let fields = ["id", "text", "title", "author", "url", "language", "connector", "source", "published_at", "x"]
        for field in fields {
            for insert in inserts {
                for offset in 0...filler.count {
                    let value = Array(filler[..<offset]) + insert + Array(filler[offset...])
                    let line =
                        Array(#"{"id":"i","text":"t","#.utf8) + Array("\"\(field)\":\"".utf8) + value
                        + Array(after.utf8)
                    let full = try? Mention(replayJSON: JSONParser.parse(line), fetchedAt: fetchedAt)
                    let fast = Mention(replayLine: line, fetchedAt: fetchedAt)
                    // Never a valid time: the full reader reports it.
                    #expect((full == nil) == (field == "published_at"))
                    #expect(fast == full, "\(field) \(insert) at \(offset)")
                    #expect(line.withUnsafeBufferPointer { Mention(replayLine: $0, fetchedAt: fetchedAt) } == full)
                }
            }
        }
    }

    /// Lines with a string the full parser rejects are left to it, wherever the fault is.
    @Test func replayLineReaderLeavesBadStringsToTheFullReader() {
        let filler = Array("abcdefghijklmnopqrst".utf8)
        // (Filler letters a to f are hex digits, so a cut-short `\u` is followed by a non-hex byte.)
        let faults: [[UInt8]] =
            [[0x01], [0x0A], [0x1F]] + [#"\x"#, #"\u12 "#, #"\u12G4"#, #"\u-"#].map { Array($0.utf8) }
        for fault in faults {
            for offset in 0...filler.count {
                let value = Array(filler[..<offset]) + fault + Array(filler[offset...])
                let line = Array(#"{"id":"i","text":""#.utf8) + value + Array(#""}"#.utf8)
                #expect(Mention(replayLine: line, fetchedAt: fetchedAt) == nil, "\(fault) at \(offset)")
                #expect(throws: JSONParseError.self) { try JSONParser.parse(line) }
            }
            // A fault at the very end of the line, with no closing quote.
            let cut = Array(#"{"text":"abcdefghijkl"#.utf8) + fault
            #expect(Mention(replayLine: cut, fetchedAt: fetchedAt) == nil)
        }
    }

    /// The streamed writer copies eight bytes at a time before checking them: a byte that needs
    /// escaping at any offset of any field must come out as `JSONWriter` writes it.
    @Test func streamedMembersEscapeAtEveryOffset() {
        let filler = "abcdefghijklmnopqrst"
        let dates = [fetchedAt, Date(timeIntervalSince1970: -62_198_841_600), Date(timeIntervalSince1970: 1e16)]
        for insert in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "😀", "\u{7F}", "/"] {
            for offset in 0...filler.count {
                let cut = filler.index(filler.startIndex, offsetBy: offset)
                let value = String(filler[..<cut]) + insert + String(filler[cut...])
                let mention = Mention(
                    id: value, connector: value, source: SourceKind(value), url: value, author: value, title: value,
                    text: value, publishedAt: dates[offset % dates.count], language: value,
                    rating: offset % 2 == 0 ? 3 : nil, tags: offset % 3 == 0 ? [] : [value, "t"],
                    meta: offset % 4 == 0 ? [value: value] : [:])
                var writer = JSONStreamWriter(capacity: 1)
                writer.beginObject()
                mention.writeJSONMembers(to: &writer)
                writer.endObject()
                #expect(writer.string == mention.jsonLine, "\(insert.debugDescription) at \(offset)")
            }
        }
    }

    @Test func idsAreTrimmedOfAnyWhitespace() throws {
        #expect(try decode(#"{"id": " 7 \n", "text": "x"}"#).id == "7")
        #expect(try decode(#"{"id": "\u00a0x\u3000", "text": "x"}"#).id == "x")
        #expect(try decode(#"{"id": "x y", "text": "x"}"#).id == "x y")
    }

    @Test func replayRoundTrip() throws {
        let original = Mention(
            id: "t3_1abc", connector: "reddit-brand", source: .reddit, url: "https://reddit.com/r/x/1abc",
            author: "u/someone", title: "Fish & chips \"quoted\"", text: "Line one / line two — ok 😀",
            publishedAt: fetchedAt, language: "en", rating: 4, tags: ["social", "reddit"],
            meta: ["subreddit": "x", "score": "12"]
        )
        let line = original.jsonLine
        let decoded = try Mention(replayJSON: JSONParser.parse(line), fetchedAt: .distantPast)
        #expect(decoded == original)
        #expect(decoded.jsonLine == line)
    }

    @Test func replayDefaultsConnectorAndSource() throws {
        let mention = try Mention(replayJSON: ["text": "hello"], fetchedAt: fetchedAt)
        #expect(mention.connector == "replay")
        #expect(mention.source == .json)
        #expect(mention.publishedAt == fetchedAt)
        #expect(mention.tags.isEmpty)
    }

    @Test func programCannotImpersonateAnotherConnector() throws {
        let mention = try decode(#"{"id": "1", "text": "x", "connector": "reddit-brand", "source": "reddit"}"#)
        #expect(mention.connector == "my-script")
        #expect(mention.source == .exec)
        #expect(mention.key == MentionKey(connector: "my-script", id: "1"))
    }

    @Test func cleansHTMLAndWhitespace() throws {
        let mention = try decode(
            #"""
            {"id": "1", "title": "  Fish &amp; chips\n", "text": "<p>Great&nbsp;food!</p><p>Would <b>return</b></p>",
             "author": "  Jo\tBloggs "}
            """#)
        #expect(mention.title == "Fish & chips")
        #expect(mention.text == "Great food! Would return")
        #expect(mention.author == "Jo Bloggs")
        let plain = try decode(#"{"id": "2", "text": "if a < b && c > d then AT&T wins <3"}"#)
        #expect(plain.text == "if a < b && c > d then AT&T wins <3")
    }

    /// Clean ASCII text is recognised eight bytes at a time: a double space, a control character,
    /// `<`, `&` or a non-ASCII byte at any offset must still send the text to cleaning.
    @Test func whitespaceIsCollapsedAtEveryOffset() throws {
        let filler = "abcdefghijklmnopqrstuvwxyz"
        for offset in 1..<filler.count {
            let cut = filler.index(filler.startIndex, offsetBy: offset)
            let left = String(filler[..<cut])
            let right = String(filler[cut...])
            for (inserted, expected) in [("  ", " "), ("\t", " "), (" \u{A0}", " "), (" &amp; ", " & ")] {
                let line = JSONWriter.string(["id": "x", "text": .string(left + inserted + right)])
                let mention = try #require(Mention(replayLine: Array(line.utf8), fetchedAt: fetchedAt))
                #expect(mention.text == left + expected + right, "\(offset) \(inserted.debugDescription)")
            }
        }
    }

    @Test func numericIDsAndEpochTimes() throws {
        let mention = try decode(#"{"id": 123456789012, "text": "x", "published_at": 1795363836000, "rating": 5}"#)
        #expect(mention.id == "123456789012")
        #expect(mention.publishedAt == fetchedAt)
        #expect(mention.rating == 5)
        let rss = try decode(#"{"id": "a", "text": "x", "published_at": "Sun, 22 Nov 2026 17:10:36 +0100"}"#)
        #expect(rss.publishedAt == fetchedAt)
        let defaulted = try decode(#"{"id": "a", "text": "x", "published_at": null}"#)
        #expect(defaulted.publishedAt == fetchedAt)
    }

    @Test func derivesStableIDs() throws {
        let byURL = try decode(#"{"url": "https://example.com/p/1", "text": "x"}"#)
        let again = try decode(#"{"url": "https://example.com/p/1", "text": "different text"}"#)
        #expect(byURL.id == again.id)
        #expect(byURL.id.hasPrefix("h-"))
        #expect(byURL.id.count == 18)
        let allHex = byURL.id.dropFirst(2).allSatisfy { $0.isHexDigit }
        #expect(allHex)
        let byText = try decode(#"{"title": "T", "text": "body"}"#)
        #expect(byText.id != byURL.id)
        #expect(try decode(#"{"title": "T", "text": "  body "}"#).id == byText.id)
        #expect(try decode(#"{"title": "T", "text": "other"}"#).id != byText.id)
        #expect(try decode(#"{"url": "a", "text": ""}"#).id == "h-af63dc4c8601ec8c")
    }

    @Test func titleAloneIsEnough() throws {
        let mention = try decode(#"{"id": "1", "title": "Just a headline"}"#)
        #expect(mention.text == "")
        #expect(mention.title == "Just a headline")
    }

    @Test func tagsAreMergedWithoutRepeats() throws {
        let mention = try decode(#"{"id": "1", "text": "x", "tags": ["exec", "urgent", "urgent", " spaced  tag "]}"#)
        #expect(mention.tags == ["brand", "exec", "urgent", "spaced tag"])
        #expect(mention.language == "en")
        #expect(try decode(#"{"id": "1", "text": "x", "language": "de"}"#).language == "de")
    }

    @Test func metaKeepsFlatValuesAsStrings() throws {
        let mention = try decode(
            #"{"id": "1", "text": "x", "meta": {"score": 12, "ratio": 0.5, "nsfw": false, "sub": "x", "n": null, "deep": {"a": 1}}}"#
        )
        #expect(mention.meta == ["score": "12", "ratio": "0.5", "nsfw": "false", "sub": "x"])
    }

    @Test(arguments: [
        (#"{"id": "1"}"#, "field 'text': required unless 'title' is given"),
        (#"{"id": "1", "text": "x", "rating": 7}"#, "field 'rating': expected a whole number from 1 to 5, found 7"),
        (#"{"id": "1", "text": "x", "rating": 4.5}"#, "field 'rating': expected a whole number from 1 to 5, found 4.5"),
        (
            #"{"id": "1", "text": "x", "rating": "great"}"#,
            "field 'rating': expected a whole number from 1 to 5, found \"great\""
        ),
        (
            #"{"id": "1", "text": "x", "published_at": "yesterday"}"#,
            "field 'published_at': expected an RFC 3339 or RFC 822 time or epoch seconds, found \"yesterday\""
        ),
        (#"{"id": "1", "text": "x", "published_at": true}"#, "field 'published_at': expected a time, found true"),
        (#"{"id": true, "text": "x"}"#, "field 'id': expected a string or a number, found true"),
        (#"{"id": "1", "text": 5}"#, "field 'text': expected a string, found 5"),
        (#"{"id": "1", "text": "x", "tags": "one"}"#, "field 'tags': expected an array of strings, found \"one\""),
        (#"{"id": "1", "text": "x", "tags": [1]}"#, "field 'tags': expected an array of strings, found 1 in it"),
        (#"{"id": "1", "text": "x", "meta": []}"#, "field 'meta': expected an object, found an array"),
        (#"{"id": "1", "text": "x", "url": {}}"#, "field 'url': expected a string, found an object"),
        (#"["not", "an", "object"]"#, "expected a JSON object, found an array"),
    ])
    func decodingErrorsNameTheField(_ line: String, _ description: String) {
        #expect(decodingError(line)?.description == description, "\(line)")
    }

    @Test func ratingAsNumericString() throws {
        #expect(try decode(#"{"id": "1", "text": "x", "rating": "3"}"#).rating == 3)
        #expect(decodingError(#"{"id": "1", "text": "x", "rating": 0}"#)?.field == "rating")
    }
}
