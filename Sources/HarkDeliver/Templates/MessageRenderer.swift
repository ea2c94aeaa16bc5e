import HarkCore
import Logging

/// Renders the parts of a message for one receiver: its named template where it has one, the
/// built-in otherwise.
///
/// A custom part that renders to nothing but whitespace (a typo in a section name hides everything)
/// falls back to the built-in part, and the fallback is logged with the template's name, so a broken
/// template degrades to a plain message rather than an empty one.
public struct MessageRenderer: Sendable {
    let templates: MessageTemplates?
    /// A subject template that overrides the named one (from an e-mail receiver's `subject:`).
    let subjectOverride: TemplatePart?

    /// A renderer for `templates` (nil: only the built-ins).
    public init(templates: MessageTemplates?, subjectOverride: TemplatePart? = nil) {
        self.templates = templates
        self.subjectOverride = subjectOverride
    }

    /// One rendered part, and the failure message when it fell back to the built-in.
    public struct Rendered: Sendable {
        public var text: String
        public var fallbackReason: String?
    }

    /// Renders `role` over `context` (from `TemplateContext.make`).
    public func render(_ role: TemplatePart.Role, context: [String: Any]) -> Rendered {
        let custom = role == .subject ? (subjectOverride ?? templates?.parts[role]) : templates?.parts[role]
        let builtIn = DefaultTemplates.parts[role]!
        guard let custom else { return Rendered(text: builtIn.render(context)) }
        let text = custom.render(context)
        if text.allSatisfy(\.isWhitespace) {
            return Rendered(
                text: builtIn.render(context),
                fallbackReason: "\(custom.origin) rendered nothing; the built-in template was used")
        }
        return Rendered(text: text)
    }

    /// Renders and logs a fallback as an error naming the template and receiver.
    func render(
        _ role: TemplatePart.Role, context: [String: Any], receiver: String, logger: Logger
    ) -> String {
        let rendered = render(role, context: context)
        if let reason = rendered.fallbackReason {
            logger.error("\(reason)", metadata: ["receiver": "\(receiver)"])
        }
        return rendered.text
    }
}
