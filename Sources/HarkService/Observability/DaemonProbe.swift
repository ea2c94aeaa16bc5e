import Foundation
import HarkCore
import HarkDeliver
import HarkEndpoint
import HarkListen
import HarkState

/// Answers the endpoint's questions from what the daemon's services already keep: loop beats,
/// the configuration in force, the state store, the health board and the outbox.
struct DaemonProbe: EndpointProbe {
    let settings: DaemonSettings
    let live: LiveConfiguration
    let store: StateStore
    let slot: OutboxSlot
    let progress: LoopProgress
    let board: DaemonBoard
    let healthBoard: HealthBoard
    let sampler: MetricsSampler

    func health() -> ProbeResult {
        let turning = progress.allTurning(within: settings.stallLimit)
        var loops: [(key: String, value: JSONValue)] = []
        for (loop, age) in progress.ages().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            loops.append((loop.rawValue, age.map { .number(($0.seconds * 10).rounded() / 10) } ?? .null))
        }
        return ProbeResult(
            passing: turning,
            detail: .object(
                JSONObject([
                    ("status", .string(turning ? "ok" : "stalled")),
                    ("seconds_since_loop_turned", .object(JSONObject(loops))),
                    ("stall_limit_seconds", .number(settings.stallLimit.seconds)),
                ])))
    }

    func readiness() -> ProbeResult {
        let ready = board.isReady
        let status = ready ? "ready" : (board.isStopping ? "stopping" : "starting")
        return ProbeResult(
            passing: ready,
            detail: .object(
                JSONObject([("status", .string(status)), ("generation", .number(Double(live.current.generation)))])))
    }

    func willRenderMetrics() {
        sampler.sample()
    }

    func status() -> JSONValue {
        let now = Date()
        let configuration = live.current
        let states = Dictionary(((try? store.sourceStates()) ?? []).map { ($0.connector, $0) }) { first, _ in first }
        let watches = healthBoard.watches
        let connectors: [JSONValue] = configuration.connectors.map { connector in
            let definition = connector.definition
            let state = states[definition.name]
            let watch = watches[definition.name]
            var members: [(key: String, value: JSONValue)] = [
                ("name", .string(definition.name)), ("type", .string(definition.type)),
                ("url", definition.url.map { .string(Self.publicURL($0)) } ?? .null),
                ("every_seconds", .number(definition.every.seconds)),
                ("health", .string(watch.map { $0.isHealthy ? "ok" : "blind" } ?? "unknown")),
                ("problem", watch?.problem.map { .string($0.rawValue) } ?? .null),
                ("problem_since", Self.time(watch?.problemSince)),
                ("expect_every_seconds", watch?.expectation.map { .number($0.rounded()) } ?? .null),
                ("last_success", Self.time(state?.lastSuccess)),
                ("last_error", state?.lastError.map { .string($0) } ?? .null),
                ("last_error_at", Self.time(state?.lastErrorAt)),
                ("consecutive_failures", .number(Double(state?.consecutiveFailures ?? 0))),
                ("items", .number(Double(state?.lastItemCount ?? 0))),
                ("new_total", .number(Double(state?.totalNew ?? 0))),
                // How stale hark's view of the source is: time since the last successful poll.
                (
                    "lag_seconds",
                    state?.lastSuccess.map { .number(max(0, now.timeIntervalSince($0)).rounded()) } ?? .null
                ),
                ("last_new_item", Self.time(watch?.lastNewItem)),
                ("next_due", Self.time(state?.nextDue)),
            ]
            if state == nil { members.append(("polled", .bool(false))) }
            return .object(JSONObject(members))
        }
        let outbox = slot.current.metrics()
        let pending = (try? store.outboxCounts()) ?? [:]
        var receivers: [(key: String, value: JSONValue)] = []
        for name in Set(outbox.keys).union(pending.keys).sorted() {
            let metrics = outbox[name] ?? ReceiverMetrics()
            receivers.append(
                (
                    name,
                    .object(
                        JSONObject([
                            ("pending", .number(Double(pending[name]?.pending ?? 0))),
                            ("delivered", .number(Double(metrics.delivered))),
                            ("failed", .number(Double(metrics.failed))),
                            ("failed_attempts", .number(Double(metrics.failedAttempts))),
                            ("last_success", Self.time(metrics.lastSuccess)),
                            ("last_error", metrics.lastError.map { .string($0) } ?? .null),
                        ]))
                ))
        }
        let counters = progress.counters
        let blind = watches.values.filter { !$0.isHealthy }.map(\.connector).sorted()
        return .object(
            JSONObject([
                ("generation", .number(Double(configuration.generation))),
                ("ready", .bool(board.isReady)),
                ("listening_blind", .array(blind.map { .string($0) })),
                ("connectors", .array(connectors)),
                ("themes", board.themes),
                (
                    "queues",
                    .object(
                        JSONObject([
                            ("inbox", .number(Double((try? store.inboxCount()) ?? 0))),
                            (
                                "outbox",
                                .object(
                                    JSONObject(
                                        pending.keys.sorted().map { ($0, .number(Double(pending[$0]?.pending ?? 0))) }))
                            ),
                        ]))
                ),
                ("receivers", .object(JSONObject(receivers))),
                (
                    "counters",
                    .object(
                        JSONObject([
                            ("polls", .number(Double(counters.polls))),
                            ("poll_failures", .number(Double(counters.pollFailures))),
                            ("fetched", .number(Double(counters.fetched))),
                            ("processed", .number(Double(counters.processed))),
                            ("notifications", .number(Double(counters.notifications))),
                        ]))
                ),
            ]))
    }

    private static func time(_ date: Date?) -> JSONValue {
        date.map { .string(Timestamp.rfc3339($0)) } ?? .null
    }

    /// Scheme, host and port only: a URL's path and query may carry a token.
    static func publicURL(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host
        else { return "(unparsable URL)" }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }
}
