public import HarkCore
public import HarkLearn
public import HarkListen
public import HarkRules

/// One complete, checked configuration: the enabled connectors, the merged rules and the
/// classifier compiled from them.
///
/// The daemon only ever runs on a configuration that passed every check `hark check` makes, so a
/// typo in a file being edited can never take a running daemon down: a reload that fails leaves
/// the previous `LoadedConfiguration` in place.
public struct LoadedConfiguration: Sendable {
    /// Increases with every configuration swapped in, so a service can tell it is out of date.
    public let generation: Int
    /// The connectors to poll (disabled ones are left out).
    public let connectors: [any Connector]
    public let rules: RuleSet
    public let classifier: Classifier
    /// Lint warnings: suspicious but valid rules, logged at load.
    public let warnings: [ConfigError]

    /// Reads and checks `connectors/` and `rules/` under `configDirectory`, the way `hark check`
    /// does, and compiles the classifier.
    public static func load(
        configDirectory: String, generation: Int
    ) -> Result<LoadedConfiguration, ConfigurationRejected> {
        let catalog = ConnectorCatalog.load(configDirectory: configDirectory)
        var errors = catalog.errors
        let (rules, ruleErrors) = RuleSet.load(configDirectory: configDirectory)
        errors += ruleErrors
        var classifier: Classifier?
        if ruleErrors.isEmpty {
            do {
                classifier = try rules.makeClassifier()
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty, let classifier else { return .failure(ConfigurationRejected(errors: errors)) }
        return .success(
            LoadedConfiguration(
                generation: generation, connectors: catalog.enabled(), rules: rules, classifier: classifier,
                warnings: rules.warnings))
    }
}

/// A configuration that failed its checks: every error, each as `FILE:LINE:COL: message`.
public struct ConfigurationRejected: Error, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(errors: [ConfigError]) {
        self.errors = errors
    }

    public var description: String {
        "\(errors.count) configuration error\(errors.count == 1 ? "" : "s"): "
            + errors.map(\.description).joined(separator: "; ")
    }
}
