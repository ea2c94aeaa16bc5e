public import HarkCore
import HarkLearn

extension Alert {
    /// The alert as one element of a notification's `alerts` (SPEC "Alert payload"):
    /// `id`, `kind`, `labels` (strings; several values joined with `,`), then `mention`, `spike`,
    /// `theme`, `digest`, `health` when present (absent ones are left out, not `null`), `fired_at`.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .string(id)), ("kind", .string(kind.rawValue))]
        members.append(("labels", .object(JSONObject(labels.rendered.map { ($0.name.rawValue, .string($0.value)) }))))
        if let mention { members.append(("mention", mention.json)) }
        if let spike { members.append(("spike", spike)) }
        if let theme { members.append(("theme", theme)) }
        if let digest { members.append(("digest", digest)) }
        if let health { members.append(("health", health)) }
        members.append(("fired_at", .string(Timestamp.rfc3339(firedAt))))
        return .object(JSONObject(members))
    }
}
