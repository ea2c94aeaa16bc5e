public import Foundation
public import HarkCore
import HarkRespond

/// Turns the alerts routed to a digest receiver during one period into one notification.
///
/// Pure: the alerts (payload alert objects, as the webhook receives them) and the period come in,
/// the notification goes out, with an id from the receiver and the period start, so composing the
/// same period again (after a crash) gives the same id and the outbox keeps one. Sections:
///
/// - `themes`: demand themes seen in the period (theme events, and mentions carrying a `theme`
///   label), the latest figures of each, by distinct askers then growth;
/// - `sentiment`: positive / neutral / negative mentions per topic (`(no topic)` for the rest);
/// - `spikes`: each spike of the period with its selector, count and ratio;
/// - `affected`: distinct people per topic with a few example posts.
public enum DigestComposer {
    /// One finished digest.
    public struct Digest: Sendable {
        public var notification: OutgoingNotification
        public var periodStart: Date
        public var periodEnd: Date
    }

    /// The id of the digest of `receiver` for the period starting at `start`.
    public static func id(receiver: String, periodStart start: Date) -> String {
        StableHash.hex("digest", receiver, Timestamp.rfc3339(start))
    }

    /// The digest of `alerts` (in arrival order) for `receiver` over `start..<end`.
    public static func compose(
        receiver: String, alerts: [JSONValue], periodStart start: Date, periodEnd end: Date, settings: DigestSettings
    ) -> Digest {
        var content = JSONObject()
        content["receiver"] = .string(receiver)
        content["period_start"] = .string(Timestamp.rfc3339(start))
        content["period_end"] = .string(Timestamp.rfc3339(end))
        content["alerts"] = .number(Double(alerts.count))
        for section in settings.sections {
            switch section {
            case .themes: content["themes"] = .array(themes(alerts, top: settings.top))
            case .sentiment: content["sentiment"] = .array(sentiment(alerts, top: settings.top))
            case .spikes: content["spikes"] = .array(spikes(alerts, top: settings.top))
            case .affected:
                content["affected"] = .array(affected(alerts, top: settings.top, examples: settings.examples))
            }
        }
        let id = id(receiver: receiver, periodStart: start)
        let alert: JSONValue = .object(
            JSONObject([
                ("id", .string(id)), ("kind", .string("digest")),
                ("labels", .object(JSONObject([("kind", .string("digest"))]))), ("digest", .object(content)),
                ("fired_at", .string(Timestamp.rfc3339(end))),
            ]))
        let payload: JSONValue = .object(
            JSONObject([
                ("receiver", .string(receiver)),
                ("group_key", .string("digest/\(receiver)/\(Timestamp.rfc3339(start))")),
                ("status", .string("firing")), ("alerts", .array([alert])),
            ]))
        return Digest(
            notification: OutgoingNotification(id: id, receiver: receiver, payload: payload, createdAt: end),
            periodStart: start, periodEnd: end)
    }

    /// The alerts of every notification payload, flattened.
    public static func alerts(of payload: JSONValue) -> [JSONValue] {
        payload["alerts"]?.arrayValue ?? []
    }

    static func kind(_ alert: JSONValue) -> String { alert["kind"]?.stringValue ?? "" }

    static func topics(_ alert: JSONValue) -> [String] {
        let topics = (alert["labels"]?["topic"]?.stringValue ?? "").split(separator: ",").map(String.init)
        return topics.isEmpty ? ["(no topic)"] : topics
    }

