public import Foundation
public import HarkRespond
public import HarkState

/// Silences added with `hark silence add`, read from the state as the respond side's values, for
/// `hark run` and `hark replay --state` (the rules' own `silences:` come with the rules).
public enum RuntimeSilences {
    /// Every stored silence ending after `time` (nil: all), and the ids of any that could not be read.
    public static func load(from store: StateStore, endingAfter time: Date? = nil) throws -> (
        silences: [Silence], unreadable: [String]
    ) {
        var silences: [Silence] = []
        var unreadable: [String] = []
        for stored in try store.silences(endingAfter: time) {
            guard let matchers = Silence.matchers(fromJSON: stored.matchers) else {
                unreadable.append(stored.id)
                continue
            }
            silences.append(
                Silence(
                    id: stored.id, matchers: matchers, startsAt: stored.startsAt, endsAt: stored.endsAt,
                    comment: stored.comment, createdBy: stored.createdBy))
        }
        return (silences, unreadable)
    }
}
