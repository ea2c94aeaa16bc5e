/// Where the daemon's HTTP endpoint listens: `HOST:PORT` (`[::1]:9464` for IPv6), or nowhere.
///
/// Loopback by default because `/metrics` and `/status` name every connector and receiver: an
/// operator who wants them on the network says so explicitly (and puts a proxy in front).
public struct EndpointAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    /// 0 picks a free port (tests); the bound port is logged.
    public var port: Int

    /// The default, `127.0.0.1:9464` (the port Prometheus's exporter list gives hark's neighbours
    /// least often).
    public static let standard = EndpointAddress(host: "127.0.0.1", port: 9464)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT`, `[V6]:PORT` or `:PORT` (loopback); nil for `off`, `none` or `false`.
    /// Throws a message naming what is wrong.
    public static func parse(_ text: String) throws(InvalidEndpointAddress) -> EndpointAddress? {
        if ["off", "none", "false", "no"].contains(text.lowercased()) { return nil }
        guard let colon = text.lastIndex(of: ":") else {
            throw InvalidEndpointAddress(text: text, reason: "expected HOST:PORT or off")
        }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw InvalidEndpointAddress(text: text, reason: "the port must be a number from 0 to 65535")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        return EndpointAddress(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// An `--http` value that is not an address.
public struct InvalidEndpointAddress: Error, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String { "invalid --http address '\(text)': \(reason)" }
}
