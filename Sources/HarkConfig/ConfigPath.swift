import Foundation

/// Paths as messages show them: relative to the configuration directory when the file is inside
/// it (`rules/topics.yaml:3:9`), so an error reads the same on every machine.
public enum ConfigPath {
    /// `path` relative to `root` when it lies under it, else `path` as given (standardized).
    public static func display(_ path: String, root: String) -> String {
        let standardizedRoot = (root as NSString).standardizingPath
        let standardized = (path as NSString).standardizingPath
        if standardizedRoot == "." || standardizedRoot.isEmpty {
            return standardized.hasPrefix("./") ? String(standardized.dropFirst(2)) : standardized
        }
        let prefix = standardizedRoot.hasSuffix("/") ? standardizedRoot : standardizedRoot + "/"
        return standardized.hasPrefix(prefix) ? String(standardized.dropFirst(prefix.count)) : standardized
    }
}
