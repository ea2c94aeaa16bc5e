/// Owns every curl handle and runs all transfers on libcurl's multi interface on one thread.
public final class CurlDriver: Sendable {
    /// How many transfers run at once, overall and per host.
    public struct Configuration: Sendable {
        public var userAgent: String
        public var maxTransfers: Int
        public var maxTransfersPerHost: Int
        public init(userAgent: String = "hark", maxTransfers: Int = 256, maxTransfersPerHost: Int = 8) {
            self.userAgent = userAgent
            self.maxTransfers = maxTransfers
            self.maxTransfersPerHost = maxTransfersPerHost
        }
    }

    public init(configuration: Configuration = Configuration()) {
        fatalError("not implemented")
    }

    /// Runs one transfer. Any HTTP status is a response; only transport failures throw.
    public func perform(_ request: HTTPRequest) async throws(TransferError) -> HTTPResponse {
        fatalError("not implemented")
    }

    /// Stops the driver thread; transfers still running fail with `.shutdown`.
    public func shutdown() {}
}
