public import Foundation
public import HarkCore

/// What hark says about a theme: the figures `hark themes` lists and a `theme` alert carries.
///
/// A value copied out of the engine at one moment, so an alert describes the theme as it was when
/// the alert fired, whatever happens to the theme afterwards.
public struct ThemeSummary: Sendable, Hashable {
    /// The stable id (`t-…`, or a pinned theme's name): the `theme` label of its mentions.
    public var id: String
    /// A readable key phrase ("guest passes"), or a pinned theme's given label.
    public var label: String
    /// True for a theme named in the rules.
    public var isPinned: Bool
    /// Where the theme is in its life.
    public var status: ThemeStatus
    /// Demands counted (each near-duplicate counted once, with its original).
    public var mentions: Int
    /// Distinct authors who asked.
    public var authors: Int
    /// Repeats of earlier demands (retweets, copies) that were not counted.
    public var duplicates: Int
    /// Distinct askers in the last growth window and in the one before it.
    public var recentAuthors: Int
    public var previousAuthors: Int
    /// When the first and the latest demand were made (event time).
    public var firstSeen: Date?
    public var lastSeen: Date?
    /// A few requests as written.
    public var samples: [String]
    /// The most recent askers (all of them are in the state store).
    public var askers: [ThemeSnapshot.Asker]
    /// When and with which message the theme was shipped.
    public var shippedAt: Date?
    public var shipMessage: String?

    /// Growth: distinct askers in the last growth window divided by those in the window before, with
    /// an empty earlier window counted as one asker (so a brand-new theme asked for by 4 people has
    /// growth 4, and a steady one has growth 1).
    public var growth: Double {
        Double(recentAuthors) / Double(max(previousAuthors, 1))
    }

    /// Creates a summary; the engine is the usual source.
    public init(
        id: String, label: String, isPinned: Bool = false, status: ThemeStatus, mentions: Int, authors: Int,
        duplicates: Int = 0, recentAuthors: Int = 0, previousAuthors: Int = 0, firstSeen: Date? = nil,
        lastSeen: Date? = nil, samples: [String] = [], askers: [ThemeSnapshot.Asker] = [], shippedAt: Date? = nil,
        shipMessage: String? = nil
    ) {
        self.id = id
        self.label = label
        self.isPinned = isPinned
        self.status = status
        self.mentions = mentions
        self.authors = authors
        self.duplicates = duplicates
        self.recentAuthors = recentAuthors
        self.previousAuthors = previousAuthors
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.samples = samples
        self.askers = askers
        self.shippedAt = shippedAt
        self.shipMessage = shipMessage
    }

    /// The `theme` object of an alert payload (SPEC "Alert payload"): `id`, `label`, `mentions`,
    /// `authors`, `growth`, `askers` (`author`, `url`, `connector`), then `status`, `pinned`,
    /// `first_seen`, `last_seen`, `recent_authors`, `previous_authors`, `duplicates`, `samples`, and
    /// `shipped_at`/`ship_message` once shipped. Times are RFC 3339 in UTC.
    public var json: JSONValue {
        var object = JSONObject()
        object.append(key: "id", value: .string(id))
        object.append(key: "label", value: .string(label))
        object.append(key: "mentions", value: .number(Double(mentions)))
        object.append(key: "authors", value: .number(Double(authors)))
        object.append(key: "growth", value: .number((growth * 100).rounded() / 100))
        object.append(
            key: "askers",
            value: .array(
                askers.map { asker in
                    var entry = JSONObject()
                    entry.append(key: "author", value: asker.author.map { .string($0) } ?? .null)
                    entry.append(key: "url", value: asker.url.map { .string($0) } ?? .null)
                    entry.append(key: "connector", value: .string(asker.connector))
                    return .object(entry)
                }))
        object.append(key: "status", value: .string(status.rawValue))
        object.append(key: "pinned", value: .bool(isPinned))
        object.append(key: "first_seen", value: firstSeen.map { .string(Timestamp.rfc3339($0)) } ?? .null)
        object.append(key: "last_seen", value: lastSeen.map { .string(Timestamp.rfc3339($0)) } ?? .null)
        object.append(key: "recent_authors", value: .number(Double(recentAuthors)))
        object.append(key: "previous_authors", value: .number(Double(previousAuthors)))
        object.append(key: "duplicates", value: .number(Double(duplicates)))
        object.append(key: "samples", value: .array(samples.map { .string($0) }))
        if let shippedAt {
            object.append(key: "shipped_at", value: .string(Timestamp.rfc3339(shippedAt)))
            object.append(key: "ship_message", value: .string(shipMessage ?? ""))
        }
        return .object(object)
    }
}
