import Foundation
import Metrics
public import Prometheus
import Synchronization

/// Every number hark exports at `/metrics`, recorded through swift-metrics into a Prometheus
/// registry of its own.
///
/// The registry is per instance rather than swift-metrics' global bootstrap, so tests and several
/// daemons in one process never count into each other; the methods name what happened in hark's
/// terms (a poll, a delivery) so the daemon never spells a metric name. Handles are cached by name
/// and labels because a swift-metrics object per increment would cost an allocation on every poll.
///
/// Cardinality stays bounded by the configuration: labels are connector, receiver and rule-defined
/// label values (topic names), never mention text or ids.
public final class HarkMetrics: Sendable {
    /// The metric families, so the daemon and the tests agree on names.
    public enum Name {
        public static let polls = "hark_polls_total"
        public static let fetchErrors = "hark_fetch_errors_total"
        public static let mentions = "hark_mentions_total"
        public static let mentionLabels = "hark_mention_labels_total"
        public static let inboxDepth = "hark_inbox_depth"
        public static let outboxDepth = "hark_outbox_depth"
        public static let notificationsSent = "hark_notifications_sent_total"
        public static let notificationsFailed = "hark_notifications_failed_total"
        public static let deliveryAttemptsFailed = "hark_delivery_attempts_failed_total"
        public static let reloads = "hark_config_reloads_total"
        public static let healthAlerts = "hark_health_alerts_total"
        public static let connectorHealthy = "hark_connector_healthy"
        public static let latency = "hark_end_to_end_latency_seconds"
    }

    /// Latency buckets: a poll interval of seconds to minutes, then the long tail of a source that
    /// lists items late or a receiver that was down.
    public static let latencyBuckets: [Duration] = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 900, 3600, 4 * 3600, 86400]
        .map { .seconds($0) }

    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[Key: Metrics.Counter]>([:])
    private let gauges = Mutex<[Key: Metrics.Gauge]>([:])
    private let latencyTimer: Metrics.Timer

    private struct Key: Hashable {
        var name: String
        var labels: [String]
    }

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Name.latency] = Self.latencyBuckets
        self.factory = factory
        latencyTimer = Metrics.Timer(label: Name.latency, dimensions: [], factory: factory)
        // Families that must show up before the first event, so a dashboard sees zeros, not gaps.
        for outcome in ["ok", "rejected"] { count(Name.reloads, ["outcome": outcome], by: 0) }
        gauge(Name.inboxDepth, [:], 0)
    }

    /// One poll of `connector` finished, successfully or not.
    public func polled(connector: String, failed: Bool) {
        count(Name.polls, ["connector": connector])
        count(Name.fetchErrors, ["connector": connector], by: failed ? 1 : 0)
    }

    /// A mention was processed with these labels (`topic` → `billing`, `sentiment` → `negative`, …).
    public func mentionProcessed(connector: String, labels: [(name: String, value: String)]) {
        count(Name.mentions, ["connector": connector])
        for label in labels { count(Name.mentionLabels, ["label": label.name, "value": label.value]) }
    }

    /// Mentions fetched and waiting to be processed.
    public func inboxDepth(_ depth: Int) {
        gauge(Name.inboxDepth, [:], depth)
    }

    /// Notifications waiting for `receiver`.
    public func outboxDepth(_ depth: Int, receiver: String) {
        gauge(Name.outboxDepth, ["receiver": receiver], depth)
    }

    /// What a receiver's lane did since the last call: accepted, given up, failed attempts.
    public func delivery(receiver: String, sent: Int, failed: Int, failedAttempts: Int) {
        count(Name.notificationsSent, ["receiver": receiver], by: sent)
        count(Name.notificationsFailed, ["receiver": receiver], by: failed)
        count(Name.deliveryAttemptsFailed, ["receiver": receiver], by: failedAttempts)
    }

    /// A reload was tried (SIGHUP or a file change).
    public func reloaded(ok: Bool) {
        count(Name.reloads, ["outcome": ok ? "ok" : "rejected"])
    }

    /// A health alert was raised about `connector` (`problem` is `failing`, `stale`, `shape` or
    /// `recovered`), and whether the connector is healthy now.
    public func health(connector: String, problem: String, healthy: Bool) {
        count(Name.healthAlerts, ["connector": connector, "problem": problem])
        gauge(Name.connectorHealthy, ["connector": connector], healthy ? 1 : 0)
    }

    /// Sets whether `connector` looks healthy, without an alert (at start and after a reload).
    public func connectorHealthy(_ connector: String, _ healthy: Bool) {
        gauge(Name.connectorHealthy, ["connector": connector], healthy ? 1 : 0)
    }

    /// One mention reached a receiver `seconds` after it was published.
    public func endToEndLatency(seconds: Double) {
        latencyTimer.recordNanoseconds(Int64(max(0, min(seconds, 1e9)) * 1e9))
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func exposition() -> String {
        registry.emitToString()
    }

    private func count(_ name: String, _ labels: KeyValuePairs<String, String>, by amount: Int = 1) {
        let pairs = labels.map { ($0.key, $0.value) }
        let key = Key(name: name, labels: pairs.flatMap { [$0.0, $0.1] })
        let counter = counters.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Metrics.Counter(label: name, dimensions: pairs, factory: factory)
            cache[key] = counter
            return counter
        }
        if amount > 0 { counter.increment(by: amount) }
    }

    private func gauge(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: Int) {
        let pairs = labels.map { ($0.key, $0.value) }
        let key = Key(name: name, labels: pairs.flatMap { [$0.0, $0.1] })
        let gauge = gauges.withLock { cache in
            if let gauge = cache[key] { return gauge }
            let gauge = Metrics.Gauge(label: name, dimensions: pairs, factory: factory)
            cache[key] = gauge
            return gauge
        }
        gauge.record(value)
    }
}
