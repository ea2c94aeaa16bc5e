public import Foundation
public import HarkCore

/// Placeholder with the agreed API until the SQLite store lands.
public final class StateStore: Sendable {
    public init(directory: String) throws(StateError) { fatalError("not implemented") }
    public func sourceState(_ connector: String) throws(StateError) -> SourceState? { fatalError("not implemented") }
    public func save(_ state: SourceState) throws(StateError) { fatalError("not implemented") }
    public func commitPoll(_ state: SourceState, mentions: [Mention], at: Date) throws(StateError) -> [Mention] {
        fatalError("not implemented")
    }
}

/// Placeholder.
public struct StateError: Error, Sendable {}
