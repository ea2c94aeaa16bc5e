/// Header fields in the order they were sent, looked up case-insensitively.
///
/// Tests assert on what a client really put on the wire, so order and repeated names are kept
/// instead of folding everything into a dictionary.
public struct HeaderFields: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// Every field, in order, with the name as it was written.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates a list from `fields`, kept in the given order.
    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// Creates a list from a literal; the literal's order is kept.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of `name`, compared case-insensitively, as HTTP names are.
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    /// Every value of `name`, in order, for fields a client may repeat.
    public func values(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return fields.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// Whether `name` is present, compared case-insensitively.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// How many fields there are, repeated names counted each time.
    public var count: Int { fields.count }

    /// Appends a field, keeping any earlier ones of the same name.
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every value of `name` with one, appended at the end.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    /// Removes every field called `name`.
    public mutating func remove(_ name: String) {
        let lowered = name.lowercased()
        fields.removeAll { $0.name.lowercased() == lowered }
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// The fields as they would appear on the wire, one per line, for test failure messages.
    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }
}
