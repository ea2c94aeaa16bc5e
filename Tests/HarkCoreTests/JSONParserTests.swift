import Foundation
import HarkCore
import Testing

@Suite struct JSONParserTests {
    private func parseError(_ text: String, maxDepth: Int = 512) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(text, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    private func parseError(bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesARedditListing() throws {
        let listing = """
            {"kind": "Listing", "data": {"after": "t3_abc", "dist": 2, "children": [
              {"kind": "t3", "data": {"id": "1abc", "title": "Check-in broken \\u2014 again", "score": 42,
               "created_utc": 1795363836.0, "over_18": false, "selftext_html": null}},
              {"kind": "t3", "data": {"id": "1abd", "title": "Love the app \\ud83d\\ude00", "score": -3}}
            ]}}
            """
        let value = try JSONParser.parse(listing)
        #expect(value.value(at: "data.children.0.data.title")?.stringValue == "Check-in broken — again")
        #expect(value.value(at: "data.children.1.data.title")?.stringValue == "Love the app 😀")
        #expect(value.value(at: "data.children.1.data.score")?.doubleValue == -3)
        #expect(value.value(at: "data.children.0.data.created_utc")?.stringValue == "1795363836")
        #expect(value.value(at: "data.children.0.data.over_18")?.boolValue == false)
        #expect(value.value(at: "data.children.0.data.selftext_html")?.isNull == true)
        #expect(value.value(at: "data.children.2") == nil)
        #expect(value.value(at: "data.children.x") == nil)
        #expect(value.value(at: "data.dist.deeper") == nil)
        #expect(value.value(at: "") == value)
        #expect(value["kind"]?.stringValue == "Listing")
        #expect(value.value(at: "data")?.objectValue?.keys == ["after", "dist", "children"])
        #expect(value.value(at: "data.children")?.arrayValue?.count == 2)
    }

    @Test func keepsDocumentOrderAndLastDuplicateWins() throws {
        let value = try JSONParser.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        #expect(value.objectValue?.keys == ["b", "a", "b"])
        #expect(value["b"] == .number(3))
        var big = "{"
        for index in 0..<100 { big += "\"k\(index)\": \(index), " }
        big += "\"k5\": \"last\"}"
        let object = try JSONParser.parse(big)
        #expect(object["k5"] == .string("last"))
        #expect(object["k99"] == .number(99))
        #expect(object["missing"] == nil)
    }

    @Test func numbers() throws {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("1", 1), ("-12", -12), ("3.25", 3.25), ("1e3", 1000), ("1E+2", 100),
            ("2.5e-3", 0.0025), ("123456789012", 123_456_789_012), ("0.1", 0.1),
            ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("5e-324", .leastNonzeroMagnitude), ("12345678901234567890", 12_345_678_901_234_567_168),
            ("0.30000000000000004", 0.30000000000000004),
            ("9007199254740993", 9_007_199_254_740_992), ("1.00000000000000000000001", 1),
        ]
        for (text, expected) in cases {
            #expect(try JSONParser.parse(text) == .number(expected), "\(text)")
            #expect(try JSONParser.parse(text).doubleValue == Double(text), "\(text)")
        }
        #expect(try JSONParser.parse("-0").doubleValue?.sign == .minus)
    }

    @Test func numbersAsStrings() throws {
        #expect(JSONValue.number(123_456_789_012).stringValue == "123456789012")
        #expect(JSONValue.number(1.5).stringValue == "1.5")
        #expect(JSONValue.number(-7).stringValue == "-7")
        #expect(JSONValue.bool(true).stringValue == "true")
        #expect(JSONValue.null.stringValue == nil)
        #expect(JSONValue.string(" 12.5 ").doubleValue == 12.5)
        #expect(JSONValue.string("nan").doubleValue == nil)
        #expect(JSONValue.string("0x10").doubleValue == nil)
        #expect(JSONValue.string("12 apples").doubleValue == nil)
        #expect(JSONValue.string("").doubleValue == nil)
        #expect(JSONValue.string("42").intValue == 42)
        #expect(JSONValue.number(4.5).intValue == nil)
    }

    @Test func stringEscapes() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20AC\uD83D\uDE00""#)
        #expect(value == .string("a\"b\\c/d\u{8}\u{C}\n\r\tAé€😀"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacter() throws {
        #expect(try JSONParser.parse(#""\uD800""#) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(#""\uDC00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse(#""\uD800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONParser.parse(#""\uD800\uD800\uDC00""#) == .string("\u{FFFD}𐀀"))
        #expect(try JSONParser.parse(#""\uD83D\n""#) == .string("\u{FFFD}\n"))
    }

