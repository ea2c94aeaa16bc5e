public import HarkCore
import Foundation
import HarkConfig

/// Every connector configured in a configuration directory's `connectors/` folder.
///
/// Loading never stops at the first problem: each file is checked on its own, every error is
/// collected with its position, and the good connectors are still returned, so `hark check`
/// reports everything at once and a daemon can tell exactly which source it is not listening to.
public struct ConnectorCatalog: Sendable {
    public var connectors: [any Connector]
    public var errors: [ConfigError]

    /// The files a catalog reads: `*.yaml` and `*.yml` directly under `DIR/connectors`, by name.
    public static func files(in configDirectory: String) -> [String] {
        let folder = (configDirectory as NSString).appendingPathComponent("connectors")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.filter { !$0.hasPrefix(".") }
            .sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Loads and validates every connector file; `displayRoot` shortens paths in messages.
    public static func load(
        configDirectory: String, registry: ConnectorRegistry = .standard
    ) -> ConnectorCatalog {
        var connectors: [any Connector] = []
        var errors: [ConfigError] = []
        var firstDefinition: [String: SourcePosition] = [:]
        for path in files(in: configDirectory) {
            do throws(ConfigError) {
                let node = try YAMLLoader.load(path: path, displayName: ConfigPath.display(path, root: configDirectory))
                let definition = try ConnectorDefinition(node: node, configDirectory: configDirectory)
                if let earlier = firstDefinition[definition.name] {
                    throw ConfigError(
                        "connector '\(definition.name)' is already defined at \(earlier)", at: definition.position)
                }
                firstDefinition[definition.name] = definition.position
                connectors.append(try registry.make(definition))
            } catch {
                errors.append(error)
            }
        }
        return ConnectorCatalog(connectors: connectors, errors: errors)
    }

    /// The enabled connectors, optionally only those named.
    public func enabled(named names: Set<String> = []) -> [any Connector] {
        connectors.filter { names.isEmpty ? $0.definition.enabled : names.contains($0.definition.name) }
    }

}
