import HarkCore
import Mustache

/// One compiled message template (a subject, a text body, an HTML body or a Slack message) and where
/// it came from, so a failure can name it.
///
/// Each part has its own escaping: HTML escapes `< > & " '`, Slack escapes `< > &` (its control
/// characters), and subjects and plain text escape nothing. The escaping is fixed by the part, not by
/// the template author, so a mention's text can never inject markup into an e-mail or a Slack message.
public struct TemplatePart: Sendable {
    /// Which part of a message a template renders.
    public enum Role: String, Sendable, CaseIterable {
        case subject, text, html, slack

        /// The Mustache content type (escaping) for the role.
        var contentTypeName: String {
            switch self {
            case .subject, .text: "TEXT"
            case .html: "HTML"
            case .slack: SlackContentType.name
            }
        }
    }

    public var role: Role
    /// The template as written.
    public var source: String
    /// Names the template in messages: `template 'lead' (subject)` or `built-in (subject)`.
    public var origin: String
    let compiled: MustacheTemplate

    /// Compiles `source` for `role`; the error carries the parser's line and column within the template.
    public init(role: Role, source: String, origin: String) throws(TemplateSyntaxError) {
        SlackContentType.registerOnce()
        self.role = role
        self.source = source
        self.origin = origin
        let pragma = "{{% CONTENT_TYPE: \(role.contentTypeName)}}"
        do {
            // On the template's first line, so line numbers stay the template's own.
            compiled = try MustacheTemplate(string: pragma + source)
        } catch let error as MustacheTemplate.ParserError {
            let prefix = pragma.count
            let column =
                error.context.lineNumber == 1 ? max(1, error.context.columnNumber - prefix) : error.context.columnNumber
            throw TemplateSyntaxError(
                line: error.context.lineNumber, column: column, message: "\(error.error)")
        } catch {
            throw TemplateSyntaxError(line: 1, column: 1, message: "\(error)")
        }
    }

    /// Renders the template over `context` (see `TemplateContext`).
    func render(_ context: [String: Any]) -> String {
        compiled.render(context)
    }
}

/// A template that does not parse: where in the template, and what the parser said.
public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "template line \(line), column \(column): \(message)" }
}

/// Slack's escaping: `&`, `<` and `>` are its control characters (links, mentions); nothing else is.
struct SlackContentType: MustacheContentType {
    static let name = "HARK_SLACK"

    /// Registering touches a global table behind the library's lock; doing it once is enough.
    private static let registered: Bool = {
        MustacheContentTypes.register(SlackContentType(), named: name)
        return true
    }()

    static func registerOnce() { _ = registered }

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
