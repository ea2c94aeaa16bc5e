import HarkCore
import HarkLearn
import Testing

@Suite("QueryParser: the query language and its errors")
struct QueryParserTests {
    let start = SourcePosition(file: "rules/topics.yaml", line: 12, column: 9)

    func parse(_ query: String) throws -> QueryExpression {
        try QueryParser.parse(query, at: start)
    }

    /// The error a query produces, as `hark check` prints it.
    func error(_ query: String) -> String {
        do {
            _ = try QueryParser.parse(query, at: start)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("Precedence is NOT, then NEAR, then AND, then OR")
    func precedence() throws {
        #expect(try parse("a OR b AND c").description == "(a OR (b AND c))")
        #expect(try parse("a AND b NEAR/3 c").description == "(a AND (b NEAR/3 c))")
        #expect(try parse("NOT a AND b").description == "(NOT a AND b)")
        #expect(try parse("(a OR b) AND c").description == "((a OR b) AND c)")
    }

    @Test("Words side by side mean AND, as in Brandwatch")
    func implicitAnd() throws {
        #expect(try parse("refund broken OR charge*").description == "((refund AND broken) OR charge*)")
    }

    @Test("Operators are upper case only; lower-case ones are words")
    func lowercaseOperators() throws {
        #expect(try parse("fish and chips").description == "(fish AND and AND chips)")
        #expect(try parse("a or b").description == "(a AND or AND b)")
    }

    @Test("The SPEC examples parse")
    func specExamples() throws {
        #expect(
            try parse(#"(charge* OR billed OR refund OR "double charged") AND NOT "refund policy""#).description
                == #"((charge* OR billed OR refund OR "double charged") AND NOT "refund policy")"#)
        #expect(
            try parse(#"("check in" OR checkin OR "unlock your card") NEAR/5 (broken OR locked OR declined OR fail*)"#)
                .description
                == #"(("check in" OR checkin OR "unlock your card") NEAR/5 (broken OR locked OR declined OR fail*))"#)
    }

    @Test("Terms are folded like texts; several tokens become a phrase")
    func termFolding() throws {
        #expect(try parse("Café").description == "cafe")
        #expect(try parse("check-in").description == #""check in""#)
        #expect(try parse("#CineClub @Support").description == "(#cineclub AND @support)")
        #expect(try parse("“refund policy”").description == #""refund policy""#)
        #expect(try parse("-spam refund").description == "(NOT spam AND refund)")
    }

    @Test("Wildcards: trailing star is a prefix, anything else a pattern")
    func wildcards() throws {
        guard case .term(let prefix) = try parse("Charge*").kind, case .term(let glob) = try parse("wo?d").kind,
            case .term(let inner) = try parse("c**ge").kind
        else {
            Issue.record("expected single terms")
            return
        }
        #expect(prefix == QueryTerm(.prefix, "charge"))
        #expect(glob == QueryTerm(.wildcard, "wo?d"))
        #expect(inner == QueryTerm(.wildcard, "c*ge"))
    }

    @Test("Field filters")
    func fields() throws {
        #expect(try parse("title:refund").description == "title:refund")
        #expect(try parse(#"title:"double charged""#).description == #"title:"double charged""#)
        #expect(try parse("author:@CineClub").description == "author:cineclub")
        #expect(try parse("site:https://www.Reddit.com/r/movies").description == "site:www.reddit.com")
        #expect(try parse("source:(appstore OR reddit)").description == "(source:appstore OR source:reddit)")
        #expect(try parse("lang:zh_Hant").description == "lang:zh-hant")
        #expect(try parse("rating:<=2").description == "rating:<=2")
        #expect(try parse("rating:4..5").description == "rating:4..5")
        #expect(try parse("rating:>3").description == "rating:>=4")
        #expect(try parse("rating:3").description == "rating:3")
    }

    @Test("NEAR/n and NEAR/nf")
    func near() throws {
        guard case .near(_, _, let distance, let inOrder) = try parse("a NEAR/7f b").kind else {
            Issue.record("expected NEAR")
            return
        }
        #expect(distance == 7)
        #expect(inOrder)
    }

    @Test("Clause ranges point at what was written")
    func ranges() throws {
        let expression = try parse(#"refund AND NOT "refund policy""#)
        guard case .and(let operands) = expression.kind else {
            Issue.record("expected AND")
            return
        }
        #expect(operands.map(\.range) == [0..<6, 11..<30])
    }

    @Test("Errors name the position in the rule file and what was expected")
    func errors() {
        #expect(error("(refund OR charge*") == "rules/topics.yaml:12:27: expected ')' to close '(' opened at 12:9")
        #expect(error(#"a OR "double charged"#) == "rules/topics.yaml:12:29: unterminated phrase starting at 12:14")
        #expect(error("a NEAR/ b") == "rules/topics.yaml:12:11: NEAR/ needs a distance, e.g. NEAR/5")
        #expect(error("a NEAR/x b") == "rules/topics.yaml:12:11: NEAR/ needs a distance, e.g. NEAR/5")
        #expect(error("a NEAR b") == "rules/topics.yaml:12:11: NEAR needs a distance, e.g. NEAR/5")
        #expect(error("titel:refund") == "rules/topics.yaml:12:9: unknown field 'titel'; did you mean 'title'?")
        #expect(error("") == "rules/topics.yaml:12:9: empty query")
        #expect(error("   ") == "rules/topics.yaml:12:9: empty query")
        #expect(
            error("refund OR")
                == "rules/topics.yaml:12:18: expected a word, phrase or '(' after 'OR', found the end of the query")
        #expect(error("refund)") == "rules/topics.yaml:12:15: unexpected ')' without a matching '('")
        #expect(error("()") == "rules/topics.yaml:12:9: empty parentheses")
        #expect(error(#"a """#) == "rules/topics.yaml:12:11: empty phrase")
        #expect(error("AND refund") == "rules/topics.yaml:12:9: 'AND' needs a word, phrase or '(' on its left")
        #expect(error("title: refund") == "rules/topics.yaml:12:15: expected a value right after 'title:'")
        #expect(
            error("rating:good")
                == "rules/topics.yaml:12:16: 'rating:' needs stars or a comparison, e.g. rating:<=2, rating:4..5 or rating:3, found 'good'"
        )
        #expect(
            error("NOT a NEAR/3 b")
                == "rules/topics.yaml:12:9: NEAR needs words, phrases or OR-groups of them on both sides, not 'NOT a'; put NOT, AND and field filters outside the NEAR"
        )
        #expect(
            error("退* OR a")
                == "rules/topics.yaml:12:9: wildcards don't apply to Chinese or Japanese text, which already matches anywhere in a sentence"
        )
        #expect(error("refund 😡") == "rules/topics.yaml:12:16: '😡' has nothing to match: terms need letters or digits")
        #expect(
            error("a NEAR/99999 b") == "rules/topics.yaml:12:11: NEAR/99999 is too wide; the largest distance is 10000")
    }

    @Test("Lines and columns follow newlines inside the query")
    func multilineQuery() {
        #expect(error("refund OR\n  (charge") == "rules/topics.yaml:13:10: expected ')' to close '(' opened at 13:3")
    }

    @Test("Hostile nesting is refused, not a stack overflow")
    func deepNesting() {
        let query = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        #expect(error(query).contains("query nests too deeply"))
        let nots = String(repeating: "NOT ", count: 10_000) + "a"
        #expect(error(nots).contains("query nests too deeply"))
    }
}
