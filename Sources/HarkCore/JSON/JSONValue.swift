/// A JSON document as a value, with object keys kept in document order.
///
/// hark reads JSON from many sources of varying quality (Reddit, Mastodon, program output); its own
/// parser gives precise error positions, tolerates invalid UTF-8 inside strings (replaced, not
/// rejected) and keeps key order so output is deterministic.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// Any number; JSON does not distinguish integers, and ids above 2^53 lose precision here.
    case number(Double)
    /// A string (escapes decoded, invalid UTF-8 repaired).
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in document order.
    case object(JSONObject)

    /// The member `key` of an object; nil for anything else or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// Follows a dotted path (`data.children`, `items.0.title`); array steps are numbers.
    ///
    /// An object step is looked up as a key even when it looks like a number, so `{"0": …}` works
    /// too. The empty path is the value itself.
    public func value(at path: String) -> JSONValue? {
        guard !path.isEmpty else { return self }
        var current = self
        for step in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .object(let object):
                guard let member = object[String(step)] else { return nil }
                current = member
            case .array(let elements):
                guard let index = Int(step), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The string, or a number/bool rendered as a string (ids are often numbers); nil otherwise.
    ///
    /// Integral numbers are rendered without a fraction (`123456789012`, not `1.23456789012e+11`),
    /// which is what an id written as a number means.
    public var stringValue: String? {
        switch self {
        case .string(let string): string
        case .number(let number): JSONWriter.render(number)
        case .bool(let bool): bool ? "true" : "false"
        default: nil
        }
    }

    /// The number, or a numeric string; nil otherwise.
    ///
    /// Numeric strings are read as JSON numbers are (surrounding spaces allowed), so `"12.5"` counts
    /// but `"nan"`, `"0x10"` and `"12 apples"` do not.
    public var doubleValue: Double? {
        switch self {
        case .number(let number): number
        case .string(let string): Self.number(in: string)
        default: nil
        }
    }

    /// The number as an integer when it is whole and in range (also from a numeric string).
    public var intValue: Int? {
        guard let number = doubleValue, number.rounded() == number, abs(number) < 9.0e18 else { return nil }
        return Int(number)
    }

    /// The elements of an array; nil for anything else.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members of an object; nil for anything else.
    public var objectValue: JSONObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    /// The boolean; nil for anything else (no guessing from strings or numbers).
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The name of the value's JSON type, for error messages (`"string"`, `"object"`, …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private static func number(in string: String) -> Double? {
        let trimmed = string.utf8.drop { $0 == ASCII.space || $0 == ASCII.tab }
        let end = trimmed.lastIndex { $0 != ASCII.space && $0 != ASCII.tab }
        guard let end else { return nil }
        let text = trimmed[...end]
        let allowed = text.allSatisfy { byte in
            ASCII.isDigit(byte) || byte == ASCII.minus || byte == ASCII.plus || byte == ASCII.dot
                || byte | 0x20 == 0x65
        }
        guard allowed, let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}

extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON.
    public var description: String { JSONWriter.string(self) }
}
