import Foundation
import HarkCore
import Testing

@testable import HarkDeliver

/// Message templates: the built-ins read well, each part escapes for its medium, and a custom part
/// that renders nothing falls back with a reason naming it.
@Suite("Templates")
struct TemplateTests {
    let renderer = MessageRenderer(templates: nil)

    @Test("the built-in text says what, who, where, why and links, without escaping")
    func builtInText() {
        let context = TemplateContext.make(payload: mentionPayload())
        let text = renderer.render(.text, context: context).text
        #expect(text.contains("Negative mention about billing on appstore"), "\(text)")
        #expect(text.contains("dana on appstore"))
        #expect(text.contains("\"CineClub charged me twice & nobody answers <b>!!!</b>\""))
        #expect(text.contains("Why you got this: labels topic=billing, sentiment=negative matched the route to team."))
        #expect(text.contains("Open: https://reviews.example.com/r/42?a=1&b=2"))
        #expect(renderer.render(.subject, context: context).text == "[hark] Negative mention about billing on appstore")
    }

    @Test("HTML escapes the mention; Slack escapes only & < >")
    func escaping() {
        let context = TemplateContext.make(payload: mentionPayload())
        let html = renderer.render(.html, context: context).text
        #expect(html.contains("twice &amp; nobody answers &lt;b&gt;!!!&lt;/b&gt;"), "\(html)")
        #expect(!html.contains("<b>!!!"))
        let slack = renderer.render(.slack, context: context).text
        #expect(slack.contains(">CineClub charged me twice &amp; nobody answers &lt;b&gt;!!!&lt;/b&gt;"), "\(slack)")
        #expect(slack.contains("<https://reviews.example.com/r/42?a=1&amp;b=2|Open the post>"))
    }

    @Test("a spike shows its evidence")
    func spike() {
        let context = TemplateContext.make(payload: spikePayload())
        let text = renderer.render(.text, context: context).text
        #expect(text.contains("Spike: sentiment:negative, 12 in 15m"), "\(text)")
        #expect(text.contains("12 mentions in 15m against a baseline of 1.5 (8.0×), from 11 people."))
        #expect(text.contains("Top terms: check in, locked"))
        #expect(text.contains("- kai on reddit: \"card locked again\" https://reddit.example/s1"))
    }

    @Test("a custom part is used; one that renders nothing falls back to the built-in, naming itself")
    func fallback() throws {
        let subject = try TemplatePart(
            role: .subject, source: "{{receiver}}: {{alerts_count}} alert(s)", origin: "template 'x' (subject)")
        let empty = try TemplatePart(
            role: .text, source: "{{#nothing_here}}x{{/nothing_here}}\n", origin: "template 'x' (text)")
        let custom = MessageRenderer(
            templates: MessageTemplates(
                name: "x", parts: [.subject: subject, .text: empty], position: ConfigBuilder().position(1, 1)))
        let context = TemplateContext.make(payload: mentionPayload())
        #expect(custom.render(.subject, context: context).text == "team: 1 alert(s)")
        let text = custom.render(.text, context: context)
        #expect(text.fallbackReason == "template 'x' (text) rendered nothing; the built-in template was used")
        #expect(text.text.contains("dana on appstore"))
    }

    @Test("the Slack message has a header, a section per alert and a context line")
    func slackMessage() throws {
        let receiver = SlackReceiver(
            name: "frontline",
            settings: SlackSettings(
                webhookURL: SecretValue(.environment("UNUSED"), at: ConfigBuilder().position(1, 1)),
                timeout: .seconds(5)),
            renderer: renderer, driver: CurlDriverHolder.shared)
        var payload = mentionPayload()
        if case .object(var object) = payload, case .array(var alerts) = object["alerts"]! {
            alerts.append(alerts[0])
            object["alerts"] = .array(alerts)
            payload = .object(object)
        }
        let message = receiver.message(for: notification("n1", receiver: "frontline", payload: payload))
        let blocks = try #require(message["blocks"]?.arrayValue)
        #expect(blocks.map { $0["type"]?.stringValue ?? "" } == ["header", "section", "divider", "section", "context"])
        #expect(message["text"]?.stringValue == "[hark] Negative mention about billing on appstore and 1 more")
    }
}