    /// Themes come from two places: theme events (emerged, growing, shipped) carry a theme's own
    /// latest figures; mentions routed here with a `theme` label show who asked during the period even
    /// when no theme event reached this receiver. A theme event's figures win where both exist.
    static func themes(_ alerts: [JSONValue], top: Int) -> [JSONValue] {
        var latest: [String: JSONValue] = [:]
        var askers: [String: Set<String>] = [:]
        var mentions: [String: Int] = [:]
        var example: [String: JSONValue] = [:]
        var order: [String] = []
        for alert in alerts {
            switch kind(alert) {
            case "theme", "theme-shipped":
                guard let theme = alert["theme"], let id = theme["id"]?.stringValue else { continue }
                if latest[id] == nil, askers[id] == nil { order.append(id) }
                latest[id] = theme
            case "mention":
                guard let id = alert["labels"]?["theme"]?.stringValue, let mention = alert["mention"] else { continue }
                if latest[id] == nil, askers[id] == nil { order.append(id) }
                askers[id, default: []].insert(person(mention))
                mentions[id, default: 0] += 1
                if example[id] == nil { example[id] = mention["text"] }
            default: continue
            }
        }
        let rows: [JSONValue] = order.map { id in
            let theme = latest[id]
            let asked = Double(askers[id]?.count ?? 0)
            return .object(
                JSONObject([
                    ("id", .string(id)), ("label", theme?["label"] ?? .string(id)),
                    ("authors", theme?["authors"] ?? .number(asked)),
                    ("mentions", theme?["mentions"] ?? .number(Double(mentions[id] ?? 0))),
                    ("askers_in_period", .number(asked)),
                    ("growth", theme?["growth"] ?? .number(0)), ("status", theme?["status"] ?? .null),
                    ("example", example[id] ?? .null),
                ]))
        }
        let ranked = rows.enumerated().sorted { a, b in
            let left = (a.element["authors"]?.doubleValue ?? 0, a.element["growth"]?.doubleValue ?? 0)
            let right = (b.element["authors"]?.doubleValue ?? 0, b.element["growth"]?.doubleValue ?? 0)
            return left != right ? left > right : a.offset < b.offset
        }
        return ranked.prefix(top).map(\.element)
    }

    /// One person, known the same way as the askers told when a theme ships.
    static func person(_ mention: JSONValue) -> String {
        AskerNotices.personKey(
            connector: mention["connector"]?.stringValue ?? "", author: mention["author"]?.stringValue,
            mentionID: mention["id"]?.stringValue ?? "")
    }

    static func sentiment(_ alerts: [JSONValue], top: Int) -> [JSONValue] {
        var counts: [String: [String: Int]] = [:]
        for alert in alerts where kind(alert) == "mention" {
            let label = alert["labels"]?["sentiment"]?.stringValue ?? "neutral"
            for topic in topics(alert) { counts[topic, default: [:]][label, default: 0] += 1 }
        }
        let ranked = counts.sorted { a, b in
            let left = a.value.values.reduce(0, +)
            let right = b.value.values.reduce(0, +)
            return left != right ? left > right : a.key < b.key
        }
        return ranked.prefix(top).map { topic, byLabel in
            .object(
                JSONObject([
                    ("topic", .string(topic)), ("positive", .number(Double(byLabel["positive"] ?? 0))),
                    ("neutral", .number(Double(byLabel["neutral"] ?? 0))),
                    ("negative", .number(Double(byLabel["negative"] ?? 0))),
                    ("total", .number(Double(byLabel.values.reduce(0, +)))),
                ]))
        }
    }

    static func spikes(_ alerts: [JSONValue], top: Int) -> [JSONValue] {
        alerts.filter { kind($0) == "spike" }.prefix(top).map { alert in
            let spike = alert["spike"]
            return .object(
                JSONObject([
                    ("rule", alert["labels"]?["spike"] ?? spike?["rule"] ?? .null),
                    ("selector", spike?["selector"] ?? .null), ("count", spike?["count"] ?? .null),
                    ("window", spike?["window"] ?? .null), ("ratio", spike?["ratio"] ?? .null),
                    ("authors", spike?["authors"] ?? .null), ("fired_at", alert["fired_at"] ?? .null),
                ]))
        }
    }

    static func affected(_ alerts: [JSONValue], top: Int, examples: Int) -> [JSONValue] {
        var people: [String: Set<String>] = [:]
        var samples: [String: [JSONValue]] = [:]
        for alert in alerts where kind(alert) == "mention" {
            guard let mention = alert["mention"] else { continue }
            let person = person(mention)
            for topic in topics(alert) {
                let isNew = people[topic, default: []].insert(person).inserted
                if isNew, samples[topic, default: []].count < examples {
                    samples[topic, default: []].append(
                        .object(
                            JSONObject([
                                ("author", mention["author"] ?? .null), ("connector", mention["connector"] ?? .null),
                                ("source", mention["source"] ?? .null), ("url", mention["url"] ?? .null),
                                ("text", mention["text"] ?? .null),
                            ])))
                }
            }
        }
        let ranked = people.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
        }
        return ranked.prefix(top).map { topic, persons in
            .object(
                JSONObject([
                    ("topic", .string(topic)), ("users", .number(Double(persons.count))),
                    ("examples", .array(samples[topic] ?? [])),
                ]))
        }
    }
}
