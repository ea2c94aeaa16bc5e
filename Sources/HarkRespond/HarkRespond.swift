/// Respond, part 1: what hark tells people and to whom.
///
/// Alerts (a labelled mention, a spike, a theme event) travel down an Alertmanager-style routing tree
/// to receivers, are grouped so a burst becomes one message, and can be silenced or inhibited. Every
/// decision here is a value computed from the rules and an injected clock, so it is tested without
/// sleeping and `hark replay` reaches the same decisions as the daemon.
///
/// The pieces, in the order an alert meets them:
/// - `Alert` (`Alert.mention(_:firedAt:)` and friends) with `AlertLabels`: label values are strings;
///   `topic` and `tag` may hold several, matched by any value and rendered joined with `,`.
/// - `RouteTree` (`route:` section): first match wins unless `continue: true`.
/// - `Silences` (`silences:` section and runtime) and `Inhibitor` (`inhibit:` section).
/// - `AlertGroups`: `group_by`, `group_wait`, `group_interval`, `repeat_interval`; groups carry only
///   new alerts, and `repeat_interval` is how long a sent alert is not sent again.
/// - `AlertNotification`: the webhook payload every receiver renders.
/// - `RespondPipeline` ties them together for the daemon, `hark replay` and `hark try`.
public enum HarkRespond {}
