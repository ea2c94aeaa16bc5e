import HarkCore
import Testing

@Suite struct PlainTextTests {
    @Test func mastodonStatusBecomesReadableText() {
        let content = """
            <p>Check-in is broken again <a href="https://example.social/tags/acme" class="mention hashtag" \
            rel="tag">#<span>acme</span></a></p><p>cc <span class="h-card"><a href="https://example.social/@support" \
            class="u-url mention">@<span>support</span></a></span> <a href="https://example.com/status/1" \
            rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span \
            class="ellipsis">example.com/status</span><span class="invisible">/1</span></a></p>
            """
        #expect(
            PlainText.fromHTML(content)
                == "Check-in is broken again #acme cc @support https://example.com/status/1")
    }

    @Test func blockTagsSeparateWords() {
        #expect(
            PlainText.fromHTML("<p>one</p><p>two</p>three<br>four<br/>five<div>six</div><li>seven</li>")
                == "one two three four five six seven")
        #expect(PlainText.fromHTML("<b>bold</b><i>italic</i>") == "bolditalic")
    }

    @Test func dropsScriptStyleHeadAndComments() {
        let page = """
            <!DOCTYPE html><html><head><title>Ignored</title><style>p { color: red }</style></head>
            <body><script type="text/javascript">if (a < b && c > d) { alert("<p>x</p>") }</script>
            <!-- a comment with <p>tags</p> --><p>Visible</p><SCRIPT>more()</SCRIPT >text</body></html>
            """
        #expect(PlainText.fromHTML(page) == "Visible text")
    }

    @Test func redditDoubleEncodedHTMLIsDecodedOnce() {
        // Reddit's `selftext_html` is HTML escaped inside JSON; decoding it once gives markup,
        // which `fromHTML` then strips. Decoding twice would be wrong.
        let escaped = "&lt;div class=\"md\"&gt;&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;&lt;/div&gt;"
        let markup = PlainText.decodeEntities(escaped)
        #expect(markup == "<div class=\"md\"><p>Fish &amp; chips</p></div>")
        #expect(PlainText.fromHTML(markup) == "Fish & chips")
        #expect(PlainText.fromHTML(escaped) == "<div class=\"md\"><p>Fish &amp; chips</p></div>")
    }

    @Test func attributesWithAngleBracketsAreNotText() {
        #expect(PlainText.fromHTML("<a title=\"a > b\" href='x>y'>link</a> after") == "link after")
        #expect(PlainText.fromHTML("<img alt=\"<script>\" src=x>caption") == "caption")
    }

    @Test func strayAngleBracketsStayText() {
        #expect(PlainText.fromHTML("I <3 this & that, 1 < 2") == "I <3 this & that, 1 < 2")
        #expect(PlainText.fromHTML("ends with <") == "ends with <")
        #expect(PlainText.fromHTML("<") == "<")
        #expect(PlainText.fromHTML("a <b unfinished") == "a <b unfinished")
        #expect(PlainText.fromHTML("<p>ok</p> then <unclosed") == "ok then <unclosed")
        #expect(PlainText.fromHTML("<!-- never closed") == "")
        #expect(PlainText.fromHTML("text<script>never closed") == "text")
        #expect(PlainText.fromHTML("<head>head left open<p>but text") == "head left open but text")
    }

    @Test func cdataContentIsKept() {
        #expect(PlainText.fromHTML("<p><![CDATA[5 < 6 & <b>]]></p>") == "5 < 6 & <b>")
    }

    @Test func entitiesAreDecoded() {
        #expect(
            PlainText.decodeEntities("Caf&eacute; &amp; bar &#8217; &#x1F600; &hellip;&mdash;&rsquo;&apos;")
                == "Café & bar ’ 😀 …—’'")
        #expect(PlainText.decodeEntities("&lt;p&gt; &quot;q&quot; &nbsp;x") == "<p> \"q\" \u{A0}x")
        #expect(PlainText.decodeEntities("&Alpha;&omega;&euro;&trade;&frac12;&yuml;&spades;") == "Αω€™½ÿ♠")
    }

    @Test func invalidNumericReferencesBecomeReplacementCharacter() {
        #expect(
            PlainText.decodeEntities("&#0;&#xD800;&#xDFFF;&#x110000;&#99999999999999;")
                == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(PlainText.decodeEntities("don&#146;t &#150; &#128;5") == "don’t – €5")
        #expect(PlainText.decodeEntities("&#65&#66;") == "AB")
    }

    @Test func unknownOrIncompleteEntitiesStayAsWritten() {
        #expect(PlainText.decodeEntities("&foo; &; & &# &#x; &#xZ; AT&T &") == "&foo; &; & &# &#x; &#xZ; AT&T &")
        #expect(PlainText.decodeEntities("&copy without semicolon") == "&copy without semicolon")
        #expect(PlainText.decodeEntities("&ampersand &amplifier") == "&ampersand &amplifier")
    }

    @Test func legacyEntitiesWithoutSemicolon() {
        #expect(PlainText.decodeEntities("a &amp b &lt c &gt d &quot e &nbsp f") == "a & b < c > d \" e \u{A0} f")
        #expect(PlainText.decodeEntities("?a=1&amp=2") == "?a=1&=2")
    }

    @Test func decodingTwiceIsNotDone() {
        #expect(PlainText.decodeEntities("&amp;lt;b&amp;gt;") == "&lt;b&gt;")
        #expect(PlainText.decodeEntities("&amp;amp;") == "&amp;")
    }

    @Test func whitespaceIsCollapsed() {
        #expect(
            PlainText.collapseWhitespace("  a\t\tb\r\n\nc\u{A0}\u{A0}d\u{2028}e\u{2029}f\u{3000}g \u{202F} ")
                == "a b c d e f g")
        #expect(PlainText.collapseWhitespace("\u{FEFF}zero\u{200B}width\u{2060}joiner\u{AD}s") == "zerowidthjoiners")
        #expect(
            PlainText.collapseWhitespace("ctrl\u{0}\u{7}\u{1B}\u{7F}\u{80}\u{9F}chars\u{85}next") == "ctrlchars next")
        #expect(PlainText.collapseWhitespace("") == "")
        #expect(PlainText.collapseWhitespace(" \n\t ") == "")
        #expect(PlainText.collapseWhitespace("👩‍💻 emoji ZWJ kept") == "👩‍💻 emoji ZWJ kept")
    }

    @Test func entitiesDecodeToWhitespaceThatCollapses() {
        #expect(PlainText.fromHTML("a&nbsp;&nbsp;b&#10;c&Tab;d") == "a b c d")
    }

    @Test func neverCrashesOnHostileInput() {
        let inputs = [
            String(repeating: "<", count: 10_000), String(repeating: "<a ", count: 10_000),
            String(repeating: "<a href=\"", count: 10_000), String(repeating: "&#", count: 10_000),
            String(repeating: "<!--", count: 5_000), String(repeating: "<script>", count: 5_000) + "x",
            String(repeating: "</", count: 10_000), "<a href='>", "<a =\"'>'\">x", "&", "&#x", "<!", "<?",
            "<![CDATA[", "</>", "< p>", "<p", "<p/",
            String(decoding: [0xC3, 0x28, 0xFF, 0x3C, 0x70, 0x3E], as: UTF8.self),
        ]
        for input in inputs {
            _ = PlainText.fromHTML(input)
            _ = PlainText.decodeEntities(input)
            _ = PlainText.collapseWhitespace(input)
        }
        #expect(PlainText.fromHTML(String(repeating: "<", count: 1000)) == String(repeating: "<", count: 1000))
    }

    @Test func largePageIsFast() {
        var page = "<html><head><style>body{}</style></head><body>"
        while page.utf8.count < 100_000 {
            page +=
                "<div class=\"post\"><p>Hello &amp; welcome to <a href=\"https://example.com/?a=1&b=2\">our shop</a>"
            page += "&hellip; it&rsquo;s <b>great</b>!</p><!-- c --><ul><li>one</li><li>two</li></ul></div>\n"
        }
        page += "</body></html>"
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure {
            for _ in 0..<10 { text = PlainText.fromHTML(page) }
        }
        #expect(text.hasPrefix("Hello & welcome to our shop… it’s great! one two Hello"))
        // Generous bound so debug builds on a busy machine pass; release is far faster.
        #expect(elapsed < .seconds(5))
    }
}
