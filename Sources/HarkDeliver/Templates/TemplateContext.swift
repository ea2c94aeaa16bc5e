import Foundation
public import HarkCore

/// What a message template sees: the notification payload as written, plus ready-made fields so a
/// template reads like the message it produces rather than like data plumbing.
///
/// Top level: everything in the payload (`receiver`, `group_key`, `status`, `alerts`), and
/// - `title`: one line for the whole notification ("Spike: topic:billing" or "… and 2 more")
/// - `alerts_count`, `more_count` (alerts after the first), `firing` (status is firing)
/// - `first`: the first alert
///
/// Each alert: its payload fields (`id`, `kind`, `labels`, `mention`, `spike`, `theme`, `fired_at`), and
/// - `title`: a headline ("Negative mention on appstore", "Spike: sentiment:negative, 12 in 15m")
/// - `is_mention`, `is_spike`, `is_theme`, `is_theme_shipped`, `is_digest`
/// - `labels_list` (`name`, `value` pairs), `labels_text` ("topic=billing, sentiment=negative")
/// - `why`: why it was routed here ("labels topic=billing, sentiment=negative matched the route to billing-team")
/// - `link`: the post, or the first sample's or asker's link
///
/// A mention (the alert's own, and each spike sample) also has `who` (author or "someone"), `where`
/// (connector and source), `excerpt` (text shortened to 280 characters), and `sentiment_label`.
/// A spike has `ratio_text` ("8.0×") and `top_terms_text`; a theme has `askers_count` and `growth_text`,
/// and a shipped theme `to_answer` (`who`, `url`, `connector` of each person to tell).
/// Whole numbers render without a fraction; absent fields are simply empty.
public enum TemplateContext {
    /// The context for `payload`.
    public static func make(payload: JSONValue) -> [String: Any] {
        var context = (plain(payload) as? [String: Any]) ?? [:]
        let alerts = payload["alerts"]?.arrayValue ?? []
        let receiver = payload["receiver"]?.stringValue ?? ""
        let alertContexts = alerts.map { alert(for: $0, receiver: receiver) }
        context["alerts"] = alertContexts
        context["alerts_count"] = alertContexts.count
        context["more_count"] = max(0, alertContexts.count - 1)
        context["firing"] = (payload["status"]?.stringValue ?? "firing") == "firing"
        if let first = alertContexts.first { context["first"] = first }
        let firstTitle = alertContexts.first?["title"] as? String ?? "Notification"
        context["title"] = alertContexts.count > 1 ? "\(firstTitle) and \(alertContexts.count - 1) more" : firstTitle
        return context
    }

    static func alert(for value: JSONValue, receiver: String) -> [String: Any] {
        var alert = (plain(value) as? [String: Any]) ?? [:]
        let kind = value["kind"]?.stringValue ?? "mention"
        for flag in ["mention", "spike", "theme", "theme-shipped", "digest"] {
            alert["is_" + flag.replacingOccurrences(of: "-", with: "_")] = kind == flag
        }
        let labels = value["labels"]?.objectValue?.members ?? []
        let pairs = labels.compactMap { member in member.value.stringValue.map { (member.key, $0) } }
        alert["labels_list"] = pairs.map { ["name": $0.0, "value": $0.1] as [String: Any] }
        let labelsText = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
        alert["labels_text"] = labelsText
        alert["why"] =
            labelsText.isEmpty
            ? "routed to \(receiver)" : "labels \(labelsText) matched the route to \(receiver)"
        var link: String?
        if let mention = value["mention"], case .object = mention {
            let context = self.mention(mention)
            alert["mention"] = context
            link = context["url"] as? String
        }
        if let spike = value["spike"], case .object = spike {
            var context = (plain(spike) as? [String: Any]) ?? [:]
            let samples = (spike["samples"]?.arrayValue ?? []).map(self.mention)
            context["samples"] = samples
            if let ratio = spike["ratio"]?.doubleValue { context["ratio_text"] = String(format: "%.1f×", ratio) }
            context["top_terms_text"] = (spike["top_terms"]?.arrayValue ?? []).compactMap(\.stringValue)
                .joined(separator: ", ")
            alert["spike"] = context
            link = link ?? samples.lazy.compactMap { $0["url"] as? String }.first
        }
        if let theme = value["theme"], case .object = theme {
            var context = (plain(theme) as? [String: Any]) ?? [:]
            let askers = theme["askers"]?.arrayValue ?? []
            context["askers_count"] = askers.count
            if let growth = theme["growth"]?.doubleValue { context["growth_text"] = String(format: "%.1f×", growth) }
            // A shipped theme's notice lists the people to answer (for a list receiver, all of them).
            if kind == "theme-shipped" {
                context["to_answer"] = askers.map { asker -> [String: Any] in
                    let author = asker["author"]?.stringValue ?? ""
                    var entry: [String: Any] = ["who": author.isEmpty ? "someone" : author]
                    if let url = asker["url"]?.stringValue { entry["url"] = url }
                    if let connector = asker["connector"]?.stringValue { entry["connector"] = connector }
                    return entry
                }
                context["has_to_answer"] = !askers.isEmpty
            }
            alert["theme"] = context
            link = link ?? askers.lazy.compactMap { $0["url"]?.stringValue }.first
        }
        if let digest = value["digest"], case .object = digest {
            alert["digest"] = self.digest(digest)
        }
        if let link { alert["link"] = link }
        alert["title"] = title(kind: kind, alert: value)
        return alert
    }

