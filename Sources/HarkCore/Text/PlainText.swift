/// Turns the HTML and entity-laden text that sources publish into the plain text hark classifies.
public enum PlainText {
    /// Strips tags (dropping `script`/`style` contents), decodes entities, collapses whitespace.
    public static func fromHTML(_ html: String) -> String {
        fatalError("not implemented")
    }

    /// Decodes HTML/XML character references and named entities (`&amp;`, `&#8217;`, `&eacute;`).
    public static func decodeEntities(_ text: String) -> String {
        fatalError("not implemented")
    }

    /// Collapses runs of whitespace (including NBSP and line breaks) to single spaces and trims.
    public static func collapseWhitespace(_ text: String) -> String {
        fatalError("not implemented")
    }
}
