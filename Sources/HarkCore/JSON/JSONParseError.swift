/// Where and why a JSON document failed to parse (1-based line and column, byte offset).
///
/// `offset` counts bytes from the start of the input (0-based, a byte order mark included);
/// `column` counts characters (Unicode scalars) from the start of the line, so it matches what an
/// editor shows for non-ASCII text.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }

    /// An error at a known position.
    public init(line: Int, column: Int, offset: Int, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }
}
