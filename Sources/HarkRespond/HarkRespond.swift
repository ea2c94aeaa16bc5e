/// Respond, part 1: what hark tells people and to whom.
///
/// Alerts (a labelled mention, a spike, a theme event) travel down an Alertmanager-style routing tree
/// to receivers, are grouped so a burst becomes one message, and can be silenced or inhibited. Every
/// decision here is a value computed from the rules and an injected clock, so it is tested without
/// sleeping and `hark replay` reaches the same decisions as the daemon.
public enum HarkRespond {}
