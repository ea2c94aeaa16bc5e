extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` as JSON `null`, so payloads can be written as literals.
    public init(nilLiteral: ()) { self = .null }

    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// An integer literal as a number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }

    /// A floating-point literal as a number.
    public init(floatLiteral value: Double) { self = .number(value) }

    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }

    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// A dictionary literal as an object, keeping the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// A dictionary literal, keeping the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}