    /// A digest with its display helpers: `has_themes`, `has_sentiment`, `has_spikes`, `has_affected`
    /// (a section with rows), `growth_text` per theme, `ratio_text` per spike, and each example of
    /// `affected` as a mention (`who`, `where`, `excerpt`).
    static func digest(_ value: JSONValue) -> [String: Any] {
        var digest = (plain(value) as? [String: Any]) ?? [:]
        for section in ["themes", "sentiment", "spikes", "affected"] {
            digest["has_" + section] = !(value[section]?.arrayValue ?? []).isEmpty
        }
        digest["themes"] = (value["themes"]?.arrayValue ?? []).map { theme -> [String: Any] in
            var context = (plain(theme) as? [String: Any]) ?? [:]
            if let growth = theme["growth"]?.doubleValue { context["growth_text"] = String(format: "%.1f×", growth) }
            return context
        }
        digest["spikes"] = (value["spikes"]?.arrayValue ?? []).map { spike -> [String: Any] in
            var context = (plain(spike) as? [String: Any]) ?? [:]
            if let ratio = spike["ratio"]?.doubleValue { context["ratio_text"] = String(format: "%.1f×", ratio) }
            return context
        }
        digest["affected"] = (value["affected"]?.arrayValue ?? []).map { topic -> [String: Any] in
            var context = (plain(topic) as? [String: Any]) ?? [:]
            context["examples"] = (topic["examples"]?.arrayValue ?? []).map(mention)
            return context
        }
        return digest
    }

    /// A mention with its display helpers.
    static func mention(_ value: JSONValue) -> [String: Any] {
        var mention = (plain(value) as? [String: Any]) ?? [:]
        let author = value["author"]?.stringValue ?? ""
        mention["who"] = author.isEmpty ? "someone" : author
        let connector = value["connector"]?.stringValue ?? ""
        let source = value["source"]?.stringValue ?? ""
        mention["where"] =
            connector.isEmpty
            ? source : (source.isEmpty || source == connector ? connector : "\(connector) (\(source))")
        let text = value["text"]?.stringValue ?? value["title"]?.stringValue ?? ""
        mention["excerpt"] = excerpt(text, limit: 280)
        if let label = value["sentiment"]?["label"]?.stringValue { mention["sentiment_label"] = label }
        return mention
    }

    static func title(kind: String, alert: JSONValue) -> String {
        switch kind {
        case "spike":
            let selector = alert["spike"]?["selector"]?.stringValue ?? "mentions"
            var title = "Spike: \(selector)"
            if let count = alert["spike"]?["count"]?.intValue {
                title += ", \(count) in \(alert["spike"]?["window"]?.stringValue ?? "the window")"
            }
            return title
        case "theme":
            let label = alert["theme"]?["label"]?.stringValue ?? "a demand theme"
            let authors = alert["theme"]?["authors"]?.intValue.map { " (\($0) people)" } ?? ""
            return "Demand theme: \(label)\(authors)"
        case "theme-shipped":
            return "Shipped: \(alert["theme"]?["label"]?.stringValue ?? "a demand theme")"
        case "digest":
            let digest = alert["digest"]
            let start = digest?["period_start"]?.stringValue ?? ""
            let end = digest?["period_end"]?.stringValue ?? ""
            return start.isEmpty ? "Digest" : "Digest, \(start) to \(end)"
        default:
            let mention = alert["mention"]
            let sentiment = alert["labels"]?["sentiment"]?.stringValue ?? mention?["sentiment"]?["label"]?.stringValue
            let topic = alert["labels"]?["topic"]?.stringValue
            let place = mention?["connector"]?.stringValue ?? mention?["source"]?.stringValue
            var title = (sentiment.map { $0.prefix(1).uppercased() + $0.dropFirst() + " mention" }) ?? "Mention"
            if let topic { title += " about \(topic)" }
            if let place { title += " on \(place)" }
            return title
        }
    }

    /// `text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut.
    static func excerpt(_ text: String, limit: Int) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard collapsed.count > limit else { return collapsed }
        var cut = collapsed.prefix(limit - 1)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = cut[..<space]
        }
        return cut + "…"
    }

    /// JSON as Mustache-friendly Swift values: objects as dictionaries, whole numbers as Int,
    /// null as absent.
    static func plain(_ value: JSONValue) -> Any? {
        switch value {
        case .null: return nil
        case .bool(let bool): return bool
        case .number(let number):
            if number.rounded() == number, abs(number) < 9e15 { return Int(number) }
            return number
        case .string(let string): return string
        case .array(let elements): return elements.compactMap(plain)
        case .object(let object):
            var dictionary: [String: Any] = [:]
            for member in object.members { dictionary[member.key] = plain(member.value) }
            return dictionary
        }
    }
}
