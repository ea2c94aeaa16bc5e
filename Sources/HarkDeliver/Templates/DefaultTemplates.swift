/// The built-in message templates: what a receiver without `template:` sends, and what any part a
/// named template leaves out (or that fails) falls back to.
///
/// They answer a responder's questions in order: what happened, who said it and where, the evidence,
/// why it came to them, and where to click.
enum DefaultTemplates {
    static let subject = "[hark] {{title}}"

    static let text = """
        {{#alerts}}
        {{title}}
        {{#mention}}
          {{who}} on {{where}}{{#published_at}}, {{published_at}}{{/published_at}}:
          "{{excerpt}}"
        {{/mention}}
        {{#spike}}
          {{count}} mentions in {{window}} against a baseline of {{baseline}}{{#ratio_text}} ({{ratio_text}}){{/ratio_text}}, from {{authors}} people.
        {{#top_terms_text}}
          Top terms: {{top_terms_text}}
        {{/top_terms_text}}
        {{#samples}}
          - {{who}} on {{where}}: "{{excerpt}}"{{#url}} {{url}}{{/url}}
        {{/samples}}
        {{/spike}}
        {{#theme}}
          "{{label}}": {{authors}} people asked in {{mentions}} mentions{{#growth_text}}, growing {{growth_text}}{{/growth_text}}.
        {{#ship_message}}
          Shipped: {{ship_message}}
          People to tell:
        {{/ship_message}}
        {{#to_answer}}
          - {{who}}{{#url}} {{url}}{{/url}}
        {{/to_answer}}
        {{/theme}}
        {{#digest}}
          {{alerts}} alerts in the period.
        {{#has_themes}}
          Top requests:
        {{#themes}}
          - "{{label}}": {{authors}} people, {{mentions}} mentions{{#growth_text}}, growth {{growth_text}}{{/growth_text}}
        {{/themes}}
        {{/has_themes}}
        {{#has_sentiment}}
          Sentiment by topic:
        {{#sentiment}}
          - {{topic}}: {{positive}} positive, {{neutral}} neutral, {{negative}} negative
        {{/sentiment}}
        {{/has_sentiment}}
        {{#has_spikes}}
          Spikes:
        {{#spikes}}
          - {{rule}}{{#selector}} ({{selector}}){{/selector}}: {{count}} in {{window}}{{#ratio_text}}, {{ratio_text}} the usual{{/ratio_text}}, {{fired_at}}
        {{/spikes}}
        {{/has_spikes}}
        {{#has_affected}}
          Affected people by topic:
        {{#affected}}
          - {{topic}}: {{users}} people
        {{#examples}}
              {{who}} on {{where}}: "{{excerpt}}"{{#url}} {{url}}{{/url}}
        {{/examples}}
        {{/affected}}
        {{/has_affected}}
        {{/digest}}
          Why you got this: {{why}}.
        {{#link}}
          Open: {{link}}
        {{/link}}

        {{/alerts}}
        --
        Sent by hark to {{receiver}}. Notification group: {{group_key}}.

        """

    static let html = """
        <!DOCTYPE html>
        <html><body style="font-family: sans-serif; line-height: 1.4;">
        {{#alerts}}
        <h2 style="font-size: 1.1em;">{{title}}</h2>
        {{#mention}}
        <p><strong>{{who}}</strong> on {{where}}{{#published_at}}, {{published_at}}{{/published_at}}:</p>
        <blockquote style="border-left: 3px solid #ccc; margin: 0; padding-left: 0.8em;">{{excerpt}}</blockquote>
        {{/mention}}
        {{#spike}}
        <p>{{count}} mentions in {{window}} against a baseline of {{baseline}}{{#ratio_text}} ({{ratio_text}}){{/ratio_text}}, from {{authors}} people.{{#top_terms_text}} Top terms: {{top_terms_text}}.{{/top_terms_text}}</p>
        <ul>
        {{#samples}}
        <li><strong>{{who}}</strong> on {{where}}: {{excerpt}}{{#url}} <a href="{{url}}">open</a>{{/url}}</li>
        {{/samples}}
        </ul>
        {{/spike}}
        {{#theme}}
        <p>&ldquo;{{label}}&rdquo;: {{authors}} people asked in {{mentions}} mentions{{#growth_text}}, growing {{growth_text}}{{/growth_text}}.</p>
        {{#ship_message}}
        <p>Shipped: {{ship_message}}</p>
        {{/ship_message}}
        {{#has_to_answer}}
        <p>People to tell:</p>
        <ul>
        {{/has_to_answer}}
        {{#to_answer}}
        <li><strong>{{who}}</strong>{{#url}} <a href="{{url}}">their post</a>{{/url}}</li>
        {{/to_answer}}
        {{#has_to_answer}}
        </ul>
        {{/has_to_answer}}
        {{/theme}}
        {{#digest}}
        <p>{{alerts}} alerts in the period.</p>
        {{#has_themes}}
        <h3>Top requests</h3>
        <ul>
        {{#themes}}
        <li>&ldquo;{{label}}&rdquo;: {{authors}} people, {{mentions}} mentions{{#growth_text}}, growth {{growth_text}}{{/growth_text}}</li>
        {{/themes}}
        </ul>
        {{/has_themes}}
        {{#has_sentiment}}
        <h3>Sentiment by topic</h3>
        <table>
        <tr><th align="left">topic</th><th>positive</th><th>neutral</th><th>negative</th></tr>
        {{#sentiment}}
        <tr><td>{{topic}}</td><td align="right">{{positive}}</td><td align="right">{{neutral}}</td><td align="right">{{negative}}</td></tr>
        {{/sentiment}}
        </table>
        {{/has_sentiment}}
        {{#has_spikes}}
        <h3>Spikes</h3>
        <ul>
        {{#spikes}}
        <li>{{rule}}{{#selector}} ({{selector}}){{/selector}}: {{count}} in {{window}}{{#ratio_text}}, {{ratio_text}} the usual{{/ratio_text}}, {{fired_at}}</li>
        {{/spikes}}
        </ul>
        {{/has_spikes}}
        {{#has_affected}}
        <h3>Affected people by topic</h3>
        {{#affected}}
        <p><strong>{{topic}}</strong>: {{users}} people</p>
        <ul>
        {{#examples}}
        <li><strong>{{who}}</strong> on {{where}}: {{excerpt}}{{#url}} <a href="{{url}}">open</a>{{/url}}</li>
        {{/examples}}
        </ul>
        {{/affected}}
        {{/has_affected}}
        {{/digest}}
        <p style="color: #666;">Why you got this: {{why}}.</p>
        {{#link}}
        <p><a href="{{link}}">Open the post</a></p>
        {{/link}}
        <hr>
        {{/alerts}}
        <p style="color: #666; font-size: 0.9em;">Sent by hark to {{receiver}}. Notification group: {{group_key}}.</p>
        </body></html>

        """

