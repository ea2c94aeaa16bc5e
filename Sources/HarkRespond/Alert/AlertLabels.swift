/// The labels of one alert: for each `LabelName`, no value, one value, or several.
///
/// Label values are strings, as in Alertmanager. Two labels can hold several values: `topic` (a
/// mention can match `pricing` and `billing`) and `tag`. The rules for those are:
///
/// - **Matching:** `match: {topic: billing}` holds when *any* value equals `billing`; `match_re`
///   holds when any value matches the whole pattern. An absent label counts as the empty string,
///   as in Alertmanager, so `match_re: {theme: ".+"}` selects alerts that have a theme.
/// - **Rendering** (payload `labels`, group keys, `group_by`): the values joined with `,` in the
///   order they were given (topics in rule order), e.g. `"pricing,billing"`; absent labels are left
///   out of the payload.
///
/// Stored as one fixed-size array indexed by name, so routing an alert does no hashing.
public struct AlertLabels: Sendable, Hashable {
    /// One label's values.
    @usableFromInline enum Value: Sendable, Hashable {
        case none
        case one(String)
        case many([String])
    }

    @usableFromInline var storage: [Value]

    /// No labels.
    public init() {
        storage = Array(repeating: .none, count: LabelName.count)
    }

    /// Labels with these single values (empty strings are treated as absent).
    public init(_ values: [LabelName: String]) {
        self.init()
        for (name, value) in values { self[name] = value }
    }

    /// The label's value as rendered (several values joined with `,`); nil when absent.
    public subscript(name: LabelName) -> String? {
        get {
            switch storage[name.index] {
            case .none: nil
            case .one(let value): value
            case .many(let values): values.joined(separator: ",")
            }
        }
        set {
            guard let newValue, !newValue.isEmpty else {
                storage[name.index] = .none
                return
            }
            storage[name.index] = .one(newValue)
        }
    }

    /// The label's values, in order; empty when absent.
    public func values(_ name: LabelName) -> [String] {
        switch storage[name.index] {
        case .none: []
        case .one(let value): [value]
        case .many(let values): values
        }
    }

    /// Sets a label to several values (empty strings and repeats dropped; none means absent).
    public mutating func set(_ name: LabelName, values: [String]) {
        var kept: [String] = []
        for value in values where !value.isEmpty && !kept.contains(value) { kept.append(value) }
        switch kept.count {
        case 0: storage[name.index] = .none
        case 1: storage[name.index] = .one(kept[0])
        default: storage[name.index] = .many(kept)
        }
    }

    /// Whether any value of the label satisfies `test`; an absent label is tested as `""`.
    @inlinable func anyValue(_ name: LabelName, _ test: (String) -> Bool) -> Bool {
        switch storage[name.index] {
        case .none: return test("")
        case .one(let value): return test(value)
        case .many(let values):
            for value in values where test(value) { return true }
            return false
        }
    }

    /// The present labels in payload order, rendered as strings.
    public var rendered: [(name: LabelName, value: String)] {
        LabelName.allCases.compactMap { name in self[name].map { (name, $0) } }
    }

    /// Whether no label is set.
    public var isEmpty: Bool { storage.allSatisfy { $0 == .none } }
}
