public import Foundation
public import HarkCore

/// Something about a theme that people should hear of: the engine returns these, the lead turns
/// them into alerts of kind `theme` (emerged, growing, merged) and `theme-shipped` (shipped).
///
/// Each event carries the theme as it was at that moment and an id that is the same whenever the
/// same thing happens to the same theme, so an alert can be de-duplicated across restarts.
public struct ThemeEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// The theme reached `min_authors` distinct authors.
        case emerged
        /// Distinct askers in the last growth window reached `growth_factor` times those in the window
        /// before (and at least `growth_min_authors`).
        case growing
        /// Other themes turned out to be the same request and were folded into this one; their ids
        /// now answer to this theme's.
        case merged(absorbed: String)
        /// The theme was marked shipped; every asker should be told.
        case shipped(message: String)
    }

    /// What happened.
    public var kind: Kind
    /// The theme right after it happened.
    public var theme: ThemeSummary
    /// When it happened, on the engine's clock (event time).
    public var at: Date

    /// Creates an event; the engine is the usual source.
    public init(kind: Kind, theme: ThemeSummary, at: Date) {
        self.kind = kind
        self.theme = theme
        self.at = at
    }

    /// The alert kind in the payload: `theme-shipped` for shipping, `theme` otherwise.
    public var alertKind: String {
        if case .shipped = kind { return "theme-shipped" }
        return "theme"
    }

    /// A short name for the event (`emerged`, `growing`, `merged`, `shipped`), for alert labels.
    public var name: String {
        switch kind {
        case .emerged: "emerged"
        case .growing: "growing"
        case .merged: "merged"
        case .shipped: "shipped"
        }
    }

    /// A stable alert id: the theme, the event, and for growth the day-sized bucket it fired in, so
    /// the same event replayed or re-derived after a restart has the same id.
    public var alertID: String {
        switch kind {
        case .emerged, .shipped: "theme/\(theme.id)/\(name)"
        case .growing: "theme/\(theme.id)/growing/\(Int((at.timeIntervalSince1970 / 86_400).rounded(.down)))"
        case .merged(let absorbed): "theme/\(theme.id)/merged/\(absorbed)"
        }
    }
}
