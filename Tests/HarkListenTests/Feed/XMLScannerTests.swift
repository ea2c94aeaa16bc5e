import Testing

@testable import HarkListen

@Suite("XMLScanner")
struct XMLScannerTests {
    /// Events as compact strings: `<ns|local a=v>`, `</local>`, `"text"`.
    func events(_ document: String) throws -> [String] {
        var scanner = XMLScanner(Array(document.utf8))
        var result: [String] = []
        while let event = try scanner.next() {
            switch event {
            case .start(let name, let attributes):
                let attributeText = attributes.map {
                    " \($0.name.namespace.isEmpty ? "" : $0.name.namespace + "|")\($0.name.local)=\($0.value)"
                }
                result.append(
                    "<\(name.namespace.isEmpty ? "" : name.namespace + "|")\(name.local)\(attributeText.joined())>")
            case .end(let name):
                result.append("</\(name.local)>")
            case .text(let span):
                result.append("\"\(scanner.string(span))\"")
            }
        }
        return result
    }

    @Test func elementsAttributesInBothQuoteStylesAndSelfClosingTags() throws {
        #expect(
            try events(#"<a x="1" y='two &amp; "three"'><b/>t</a>"#) == [
                #"<a x=1 y=two & "three">"#, "<b>", "</b>", "\"t\"", "</a>",
            ])
    }

    @Test func prefixesResolveToNamespacesAndScopesEnd() throws {
        let document = """
            <r xmlns="urn:default" xmlns:p="urn:p"><p:e p:attr="v"/><q:e xmlns:q="urn:p"/><e xmlns="urn:inner"/><e/></r>
            """
        #expect(
            try events(document) == [
                "<urn:default|r>", "<urn:p|e urn:p|attr=v>", "</e>", "<urn:p|e>", "</e>", "<urn:inner|e>", "</e>",
                "<urn:default|e>", "</e>", "</r>",
            ])
    }

    @Test func undeclaredConventionalPrefixesStillResolve() throws {
        #expect(try events("<item><dc:creator>Jo</dc:creator></item>")[1] == "<\(FeedNamespace.dublinCore)|creator>")
    }

    @Test func cdataCommentsAndProcessingInstructions() throws {
        #expect(
            try events("<?xml version='1.0'?><!-- c --><a><?pi x?>x<![CDATA[<b>&amp;</b>]]><!-- <c> -->y</a>") == [
                "<a>", "\"x\"", "\"<b>&amp;</b>\"", "\"y\"", "</a>",
            ])
    }

    @Test func predefinedAndNumericReferencesDecodeOthersPassThrough() throws {
        #expect(
            try events("<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#0;&#xD800;&eacute;&nope AT&T</a>")[1]
                == "\"<>&\"'AB\u{FFFD}\u{FFFD}&eacute;&nope AT&T\"")
    }

    @Test func doctypeInternalSubsetIsSkippedUnread() throws {
        let document = """
            <!DOCTYPE a [ <!ENTITY e "]>"> <!-- ]> --> <!ENTITY x SYSTEM "file:///etc/passwd"> ]><a>&e;&x;</a>
            """
        #expect(try events(document) == ["<a>", "\"&e;&x;\"", "</a>"])
    }

    @Test func mismatchedEndTagsRecover() throws {
        var scanner = XMLScanner(Array("<a><b><c>x</a><d></z></d>".utf8))
        var names: [String] = []
        while let event = try scanner.next() {
            switch event {
            case .start(let name, _): names.append("<\(name.local)>")
            case .end(let name): names.append("</\(name.local)>")
            case .text: break
            }
            if names.count == 6 { break }
        }
        #expect(names == ["<a>", "<b>", "<c>", "</c>", "</b>", "</a>"])
    }

    @Test func errorsCarryLineAndColumn() throws {
        var scanner = XMLScanner(Array("<a>\n  <b attr=\"never closed>\n</a>".utf8))
        var failure: XMLScanner.Failure?
        do {
            while try scanner.next() != nil {}
        } catch {
            failure = error
        }
        #expect(failure?.line == 2)
        #expect(failure?.column == 11)
        #expect(failure?.message == "attribute value in <b> is never closed")
        let afterFailure = try scanner.next()
        #expect(afterFailure == nil, "a failed scanner stays finished")
    }

    @Test func invalidUTF8BecomesReplacementCharacters() throws {
        var scanner = XMLScanner([0x3C, 0x61, 0x3E, 0x41, 0xFF, 0x42, 0x3C, 0x2F, 0x61, 0x3E])
        _ = try scanner.next()
        guard case .text(let span) = try scanner.next() else {
            Issue.record("expected text")
            return
        }
        #expect(scanner.string(span) == "A\u{FFFD}B")
    }
}

@Suite("URLReference")
struct URLReferenceTests {
    let base = "http://a/b/c/d;p?q"

    @Test(arguments: [
        ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
        ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
        ("g#s", "http://a/b/c/g#s"), (";x", "http://a/b/c/;x"), ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"),
        ("./", "http://a/b/c/"), ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"),
        ("../..", "http://a/"), ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("/./g", "http://a/g"),
        ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"),
        ("g;x=1/../y", "http://a/b/c/y"), ("https://other.example/x", "https://other.example/x"),
        ("  g  ", "http://a/b/c/g"),
    ])
    func rfc3986Examples(reference: String, expected: String) {
        #expect(URLReference.resolve(reference, against: base) == expected)
    }

    @Test func relativeBaseLeavesTheReferenceAlone() {
        #expect(URLReference.resolve("posts/1", against: "feeds/rss.xml") == "posts/1")
        #expect(URLReference.resolve("posts/1", against: "https://example.com") == "https://example.com/posts/1")
    }
}
