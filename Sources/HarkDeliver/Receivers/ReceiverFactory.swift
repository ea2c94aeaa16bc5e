import Foundation
public import HarkHTTP
public import Logging

/// Builds the receivers of a configuration, with what they need from the daemon: the shared curl
/// driver, the directories relative paths resolve against, and a logger.
public struct ReceiverFactory: Sendable {
    public var driver: CurlDriver
    /// Where relative `exec` programs resolve and where they run (`--config DIR`).
    public var configDirectory: String
    /// Where relative `file` receiver paths resolve (`--state DIR`: writable under systemd).
    public var stateDirectory: String
    public var logger: Logger

    public init(driver: CurlDriver, configDirectory: String, stateDirectory: String, logger: Logger) {
        self.driver = driver
        self.configDirectory = configDirectory
        self.stateDirectory = stateDirectory
        self.logger = logger
    }

    /// Every receiver of `configuration`, and each one's retry policy by name, for `Outbox.init`.
    public func make(_ configuration: DeliveryConfiguration) -> (
        receivers: [any Receiver], policies: [String: RetryPolicy]
    ) {
        var receivers: [any Receiver] = []
        var policies: [String: RetryPolicy] = [:]
        for config in configuration.receivers {
            let templates = config.template.flatMap { configuration.templates[$0] }
            receivers.append(make(config, templates: templates))
            policies[config.name] = config.retry
        }
        return (receivers, policies)
    }

    /// One receiver; `templates` is its named template set, if any.
    public func make(_ config: ReceiverConfig, templates: MessageTemplates?) -> any Receiver {
        let receiver = makeLive(config, templates: templates)
        guard let digest = config.digest else { return receiver }
        return DigestingReceiver(inner: receiver, settings: digest)
    }

    private func makeLive(_ config: ReceiverConfig, templates: MessageTemplates?) -> any Receiver {
        switch config.kind {
        case .webhook(let settings):
            return WebhookReceiver(name: config.name, settings: settings, driver: driver)
        case .slack(let settings):
            return SlackReceiver(
                name: config.name, settings: settings, renderer: MessageRenderer(templates: templates), driver: driver,
                logger: logger)
        case .email(var settings):
            if let caFile = settings.caFile, !caFile.hasPrefix("/") {
                settings.caFile = (configDirectory as NSString).appendingPathComponent(caFile)
            }
            return EmailReceiver(
                name: config.name, settings: settings,
                renderer: MessageRenderer(templates: templates, subjectOverride: settings.subject), driver: driver,
                logger: logger)
        case .exec(let settings):
            return ExecReceiver(name: config.name, settings: settings, directory: configDirectory)
        case .file(let settings):
            let path =
                settings.path.hasPrefix("/")
                ? settings.path : (stateDirectory as NSString).appendingPathComponent(settings.path)
            return JSONLinesReceiver(name: config.name, destination: .file(path))
        case .stdout:
            return JSONLinesReceiver(name: config.name, destination: .descriptor(1))
        }
    }
}
