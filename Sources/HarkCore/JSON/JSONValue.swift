/// A JSON document as a value, with object keys kept in document order.
///
/// hark reads JSON from many sources of varying quality (Reddit, Mastodon, program output); its own
/// parser gives precise error positions, tolerates invalid UTF-8 inside strings (replaced, not
/// rejected) and keeps key order so output is deterministic.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member `key` of an object; nil for anything else or a missing key.
    public subscript(key: String) -> JSONValue? { fatalError("not implemented") }

    /// Follows a dotted path (`data.children`, `items.0.title`); array steps are numbers.
    public func value(at path: String) -> JSONValue? { fatalError("not implemented") }

    /// The string, or a number/bool rendered as a string (ids are often numbers); nil otherwise.
    public var stringValue: String? { fatalError("not implemented") }
    /// The number, or a numeric string; nil otherwise.
    public var doubleValue: Double? { fatalError("not implemented") }
    public var arrayValue: [JSONValue]? { fatalError("not implemented") }
    public var objectValue: JSONObject? { fatalError("not implemented") }
    public var boolValue: Bool? { fatalError("not implemented") }
    public var isNull: Bool { fatalError("not implemented") }
}

/// A JSON object's members in document order, with lookup by key (last duplicate wins).
public struct JSONObject: Sendable, Hashable {
    public var members: [(key: String, value: JSONValue)] { fatalError("not implemented") }
    public init(_ members: [(key: String, value: JSONValue)]) { fatalError("not implemented") }
    public subscript(key: String) -> JSONValue? { fatalError("not implemented") }
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { fatalError("not implemented") }
    public func hash(into hasher: inout Hasher) { fatalError("not implemented") }
}

/// Where and why a JSON document failed to parse (1-based line and column, byte offset).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Parses JSON text. Nesting is capped (default 512) so hostile input cannot exhaust the stack.
public enum JSONParser {
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        fatalError("not implemented")
    }
    public static func parse(_ text: String, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        fatalError("not implemented")
    }
}

/// Writes JSON compactly with keys in the order given, escaping per RFC 8259.
public struct JSONWriter {
    public private(set) var output: String = ""
    public init() {}
    public mutating func write(_ value: JSONValue) { fatalError("not implemented") }
    public static func string(_ value: JSONValue) -> String { fatalError("not implemented") }
}
