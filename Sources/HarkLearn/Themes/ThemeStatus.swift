/// Where a theme is in its life: from a couple of posts to something the company shipped.
///
/// The status is derived from times rather than stored as a flag, so it reads the same after a
/// restart and moves on as the engine's clock does.
public enum ThemeStatus: String, Sendable, Hashable, CaseIterable {
    /// Fewer distinct authors than `min_authors`: not reported yet.
    case forming
    /// Reached `min_authors` within the last growth window: new, worth a look.
    case emerging
    /// Reached `min_authors` more than a growth window ago: a standing request.
    case tracked
    /// Marked shipped (`hark themes ship`): the askers are told, new asks still count.
    case shipped
}
