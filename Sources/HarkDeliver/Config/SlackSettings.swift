public import HarkCore

/// A `slack:` receiver: posts a message with readable blocks to a Slack incoming webhook.
///
/// ```yaml
/// - name: frontline
///   slack: { webhook_url_file: /run/credentials/hark.service/slack-frontline }   # or webhook_url_env
///   template: frontline        # optional: a named template from the templates: section
/// ```
///
/// A Slack incoming-webhook URL is a bearer credential (anyone holding it can post to the channel),
/// so a literal `webhook_url` in a rule file is refused.
public struct SlackSettings: Sendable {
    public var webhookURL: SecretValue
    public var timeout: Duration

    public init(webhookURL: SecretValue, timeout: Duration = WebhookSettings.defaultTimeout) {
        self.webhookURL = webhookURL
        self.timeout = timeout
    }

    static func parse(_ node: ConfigNode) throws(ConfigError) -> SlackSettings {
        var mapping = try node.mapping("slack")
        guard
            let url = try SecretKeys.read(
                "webhook_url", from: &mapping, literal: false, what: "a Slack webhook URL")
        else {
            throw ConfigError("slack needs webhook_url_file or webhook_url_env", at: node.position)
        }
        let timeout = try mapping.optional("timeout")?.duration("timeout") ?? WebhookSettings.defaultTimeout
        try mapping.rejectUnknownKeys()
        return SlackSettings(webhookURL: url, timeout: timeout)
    }
}
