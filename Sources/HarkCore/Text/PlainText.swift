/// Turns the HTML and entity-laden text that sources publish into the plain text hark classifies.
///
/// Everything works on UTF-8 bytes in a few linear passes, so cleaning a 100 kB page costs well under
/// a millisecond, and no input (unbalanced `<`, truncated entities, a stray `<` at the end) can make
/// it fail: at worst a fragment is kept as literal text.
public enum PlainText {
    /// Strips tags (dropping `script`/`style` contents), decodes entities, collapses whitespace.
    ///
    /// The contents of `script`, `style` and `head` and comments are dropped; block-level tags
    /// (`p`, `br`, `div`, `li`, …) become spaces so that words from adjacent blocks don't run together.
    /// Entities are decoded once, after the tags are gone, so `&lt;p&gt;` in a source ends up as the
    /// literal text `<p>`.
    public static func fromHTML(_ html: String) -> String {
        html.withUTF8Buffer { bytes in
            var collapsed = ByteBuffer(capacity: bytes.count)
            guard bytes.contains(where: { $0 == ASCII.lessThan || $0 == ASCII.ampersand }) else {
                collapsingWhitespace(bytes, into: &collapsed)
                return collapsed.makeString()
            }
            var stripped = ByteBuffer(capacity: bytes.count)
            var stripper = HTMLStripper(bytes)
            stripper.run(into: &stripped)
            var decoded = ByteBuffer(capacity: stripped.count)
            decodingEntities(stripped.unsafeBytes, into: &decoded)
            collapsingWhitespace(decoded.unsafeBytes, into: &collapsed)
            return collapsed.makeString()
        }
    }

    /// Decodes HTML/XML character references and named entities (`&amp;`, `&#8217;`, `&eacute;`).
    ///
    /// Decodes exactly once: `&amp;lt;` becomes `&lt;`, not `<`. Numeric references that name no
    /// character (zero, surrogates, beyond U+10FFFF) become U+FFFD; `&#128;`–`&#159;` are read as
    /// Windows-1252, as browsers do. Unknown names are left as written. Only `&amp`, `&lt`, `&gt`,
    /// `&quot` and `&nbsp` are accepted without their `;`, because publishers really do write them so.
    public static func decodeEntities(_ text: String) -> String {
        text.withUTF8Buffer { bytes in
            guard bytes.contains(ASCII.ampersand) else { return text }
            var decoded = ByteBuffer(capacity: bytes.count)
            decodingEntities(bytes, into: &decoded)
            return decoded.makeString()
        }
    }

    /// Collapses runs of whitespace (including NBSP and line breaks) to single spaces and trims.
    ///
    /// Whitespace is the Unicode `White_Space` set (tabs, CR/LF, NBSP, U+2028/U+2029, the
    /// typographic spaces, …). Control characters and invisible format characters (U+200B zero width
    /// space, U+2060 word joiner, U+FEFF byte order mark, U+00AD soft hyphen) are removed outright,
    /// since they only get in the way of matching words. Joiners used by emoji (U+200D) are kept.
    public static func collapseWhitespace(_ text: String) -> String {
        text.withUTF8Buffer { bytes in
            var collapsed = ByteBuffer(capacity: bytes.count)
            collapsingWhitespace(bytes, into: &collapsed)
            return collapsed.makeString()
        }
    }
}
