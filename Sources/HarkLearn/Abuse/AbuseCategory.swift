/// The kinds of abusive language hark tells apart, because they call for different handling.
///
/// A threat is serious on its own; an insult is abusive when it is aimed at someone; profanity is
/// mostly emphasis ("this is fucking great") and only counts when it is aimed ("fuck you"). Routes
/// and `hark try` show the category so a team lead sees at a glance what kind of message it is.
public enum AbuseCategory: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Name-calling and contempt: `idiot`, `moron`, 白痴, 废物.
    case insult
    /// Threats of violence or harm: `I will find you`, `watch your back`, 弄死你.
    case threat
    /// Telling someone to go away, die or shut up, and sexual harassment: `kys`, `fuck off`, 去死, 滚.
    case harassment
    /// Slurs against a group of people; always abusive.
    case slur
    /// Swearing: counted as an intensifier only, unless aimed at someone (`fuck you`).
    case profanity

    /// Categories sort in declaration order, so results list them the same way every time.
    public static func < (lhs: AbuseCategory, rhs: AbuseCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The name used in lexicon files and labels (`insult`).
    public var description: String { rawValue }
}
