public import HarkCore

/// Every receiver and named template of a configuration, checked against each other.
///
/// The rule loader gathers `receivers:` and `templates:` from every rules file (each list read with
/// `ReceiverConfig.parseList` / `MessageTemplates.parseList`) and builds this once; it reports names
/// defined twice across files and receivers that name a template nobody defined.
public struct DeliveryConfiguration: Sendable {
    public private(set) var receivers: [ReceiverConfig]
    public private(set) var templates: [String: MessageTemplates]

    /// An empty configuration: no receivers.
    public init() {
        receivers = []
        templates = [:]
    }

    /// Checks and combines lists read from one or more files; errors name both places of a duplicate.
    public static func combine(
        receivers: [ReceiverConfig], templates: [MessageTemplates]
    ) -> (DeliveryConfiguration, [ConfigError]) {
        var configuration = DeliveryConfiguration()
        var errors: [ConfigError] = []
        for template in templates {
            if let first = configuration.templates[template.name] {
                errors.append(
                    ConfigError(
                        "template '\(template.name)' is defined twice (first at \(first.position))",
                        at: template.position))
                continue
            }
            configuration.templates[template.name] = template
        }
        var seen: [String: SourcePosition] = [:]
        for receiver in receivers {
            if let first = seen[receiver.name] {
                errors.append(
                    ConfigError(
                        "receiver '\(receiver.name)' is defined twice (first at \(first))", at: receiver.position))
                continue
            }
            if let name = receiver.template, configuration.templates[name] == nil {
                var message = "receiver '\(receiver.name)' uses template '\(name)', which is not defined"
                if let suggestion = Spelling.closest(to: name, among: configuration.templates.keys) {
                    message += "; did you mean '\(suggestion)'?"
                }
                errors.append(ConfigError(message, at: receiver.templatePosition ?? receiver.position))
                continue
            }
            seen[receiver.name] = receiver.position
            configuration.receivers.append(receiver)
        }
        return (configuration, errors)
    }

    /// The receiver called `name`.
    public func receiver(named name: String) -> ReceiverConfig? {
        receivers.first { $0.name == name }
    }
}
