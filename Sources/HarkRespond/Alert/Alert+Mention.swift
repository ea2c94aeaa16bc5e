public import Foundation
import HarkCore
public import HarkLearn

extension Alert {
    /// The alert for one labelled mention.
    ///
    /// Its id depends only on the connector and the mention's id, so a mention seen again (after a
    /// restart, in a replay) is recognisably the same alert. Labels: `kind=mention`, `topic` (every
    /// matched topic), `sentiment`, `abusive` and `demand` (`"true"`/`"false"`), `theme` (demand
    /// mentions), `source`, `connector`, `language` (when known), `tag` (the connector's tags) and
    /// `severity` when the caller gives one.
    public static func mention(_ labelled: LabelledMention, firedAt: Date, severity: String? = nil) -> Alert {
        let mention = labelled.mention
        var labels = AlertLabels()
        labels.set(.topic, values: labelled.labels.topics)
        labels[.sentiment] = labelled.labels.sentimentLabel.rawValue
        labels[.abusive] = labelled.labels.abusive ? "true" : "false"
        labels[.demand] = labelled.labels.demand ? "true" : "false"
        labels[.theme] = labelled.labels.theme
        labels[.source] = mention.source.rawValue
        labels[.connector] = mention.connector
        labels[.language] = mention.language
        labels.set(.tag, values: mention.tags)
        labels[.severity] = severity
        return Alert(
            id: mentionID(connector: mention.connector, id: mention.id), kind: .mention, labels: labels,
            firedAt: firedAt, mention: labelled)
    }

    /// The id of the mention alert for a mention, without building the alert.
    public static func mentionID(connector: String, id: String) -> String {
        StableHash.hex(AlertKind.mention.rawValue, connector, id)
    }
}
