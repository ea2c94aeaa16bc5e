/// A JSON object's members in document order, with lookup by key (last duplicate wins).
///
/// Order is kept because hark's output must be deterministic and readable (mentions print their
/// fields in a fixed order). Small objects are searched linearly from the end, which beats hashing
/// for the handful of keys most API objects have; larger ones carry a key index.
public struct JSONObject: Sendable, Hashable {
    /// The members as written, duplicates included.
    public private(set) var members: [(key: String, value: JSONValue)]
    /// Position of the last member with each key; only built for objects too big to scan.
    private var index: [String: Int]?

    /// Objects with more members than this get an index.
    private static let indexThreshold = 12

    /// An object with these members, in this order.
    public init(_ members: [(key: String, value: JSONValue)]) {
        self.members = members
        self.index = Self.makeIndex(members)
    }

    /// An object with no members.
    public init() {
        self.members = []
    }

    /// The value of the last member named `key`.
    public subscript(key: String) -> JSONValue? {
        get {
            if let index {
                return index[key].map { members[$0].value }
            }
            for member in members.reversed() where member.key == key {
                return member.value
            }
            return nil
        }
        set {
            guard let newValue else {
                members.removeAll { $0.key == key }
                index = Self.makeIndex(members)
                return
            }
            if let position = position(of: key) {
                members[position].value = newValue
            } else {
                members.append((key, newValue))
                if index != nil || members.count > Self.indexThreshold {
                    if index == nil { index = Self.makeIndex(members) } else { index?[key] = members.count - 1 }
                }
            }
        }
    }

    /// The number of members, duplicates included.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in document order, duplicates included.
    public var keys: [String] { members.map(\.key) }

    /// Appends a member, even if one with the same key exists (it then shadows the earlier one).
    public mutating func append(key: String, value: JSONValue) {
        members.append((key, value))
        if index != nil || members.count > Self.indexThreshold {
            if index == nil { index = Self.makeIndex(members) } else { index?[key] = members.count - 1 }
        }
    }

    /// Objects are equal when they have the same members in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (left, right) in zip(lhs.members, rhs.members) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }

    /// Hashes the members in order, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.lastIndex { $0.key == key }
    }

    private static func makeIndex(_ members: [(key: String, value: JSONValue)]) -> [String: Int]? {
        guard members.count > indexThreshold else { return nil }
        var index = [String: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() {
            index[member.key] = position
        }
        return index
    }
}
