import Foundation
import HarkCore

/// Reads a secret written as one of `NAME_file`, `NAME_env` (or, where allowed, `NAME` itself).
///
/// Receivers name their secrets by key suffix rather than with the `{ env: … }` mapping connectors
/// use, because a receiver block is one line in a YAML flow mapping and `url_file: /run/credentials/…`
/// reads better there. The secret itself is read at delivery time, so a rotated credential file is
/// picked up without a reload, and a missing one fails that delivery (retried), not the whole config.
enum SecretKeys {
    /// The secret under `base`, `base_file` or `base_env`; exactly one may be given.
    ///
    /// `literal` says whether `base` itself may hold the value in the rule file. When it may not, the
    /// error explains why and never repeats the value.
    static func read(
        _ base: String, from mapping: inout ConfigMapping, literal: Bool, what: String
    ) throws(ConfigError) -> SecretValue? {
        var found: [(key: String, value: SecretValue)] = []
        if let node = mapping.optional(base) {
            guard literal else {
                throw ConfigError(
                    "\(what) is a secret and must not be written in a rule file; "
                        + "use \(base)_file (e.g. a systemd credential) or \(base)_env",
                    at: node.position)
            }
            found.append((base, SecretValue(.literal(try node.string(base)), at: node.position)))
        }
        if let node = mapping.optional(base + "_file") {
            found.append((base + "_file", SecretValue(.file(try nonEmpty(node, base + "_file")), at: node.position)))
        }
        if let node = mapping.optional(base + "_env") {
            found.append(
                (base + "_env", SecretValue(.environment(try nonEmpty(node, base + "_env")), at: node.position)))
        }
        if found.count > 1 {
            throw ConfigError(
                "give only one of \(found.map(\.key).joined(separator: ", ")) for \(what)", at: found[1].value.position)
        }
        return found.first?.value
    }

    private static func nonEmpty(_ node: ConfigNode, _ key: String) throws(ConfigError) -> String {
        let text = try node.string(key)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigError("\(key) is empty", at: node.position)
        }
        return text
    }
}