    /// Slack mrkdwn. A line holding only `---` splits the message into blocks (with a divider).
    static let slack = """
        {{#alerts}}
        *{{title}}*
        {{#mention}}
        {{who}} on {{where}}:
        >{{excerpt}}
        {{/mention}}
        {{#spike}}
        {{count}} mentions in {{window}} vs a baseline of {{baseline}}{{#ratio_text}} ({{ratio_text}}){{/ratio_text}}, {{authors}} people.{{#top_terms_text}} Top terms: {{top_terms_text}}{{/top_terms_text}}
        {{#samples}}
        • {{who}}: {{excerpt}}{{#url}} <{{url}}|open>{{/url}}
        {{/samples}}
        {{/spike}}
        {{#theme}}
        “{{label}}”: {{authors}} people asked in {{mentions}} mentions{{#growth_text}}, growing {{growth_text}}{{/growth_text}}.
        {{#ship_message}}
        Shipped: {{ship_message}}
        {{/ship_message}}
        {{#to_answer}}
        • {{who}}{{#url}} <{{url}}|their post>{{/url}}
        {{/to_answer}}
        {{/theme}}
        {{#digest}}
        {{alerts}} alerts in the period.
        {{#has_themes}}
        *Top requests*
        {{#themes}}
        • “{{label}}”: {{authors}} people{{#growth_text}}, growth {{growth_text}}{{/growth_text}}
        {{/themes}}
        {{/has_themes}}
        {{#has_sentiment}}
        *Sentiment by topic*
        {{#sentiment}}
        • {{topic}}: {{positive}} positive, {{neutral}} neutral, {{negative}} negative
        {{/sentiment}}
        {{/has_sentiment}}
        {{#has_spikes}}
        *Spikes*
        {{#spikes}}
        • {{rule}}: {{count}} in {{window}}{{#ratio_text}} ({{ratio_text}}){{/ratio_text}}
        {{/spikes}}
        {{/has_spikes}}
        {{#has_affected}}
        *Affected people by topic*
        {{#affected}}
        • {{topic}}: {{users}} people{{#examples}} — {{who}}: {{excerpt}}{{#url}} <{{url}}|open>{{/url}}{{/examples}}
        {{/affected}}
        {{/has_affected}}
        {{/digest}}
        _Why you got this: {{why}}._{{#link}} <{{link}}|Open the post>{{/link}}
        ---
        {{/alerts}}

        """

    static func source(for role: TemplatePart.Role) -> String {
        switch role {
        case .subject: subject
        case .text: text
        case .html: html
        case .slack: slack
        }
    }

    /// The compiled built-ins. They are tested to compile, so a failure here is a bug in hark.
    static let parts: [TemplatePart.Role: TemplatePart] = {
        var parts: [TemplatePart.Role: TemplatePart] = [:]
        for role in TemplatePart.Role.allCases {
            do {
                parts[role] = try TemplatePart(
                    role: role, source: source(for: role), origin: "built-in (\(role.rawValue))")
            } catch {
                preconditionFailure("built-in \(role.rawValue) template does not compile: \(error)")
            }
        }
        return parts
    }()
}
