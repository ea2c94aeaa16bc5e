public import Foundation

/// The silences in force or scheduled, with the runtime operations the CLI needs (add, expire).
public struct Silences: Sendable {
    /// Every silence not yet pruned, in the order added.
    public private(set) var all: [Silence]

    public init(_ silences: [Silence] = []) {
        all = []
        for silence in silences { add(silence) }
    }

    /// Adds a silence, replacing one with the same id.
    public mutating func add(_ silence: Silence) {
        if let index = all.firstIndex(where: { $0.id == silence.id }) {
            all[index] = silence
        } else {
            all.append(silence)
        }
    }

    /// Ends the silence `id` at `time` (a scheduled one is ended before it starts); false when there
    /// is no such silence or it had already ended.
    @discardableResult
    public mutating func expire(id: String, at time: Date) -> Bool {
        guard let index = all.firstIndex(where: { $0.id == id }), all[index].endsAt > time else { return false }
        all[index].endsAt = max(time, all[index].startsAt)
        return true
    }

    /// Forgets silences that ended at or before `time`.
    public mutating func prune(endedBy time: Date) {
        all.removeAll { $0.endsAt <= time }
    }

    /// The silences in force at `time`.
    public func active(at time: Date) -> [Silence] { all.filter { $0.isActive(at: time) } }

    /// The first silence that silences `alert` at `time`, if any.
    public func silencing(_ alert: Alert, at time: Date) -> Silence? {
        all.first { $0.silences(alert, at: time) }
    }
}
