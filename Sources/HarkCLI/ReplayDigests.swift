import Foundation
import HarkCore
import HarkDeliver
import HarkRespond

/// Replay's notifications, with digests: a notification for a receiver that takes digests is kept
/// for its period, and the period's digest is printed once the replay's clock (the mentions' own
/// times) has passed its end, as the daemon would have sent it.
extension ReplaySummary {
    /// Prints `notifications` (or keeps them for a digest, by the time each was due), then any
    /// digest whose period ended by `time`.
    mutating func write(_ notifications: [AlertNotification], at time: Date?, to writer: inout JSONStreamWriter) {
        defer { if let time { writeDigests(digests.due(at: time), to: &writer) } }
        for notification in notifications {
            if digests.add(receiver: notification.receiver, payload: notification.json, at: notification.sentAt) {
                continue
            }
            writer.raw(notification.jsonText)
            writer.newline()
            self.notifications += 1
        }
    }

    /// Prints the digests still open: the end of the replay.
    mutating func finishDigests(to writer: inout JSONStreamWriter) {
        writeDigests(digests.finish(), to: &writer)
    }

    private mutating func writeDigests(_ due: [DigestComposer.Digest], to writer: inout JSONStreamWriter) {
        for digest in due {
            writer.raw(JSONWriter.string(digest.notification.payload))
            writer.newline()
            self.digestsPrinted += 1
        }
    }
}

extension DeliveryConfiguration {
    /// The receivers that take digests, with their settings.
    var digestSettings: [String: DigestSettings] {
        var settings: [String: DigestSettings] = [:]
        for receiver in receivers { if let digest = receiver.digest { settings[receiver.name] = digest } }
        return settings
    }
}
