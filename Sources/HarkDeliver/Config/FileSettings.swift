import HarkCore

/// A `file:` receiver: appends each notification as one JSON line, for audits.
///
/// ```yaml
/// - name: audit
///   file: { path: audit/notifications.jsonl }   # relative to the state directory
/// ```
///
/// A batch of notifications is written and then synced to disk once, before any is marked delivered.
public struct FileSettings: Sendable {
    /// The path as written.
    public var path: String

    public init(path: String) { self.path = path }

    static func parse(_ node: ConfigNode) throws(ConfigError) -> FileSettings {
        var mapping = try node.mapping("file")
        let pathNode = try mapping.required("path")
        let path = try pathNode.string("path")
        guard !path.isEmpty, !path.contains("\0") else {
            throw ConfigError("file receiver needs a path", at: pathNode.position)
        }
        try mapping.rejectUnknownKeys()
        return FileSettings(path: path)
    }
}
