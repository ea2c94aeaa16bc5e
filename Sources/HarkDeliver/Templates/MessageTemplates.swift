import Foundation
public import HarkCore

/// One entry of the `templates:` section: a named set of message parts that receivers select with
/// `template: NAME`. Parts left out fall back to the built-in ones.
///
/// ```yaml
/// templates:
///   - name: lead
///     subject: "[hark] {{title}}"
///     text_file: templates/lead.txt        # relative to rules/
///     html_file: templates/lead.html
///     slack: |
///       {{#alerts}}*{{title}}*
///       {{#mention}}> {{excerpt}}{{/mention}}
///       {{/alerts}}
/// ```
///
/// Each part (`subject`, `text`, `html`, `slack`) is inline Mustache or a `PART_file` path. Templates
/// are compiled when the rules are read, so a syntax error is a `hark check` error at its file,
/// line and column. See `TemplateContext` for the names a template can use.
public struct MessageTemplates: Sendable {
    public var name: String
    public var parts: [TemplatePart.Role: TemplatePart]
    public var position: SourcePosition

    public init(name: String, parts: [TemplatePart.Role: TemplatePart], position: SourcePosition) {
        self.name = name
        self.parts = parts
        self.position = position
    }

    /// Reads one entry of a `templates:` list; `rulesDirectory` anchors relative `*_file` paths.
    public static func parse(_ node: ConfigNode, rulesDirectory: String) throws(ConfigError) -> MessageTemplates {
        var mapping = try node.mapping("template")
        let nameNode = try mapping.required("name")
        let name = try nameNode.string("name")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigError("a template needs a non-empty name", at: nameNode.position)
        }
        var parts: [TemplatePart.Role: TemplatePart] = [:]
        for role in TemplatePart.Role.allCases {
            let inline = mapping.optional(role.rawValue)
            let file = mapping.optional(role.rawValue + "_file")
            if inline != nil, let file {
                throw ConfigError(
                    "give either \(role.rawValue) or \(role.rawValue)_file, not both", at: file.position)
            }
            let origin = "template '\(name)' (\(role.rawValue))"
            if let inline {
                let source = try inline.string(role.rawValue)
                do {
                    parts[role] = try TemplatePart(role: role, source: source, origin: origin)
                } catch {
                    // Inline text starts on the key's line (or the next, for a block scalar); the
                    // template's own line and column say where within it.
                    throw ConfigError("\(origin): \(error)", at: inline.position)
                }
            } else if let file {
                let path = try file.string(role.rawValue + "_file")
                let resolved = path.hasPrefix("/") ? path : (rulesDirectory as NSString).appendingPathComponent(path)
                guard let data = FileManager.default.contents(atPath: resolved) else {
                    throw ConfigError("cannot read template file \(path)", at: file.position)
                }
                let source = String(decoding: data, as: UTF8.self)
                do {
                    parts[role] = try TemplatePart(role: role, source: source, origin: origin)
                } catch {
                    throw ConfigError(
                        "\(origin): \(error.message)",
                        at: SourcePosition(file: resolved, line: error.line, column: error.column))
                }
            }
        }
        try mapping.rejectUnknownKeys()
        guard !parts.isEmpty else {
            throw ConfigError(
                "template '\(name)' defines no part; give subject, text, html or slack (or a *_file)",
                at: node.position)
        }
        return MessageTemplates(name: name, parts: parts, position: node.position)
    }

    /// Reads a whole `templates:` list, collecting every error and rejecting a name used twice.
    public static func parseList(_ node: ConfigNode, rulesDirectory: String) -> ([MessageTemplates], [ConfigError]) {
        let items: [ConfigNode]
        do {
            items = try node.list("templates")
        } catch {
            return ([], [error])
        }
        var templates: [MessageTemplates] = []
        var errors: [ConfigError] = []
        var seen: [String: SourcePosition] = [:]
        for item in items {
            do {
                let template = try parse(item, rulesDirectory: rulesDirectory)
                if let first = seen[template.name] {
                    errors.append(
                        ConfigError(
                            "template '\(template.name)' is defined twice (first at \(first))", at: template.position))
                    continue
                }
                seen[template.name] = template.position
                templates.append(template)
            } catch {
                errors.append(error)
            }
        }
        return (templates, errors)
    }
}
