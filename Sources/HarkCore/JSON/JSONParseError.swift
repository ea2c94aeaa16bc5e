/// Where and why a JSON document failed to parse (1-based line and column, byte offset).
///
/// `offset` counts bytes from the start of the input (0-based, a byte order mark included);
/// `column` counts characters (Unicode scalars) from the start of the line, so it matches what an
/// editor shows for non-ASCII text.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line (LF, CRLF or a lone CR ends a line).
    public var line: Int
    /// 1-based column in characters (Unicode scalars).
    public var column: Int
    /// 0-based byte offset from the start of the input.
    public var offset: Int
    /// What was expected and what was found.
    public var message: String
    /// `line 3, column 7: expected ':' after object key, found '2'`.
    public var description: String { "line \(line), column \(column): \(message)" }

    /// An error at a known position.
    public init(line: Int, column: Int, offset: Int, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }
}
