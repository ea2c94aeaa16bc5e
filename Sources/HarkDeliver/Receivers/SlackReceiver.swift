import Foundation
import HarkCore
public import HarkHTTP
public import Logging

/// Posts a notification to a Slack incoming webhook as readable blocks (see `SlackSettings`).
///
/// The message is a header (the rendered subject, also the notification text phones show), then the
/// rendered `slack` template cut into section blocks at lines holding only `---`, then a context line
/// naming the receiver. Slack's limits (150 characters in a header, 3000 in a section, 50 blocks) are
/// kept by shortening, never by failing.
public struct SlackReceiver: Receiver {
    public let name: String
    let settings: SlackSettings
    let renderer: MessageRenderer
    let http: HTTPDelivery
    let logger: Logger

    public init(
        name: String, settings: SlackSettings, renderer: MessageRenderer, driver: CurlDriver,
        logger: Logger = Logger(label: "hark.deliver")
    ) {
        self.name = name
        self.settings = settings
        self.renderer = renderer
        self.logger = logger
        http = HTTPDelivery(driver: driver, receiver: name, timeout: settings.timeout)
    }

    public func deliver(_ notification: OutgoingNotification) async throws(DeliveryError) {
        let url = try settings.webhookURL.resolve(for: name, "the Slack webhook URL")
        let body = JSONWriter.bytes(message(for: notification))
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json; charset=utf-8")
        try await http.post(url: url, headers: headers, body: body, secrets: [url])
    }

    /// The Slack message for a notification.
    func message(for notification: OutgoingNotification) -> JSONValue {
        let context = TemplateContext.make(payload: notification.payload)
        let subject = Self.oneLine(renderer.render(.subject, context: context, receiver: name, logger: logger))
        let text = renderer.render(.slack, context: context, receiver: name, logger: logger)
        var blocks: [JSONValue] = [
            ["type": "header", "text": ["type": "plain_text", "text": .string(Self.cut(subject, 150)), "emoji": true]]
        ]
        let sections = Self.sections(text)
        for (index, section) in sections.prefix(47).enumerated() {
            if index > 0 { blocks.append(["type": "divider"]) }
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": .string(Self.cut(section, 3000))]])
            if blocks.count >= 48 { break }
        }
        let footer = "Sent by hark to *\(SlackContentType.escape(name))*"
        blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": .string(footer)]]])
        return ["text": .string(SlackContentType.escape(subject)), "blocks": .array(blocks)]
    }

    /// The rendered text cut at lines holding only `---`, without empty pieces.
    static func sections(_ text: String) -> [String] {
        var sections: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                sections.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        sections.append(current.joined(separator: "\n"))
        return sections.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : text.prefix(limit - 1) + "…"
    }
}
