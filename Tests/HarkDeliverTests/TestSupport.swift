import Foundation
import HarkCore
import HarkDeliver
import HarkHTTP
import HarkState
import Testing

/// Builds positioned configuration nodes the way the YAML loader would, one line per entry, so
/// parse errors can be checked for their exact position without a YAML dependency in this target.
struct ConfigBuilder {
    var file = "rules/receivers.yaml"

    func position(_ line: Int, _ column: Int) -> SourcePosition {
        SourcePosition(file: file, line: line, column: column)
    }

    func scalar(_ text: String, line: Int, column: Int = 10) -> ConfigNode {
        ConfigNode(.scalar(text), at: position(line, column))
    }

    /// A mapping whose entries sit on consecutive lines from `line`, keys at `column`.
    func mapping(_ entries: [(String, Any)], line: Int, column: Int = 5) -> ConfigNode {
        var built: [ConfigNode.Entry] = []
        var current = line
        for (key, value) in entries {
            let node = self.node(value, line: current, column: column + key.count + 2)
            built.append(ConfigNode.Entry(key: key, keyPosition: position(current, column), value: node))
            current += 1
        }
        return ConfigNode(.mapping(built), at: position(line, column))
    }

    func node(_ value: Any, line: Int, column: Int) -> ConfigNode {
        switch value {
        case let node as ConfigNode: return node
        case let text as String: return scalar(text, line: line, column: column)
        case let entries as [(String, Any)]: return mapping(entries, line: line, column: column)
        case let items as [String]:
            return ConfigNode(
                .sequence(items.map { scalar($0, line: line, column: column + 1) }), at: position(line, column))
        default: fatalError("unsupported test value \(value)")
        }
    }

    func list(_ items: [ConfigNode], line: Int = 1) -> ConfigNode {
        ConfigNode(.sequence(items), at: position(line, 1))
    }
}

/// A fresh directory, removed after the test.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("hark-deliver-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory)
}

/// A reproducible generator (SplitMix64) for jitter.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A payload in the SPEC shape with one mention alert.
func mentionPayload(
    receiver: String = "team", text: String = "CineClub charged me twice & nobody answers <b>!!!</b>",
    author: String = "dana", url: String = "https://reviews.example.com/r/42?a=1&b=2"
) -> JSONValue {
    [
        "receiver": .string(receiver), "group_key": "{}:{connector=\"appstore\"}", "status": "firing",
        "alerts": [
            [
                "id": "alert-1", "kind": "mention",
                "labels": ["topic": "billing", "sentiment": "negative"],
                "mention": [
                    "id": "r42", "connector": "appstore", "source": "appstore", "url": .string(url),
                    "author": .string(author), "text": .string(text), "published_at": "2025-06-03T14:05:09Z",
                ],
                "fired_at": "2025-06-03T14:06:00Z",
            ]
        ],
    ]
}

/// A spike alert payload.
func spikePayload(receiver: String = "product") -> JSONValue {
    [
        "receiver": .string(receiver), "group_key": "spike", "status": "firing",
        "alerts": [
            [
                "id": "spike-1", "kind": "spike", "labels": ["kind": "spike"],
                "spike": [
                    "selector": "sentiment:negative", "window": "15m", "count": 12, "baseline": 1.5, "ratio": 8.0,
                    "authors": 11, "top_terms": ["check in", "locked"],
                    "samples": [
                        [
                            "id": "s1", "connector": "reddit", "author": "kai", "text": "card locked again",
                            "url": "https://reddit.example/s1",
                        ]
                    ],
                ],
                "fired_at": "2025-06-03T14:06:00Z",
            ]
        ],
    ]
}

func notification(_ id: String, receiver: String = "team", payload: JSONValue? = nil) -> OutgoingNotification {
    OutgoingNotification(
        id: id, receiver: receiver, payload: payload ?? mentionPayload(receiver: receiver), createdAt: Date())
}

/// A retry policy fast enough for tests that go through real failures.
let quickRetry = RetryPolicy(initialDelay: .milliseconds(50), maxDelay: .milliseconds(200), expireAfter: .seconds(3600))

/// Runs the outbox in a task for the duration of `body`, then stops it.
func running<T>(_ outbox: Outbox, _ body: () async throws -> T) async rethrows -> T {
    let task = Task { await outbox.run() }
    defer { task.cancel() }
    let result = try await body()
    task.cancel()
    await task.value
    return result
}

/// Waits until `condition` holds. The limit is a safety net against a hang (a failure is recorded),
/// far above any expected time, not a performance claim.
func eventually(
    _ what: String, limit: Duration = .seconds(120), _ condition: () throws -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async rethrows {
    let deadline = ContinuousClock.now + limit
    while try !condition() {
        if ContinuousClock.now > deadline {
            Issue.record("gave up waiting: \(what)", sourceLocation: sourceLocation)
            return
        }
        try? await Task.sleep(for: .milliseconds(20))
    }
}

/// One curl driver for the whole test target, as the daemon has one.
enum CurlDriverHolder {
    static let shared = CurlDriver()
}
