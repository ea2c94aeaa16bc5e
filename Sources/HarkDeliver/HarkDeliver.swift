/// Respond, part 2: getting a notification to a person.
///
/// Receivers (webhook, Slack, e-mail, exec, file, stdout) deliver through libcurl; message text comes
/// from Mustache templates a team can override; a durable outbox in SQLite keeps every notification
/// until it is delivered, so a receiver being down or hark restarting loses nothing and sends nothing twice.
public enum HarkDeliver {}