    @Test func invalidUTF8InStringsIsReplaced() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0xC3, 0x22]
        #expect(try JSONParser.parse(bytes) == .string("a\u{FFFD}b\u{FFFD}"))
        let escaped: [UInt8] = [0x22, 0xE2, 0x82, 0x5C, 0x6E, 0xC3, 0xA9, 0x22]
        #expect(try JSONParser.parse(escaped) == .string("\u{FFFD}\né"))
        #expect(
            try JSONParser.parse(Data([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]))
                == .array([.string("\u{FFFD}\u{FFFD}\u{FFFD}")]))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8)) == ["a": 1])
        #expect(try JSONParser.parse("\u{FEFF}[true]") == [true])
    }

    @Test func errorPositions() {
        let error = parseError("{\n  \"a\": 1,\n  \"b\" 2\n}")
        #expect(error?.line == 3)
        #expect(error?.column == 7)
        #expect(error?.offset == 18)
        #expect(error?.message == "expected ':' after object key, found '2'")
        #expect(error?.description == "line 3, column 7: expected ':' after object key, found '2'")

        let member = parseError(#"{"a": 1 "b": 2}"#)
        #expect(member?.message == "expected ',' or '}' after object member, found '\"'")
        #expect(member?.column == 9)

        let element = parseError("[1, 2\n  3]")
        #expect(element?.message == "expected ',' or ']' after array element, found '3'")
        #expect(element?.line == 2)
        #expect(element?.column == 3)
        #expect(element?.offset == 8)

        // Columns count characters, not bytes.
        let unicode = parseError("[\"héllo wörld\" x]")
        #expect(unicode?.column == 16)
        #expect(unicode?.offset == 17)
    }

    @Test(arguments: [
        ("", "empty input, expected a JSON value"),
        ("   ", "empty input, expected a JSON value"),
        ("[1,]", "trailing comma before ']'"),
        (#"{"a":1,}"#, "trailing comma before '}'"),
        ("[1 2]", "expected ',' or ']' after array element, found '2'"),
        ("[1", "expected ',' or ']' after array element, found end of input"),
        ("{", "expected '\"' to begin an object key or '}', found end of input"),
        ("{a:1}", "expected '\"' to begin an object key or '}', found 'a'"),
        (#"{"a":1,b}"#, "expected '\"' to begin an object key, found 'b'"),
        (#"{"a"}"#, "expected ':' after object key, found '}'"),
        ("01", "leading zeros are not allowed in numbers"),
        ("-", "expected a digit after '-', found end of input"),
        ("1.", "expected a digit after the decimal point, found end of input"),
        ("1e", "expected a digit in the exponent, found end of input"),
        (".5", "expected a value, found '.'"),
        ("+1", "expected a value, found '+'"),
        ("tru", "invalid literal, expected 'true'"),
        ("nul", "invalid literal, expected 'null'"),
        ("True", "expected a value, found 'T'"),
        ("NaN", "expected a value, found 'N'"),
        (#""abc"#, "unterminated string"),
        (#""a\x""#, "invalid escape sequence '\\x' in string"),
        (#""\u12G4""#, "invalid \\u escape, expected 4 hex digits, found 'G'"),
        ("\"a\nb\"", "unescaped control character U+000A in string"),
        ("{} x", "unexpected 'x' after the JSON value"),
        ("[] []", "unexpected '[' after the JSON value"),
        ("// comment\n1", "expected a value, found '/'"),
        ("[1,,2]", "expected a value, found ','"),
    ])
    func rejectsInvalidJSON(_ text: String, _ message: String) {
        #expect(parseError(text)?.message == message, "\(text)")
    }

    @Test func unterminatedStringPointsAtItsStart() {
        let error = parseError("[\"ok\", \"never closed")
        #expect(error?.column == 8)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        let error = parseError(deep)
        #expect(error?.message == "nesting deeper than 512 levels")
        #expect(error?.offset == 512)
        #expect(parseError(String(repeating: "{\"a\":", count: 100_000))?.message == "nesting deeper than 512 levels")
        let atLimit = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(parseError(atLimit) == nil)
        #expect(parseError("[[[]]]", maxDepth: 2)?.message == "nesting deeper than 2 levels")
    }

    @Test func hugeNumbersAndLongStrings() throws {
        #expect(try JSONParser.parse("1e400") == .number(.infinity))
        let long = String(repeating: "x", count: 1_000_000)
        #expect(try JSONParser.parse("\"\(long)\"") == .string(long))
    }

    @Test func parsesFromNonContiguousCollections() throws {
        let bytes = Array("[1, {\"a\": \"b\"}]".utf8)
        #expect(try JSONParser.parse(bytes.lazy.map { $0 }) == [1, ["a": "b"]])
    }
}

@Suite struct JSONWriterTests {
    @Test func writesCompactlyInGivenOrder() {
        let value: JSONValue = ["z": 1, "a": [true, false, nil], "m": ["n": 1.5, "o": "p"], "e": [], "f": [:]]
        #expect(JSONWriter.string(value) == #"{"z":1,"a":[true,false,null],"m":{"n":1.5,"o":"p"},"e":[],"f":{}}"#)
        #expect(value.description == JSONWriter.string(value))
    }

    @Test func escapesPerRFC8259() {
        let value = JSONValue.string("quote\" backslash\\ slash/ \n\r\t\u{8}\u{C}\u{0}\u{1F} é 😀 \u{2028}")
        #expect(JSONWriter.string(value) == #""quote\" backslash\\ slash/ \n\r\t\b\f\u0000\u001f é 😀 "# + "\u{2028}\"")
    }

    @Test func numbers() {
        #expect(
            JSONWriter.string([123_456_789_012, 1.0, -0.0, 0.1, 1e21, 1e-7, .number(.nan), .number(.infinity)])
                == "[123456789012,1,0,0.1,1e+21,1e-07,null,null]")
    }

    /// Short decimals are written digit by digit; the result must be the shortest form Swift prints.
    @Test func shortDecimalsMatchSwiftsShortestForm() {
        var numbers: [Double] = (-20_000...20_000).map { Double($0) / 10_000 }
        numbers += [0.1, 0.3, 12_345_678.5, 99_999_999_999.9999, -7, 1e10, 123_456_789_012, 1e-4, 0.00015]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let units = Double(Int64.random(in: -999_999_999_999_999...999_999_999_999_999, using: &generator))
            numbers.append(units / 10_000)
            numbers.append(Double.random(in: -1e12...1e12, using: &generator))
        }
        for number in numbers {
            let expected = JSONValue.number(number).stringValue
            #expect(JSONWriter.string(.number(number)) == expected, "\(number.description)")
        }
    }

    /// The writer and the reader skip plain bytes eight at a time: a byte that needs escaping must be
    /// found at every offset, next to ASCII and to multi-byte characters alike.
    @Test func escapesAtEveryOffset() throws {
        let specials: [(Character, String)] = [("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\u{1}", "\\u0001")]
        for filler in ["abcdefghijklmnopqrstuvwxyz", "é😀ab中文cdéfghij😀klmnop"] {
            for (special, escaped) in specials {
                for offset in 0...filler.count {
                    var text = filler
                    text.insert(special, at: text.index(text.startIndex, offsetBy: offset))
                    let prefix = String(filler.prefix(offset))
                    let suffix = String(filler.dropFirst(offset))
                    let json = JSONWriter.string(.string(text))
                    #expect(json == "\"" + prefix + escaped + suffix + "\"", "\(offset)")
                    #expect(try JSONParser.parse(Array(json.utf8)) == .string(text))
                }
            }
        }
    }

    @Test func writerAppends() {
        var writer = JSONWriter()
        writer.write([1])
        writer.write("x")
        #expect(writer.output == #"[1]"x""#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let values: [JSONValue] = [
            [
                "id": 123_456_789_012, "text": "Ünïcödé \"quoted\" \\ \n\t\u{0}",
                "nested": [[[["deep": [1.25, -2e-5]]]]],
            ],
            [], [:], "", 0, -1.5, true, nil, .number(.leastNonzeroMagnitude), .number(.greatestFiniteMagnitude),
            .string(String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)),
        ]
        for value in values {
            #expect(try JSONParser.parse(JSONWriter.string(value)) == value)
            #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
        }
    }

    @Test func parserIsFast() throws {
        var items: [JSONValue] = []
        for index in 0..<2_000 {
            items.append([
                "id": .number(Double(index)), "title": "Post number \(index) with some text",
                "body": "Lorem ipsum dolor sit amet, consectetur adipiscing elit \\u00e9", "score": 12.5,
                "tags": ["a", "b"], "author": ["name": "someone", "karma": 1234],
            ])
        }
        let document = JSONWriter.bytes(.array(items))
        let parsed = try JSONParser.parse(document)
        #expect(parsed.arrayValue?.count == 2_000)
    }
}

@Suite struct JSONParserEdgeTests {
    @Test func invalidBytesOutsideStringsAreReported() {
        do {
            _ = try JSONParser.parse([0x5B, 0xFF, 0x5D])
            Issue.record("parsed invalid input")
        } catch {
            #expect(error.message == "expected a value, found byte 0xFF")
            #expect(error.column == 2)
            #expect(error.offset == 1)
        }
    }

    @Test func crlfCountsAsOneLineBreak() {
        do {
            _ = try JSONParser.parse("{\r\n\"a\": 1,\r\n\"b\": ?}")
            Issue.record("parsed invalid input")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 6)
        }
    }

    @Test func whitespaceEverywhereAllowedByRFC() throws {
        #expect(try JSONParser.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n") == ["a": [1, 2], "b": [:]])
    }

    @Test func objectMutation() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = 3
        object["c"] = 4
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(JSONValue.object(object) == ["a": 3, "c": 4])
        #expect(JSONValue.object(object) != ["c": 4, "a": 3])
    }
}
