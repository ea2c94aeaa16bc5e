/// What an alert is about; also its `kind` label, so routes can send spikes and mentions apart.
public enum AlertKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// One labelled mention (an abusive message, a happy customer, a billing complaint).
    case mention
    /// A spike rule fired: more mentions of a selection than its baseline explains.
    case spike
    /// A demand theme crossed a threshold (new, growing).
    case theme
    /// A demand theme was marked shipped: tell everyone who asked.
    case themeShipped = "theme-shipped"
    /// A scheduled digest.
    case digest
    /// hark's own health: a connector that keeps failing, listening blind.
    case health

    public var description: String { rawValue }
}
