public import Foundation

/// Where one demand went: the theme it joined (its mention's `theme` label) and what that caused.
public struct ThemeAssignment: Sendable, Hashable {
    /// The theme the demand joined. After a later merge the id still resolves (`ThemeEngine.theme(_:)`).
    public var themeID: String
    /// True when the demand started the theme.
    public var createdTheme: Bool
    /// True when the text repeated an earlier demand: it joined the same theme and is kept as an
    /// asker, but adds neither a mention nor an author.
    public var isDuplicate: Bool
    /// The time the engine used: `published_at`, clamped into the accepted range.
    public var eventTime: Date
    /// The original `published_at` when it was clamped, for the log.
    public var clampedFrom: Date?
    /// Events this demand caused, in order.
    public var events: [ThemeEvent]

    /// Creates an assignment; the engine is the usual source.
    public init(
        themeID: String, createdTheme: Bool, isDuplicate: Bool, eventTime: Date, clampedFrom: Date?,
        events: [ThemeEvent]
    ) {
        self.themeID = themeID
        self.createdTheme = createdTheme
        self.isDuplicate = isDuplicate
        self.eventTime = eventTime
        self.clampedFrom = clampedFrom
        self.events = events
    }
}
