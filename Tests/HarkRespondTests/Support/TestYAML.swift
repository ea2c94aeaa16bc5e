import HarkConfig
import HarkCore

/// Rule snippets in tests read through the real YAML loader, so positions in expected errors are
/// the ones `hark check` prints.
enum TestYAML {
    static func parse(_ text: String, file: String = "rules/route.yaml") -> ConfigNode {
        do {
            return try YAMLLoader.parse(text, file: file)
        } catch {
            fatalError("test YAML does not parse: \(error)")
        }
    }
}
