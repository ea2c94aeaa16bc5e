public import Foundation
public import HarkCore
public import HarkLearn

/// Closing the loop: the notifications that tell the people who asked for a theme that it shipped.
///
/// A theme's askers are people, not posts: one person who asked three times is told once, with
/// links to all three posts. A person is known by connector and author (folded to lower case);
/// a post without an author stands for a person of its own. Each notice carries a
/// `theme-shipped` alert whose id comes from the theme and the person, so a receiver can drop a
/// repeat, and whose `theme.askers` lists only the posts the notice is about.
///
/// Two styles, chosen per receiver: `perAsker` (one notification per person: a webhook to a CRM or
/// reply tool answers each one) and `list` (one notification listing everyone with links to their
/// posts, for a person who answers them by hand, e.g. an e-mail to a community manager).
///
/// Pure: which people are still owed a notice, and what was already sent, comes from the caller
/// (the state store); the caller records the people as told after the notices are queued.
public enum AskerNotices {
    /// How a receiver wants to hear about askers.
    public enum Style: Sendable, Hashable {
        case perAsker
        case list
    }

    /// A receiver that takes a theme's `theme-shipped` alerts, and how it wants them.
    public struct Target: Sendable, Hashable {
        public var receiver: String
        public var routeID: String
        public var style: Style

        public init(receiver: String, routeID: String, style: Style) {
            self.receiver = receiver
            self.routeID = routeID
            self.style = style
        }
    }

    /// One person who asked: their key and their posts in the theme.
    public struct Person: Sendable, Hashable {
        /// `connector/author` (author folded to lower case), or `connector#mention` without an author.
        public var key: String
        public var posts: [ThemeSnapshot.Asker]
    }

    /// One notification to queue and the posts it tells about (to record as told once queued).
    public struct Notice: Sendable {
        public var notification: AlertNotification
        public var people: [Person]
    }

    /// The person an asker row belongs to.
    public static func personKey(_ asker: ThemeSnapshot.Asker) -> String {
        personKey(connector: asker.connector, author: asker.author, mentionID: asker.mentionID)
    }

    /// The person behind a post: `connector/author` (author trimmed, folded to lower case), or
    /// `connector#mention` for a post without an author. Digests count people with the same key.
    public static func personKey(connector: String, author: String?, mentionID: String) -> String {
        if let author = author?.trimmingCharacters(in: .whitespaces), !author.isEmpty {
            return "\(connector)/\(author.lowercased())"
        }
        return "\(connector)#\(mentionID)"
    }

    /// Posts grouped by person, people in the order they first asked.
    public static func people(_ askers: [ThemeSnapshot.Asker]) -> [Person] {
        var order: [String] = []
        var posts: [String: [ThemeSnapshot.Asker]] = [:]
        for asker in askers {
            let key = personKey(asker)
            if posts[key] == nil { order.append(key) }
            posts[key, default: []].append(asker)
        }
        return order.map { Person(key: $0, posts: posts[$0]!) }
    }

    /// The labels of a theme's `theme-shipped` alerts: what routes match to find who closes the loop.
    public static func labels(theme: String) -> AlertLabels {
        var labels = AlertLabels()
        labels[.kind] = AlertKind.themeShipped.rawValue
        labels[.theme] = theme
        labels[.demand] = "true"
        labels[.severity] = "info"
        return labels
    }

    /// The receivers the routing tree sends `theme`'s shipped alerts to, each with its style.
    public static func targets(
        theme: String, tree: RouteTree, style: (String) -> Style
    ) -> [Target] {
        var seen: Set<String> = []
        var targets: [Target] = []
        for index in tree.route(labels(theme: theme)) {
            let node = tree.nodes[index]
            guard seen.insert(node.receiver).inserted else { continue }
            targets.append(Target(receiver: node.receiver, routeID: node.id, style: style(node.receiver)))
        }
        return targets
    }

    /// The notices that tell `people` (those not yet told) that `theme` shipped, for every target.
    /// `theme` is the theme's payload object (`ThemeSummary.json`); its `askers` is replaced by the
    /// posts each notice is about.
    public static func notices(
        theme: JSONValue, themeID: String, people: [Person], targets: [Target], at time: Date
    ) -> [Notice] {
        guard !people.isEmpty else { return [] }
        var notices: [Notice] = []
        for target in targets {
            switch target.style {
            case .perAsker:
                for person in people {
                    let alert = Alert(
                        kind: .themeShipped, key: "\(themeID)|asker|\(person.key)", labels: labels(theme: themeID),
                        firedAt: time, theme: replacingAskers(in: theme, with: person.posts))
                    notices.append(
                        Notice(
                            notification: AlertNotification(
                                receiver: target.receiver, groupKey: "theme-shipped/\(themeID)/\(person.key)",
                                routeID: target.routeID, alerts: [alert], sentAt: time),
                            people: [person]))
                }
            case .list:
                let keys = people.map(\.key).sorted().joined(separator: "\n")
                let alert = Alert(
                    kind: .themeShipped, key: "\(themeID)|list|\(StableHash.hex(keys))",
                    labels: labels(theme: themeID), firedAt: time,
                    theme: replacingAskers(in: theme, with: people.flatMap(\.posts)))
                notices.append(
                    Notice(
                        notification: AlertNotification(
                            receiver: target.receiver, groupKey: "theme-shipped/\(themeID)", routeID: target.routeID,
                            alerts: [alert], sentAt: time),
                        people: people))
            }
        }
        return notices
    }

    /// The theme object with `askers` set to `posts`.
    static func replacingAskers(in theme: JSONValue, with posts: [ThemeSnapshot.Asker]) -> JSONValue {
        var object = theme.objectValue ?? JSONObject()
        let askers = JSONValue.array(
            posts.map { asker in
                var entry = JSONObject()
                entry.append(key: "author", value: asker.author.map { .string($0) } ?? .null)
                entry.append(key: "url", value: asker.url.map { .string($0) } ?? .null)
                entry.append(key: "connector", value: .string(asker.connector))
                entry.append(key: "asked_at", value: .string(Timestamp.rfc3339(asker.at)))
                return .object(entry)
            })
        object["askers"] = askers
        return .object(object)
    }
}
