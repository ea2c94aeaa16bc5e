public import HarkCore

extension RouteTree {
    /// Every route that names a receiver not in `known`, as an error at the name (with a
    /// suggestion), for `hark check` once the `receivers:` section is read.
    public func unknownReceivers(known: Set<String>) -> [ConfigError] {
        nodes.compactMap { node in
            guard let position = node.receiverPosition, !known.contains(node.receiver) else { return nil }
            var message = "unknown receiver '\(node.receiver)'"
            if let suggestion = Spelling.closest(to: node.receiver, among: known.sorted()) {
                message += "; did you mean '\(suggestion)'?"
            } else if !known.isEmpty {
                message += " (receivers: \(known.sorted().joined(separator: ", ")))"
            } else {
                message += " (no receivers are defined)"
            }
            return ConfigError(message, at: position)
        }
    }
}
