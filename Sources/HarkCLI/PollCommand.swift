import ArgumentParser
import Foundation
import HarkCore
import HarkHTTP
import HarkListen
import HarkState
import Logging

/// `hark poll`: fetch connectors and print the new mentions, for checking a connector by hand.
struct PollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Fetch connectors and print new mentions as JSON lines.",
        discussion: """
            Each mention is printed once: what was printed before (in this state directory) is not \
            printed again. Failing connectors are reported on stderr with their name, URL and reason. \
            Without --once, keeps polling on each connector's schedule until interrupted.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var stateOptions: StateOptions
    @OptionGroup var logOptions: LogOptions

    @Flag(name: .long, help: "Poll every enabled connector once, then exit.")
    var once = false

    @Option(name: .customLong("connector"), help: "Poll only this connector (repeatable; may name a disabled one).")
    var connectors: [String] = []

    func run() async throws {
        StderrLogHandler.bootstrap(level: logOptions.logLevel)
        let logger = Logger(label: "hark")
        let catalog = ConnectorCatalog.load(configDirectory: configOptions.directory)
        for error in catalog.errors { printError(error.description) }
        let selected = catalog.enabled(named: Set(connectors))
        let unknown = Set(connectors).subtracting(catalog.connectors.map(\.definition.name))
        for name in unknown.sorted() { printError("hark: no connector named '\(name)'") }
        if selected.isEmpty {
            printError("hark: no enabled connectors in \(configOptions.directory)/connectors")
            throw ExitStatus.configurationError
        }
        let store: StateStore
        do {
            try FileManager.default.createDirectory(atPath: stateOptions.directory, withIntermediateDirectories: true)
            store = try StateStore(directory: stateOptions.directory)
        } catch {
            printError("hark: \(error)")
            throw ExitStatus.configurationError
        }
        let http = CurlDriver()
        defer { http.shutdown() }
        // `poll` is the consumer of what it prints, so nothing is queued for a pipeline.
        let poller = Poller(http: http, store: store, logger: logger, queuesMentions: false)
        let output = MentionOutput()

        if once {
            var summary = PollSummary()
            await poller.pollAll(selected) { report in
                output.emit(report)
                summary.add(report)
            }
            printError(summary.description)
            forgetOldSightings(store, logger: logger)
        } else {
            try await pollForever(selected, poller: poller, output: output)
        }
        if !catalog.errors.isEmpty || !unknown.isEmpty { throw ExitStatus.configurationError }
    }

    /// Polls each connector when it is due, until the task is cancelled (Ctrl-C).
    private func pollForever(_ connectors: [any Connector], poller: Poller, output: MentionOutput) async throws {
        var due: [String: Date] = [:]
        var lastPrune = Date.distantPast
        while !Task.isCancelled {
            let now = Date()
            let ready = connectors.filter { (due[$0.definition.name] ?? .distantPast) <= now }
            if !ready.isEmpty {
                await poller.pollAll(ready) { report in
                    output.emit(report)
                    due[report.connector] = report.state?.nextDue ?? now.addingTimeInterval(60)
                }
                if now.timeIntervalSince(lastPrune) > 3600 {
                    forgetOldSightings(poller.store, logger: poller.logger)
                    lastPrune = now
                }
            }
            let next = due.values.min() ?? now.addingTimeInterval(1)
            let wait = min(max(next.timeIntervalSinceNow, 0.2), 60)
            try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }
}

/// How long hark remembers a mention it no longer sees at its source. An item still listed by its
/// source is re-sighted on every poll and never forgotten, so this only bounds the memory of items
/// that have scrolled off.
let seenRetention: TimeInterval = 90 * 24 * 3600

/// Bounded retention of the seen set, so the state does not grow forever.
func forgetOldSightings(_ store: StateStore, logger: Logger) {
    do {
        _ = try store.pruneSeen(olderThan: Date().addingTimeInterval(-seenRetention))
    } catch {
        logger.error("cannot prune seen mentions", metadata: ["error": "\(error)"])
    }
}

/// Prints mentions on stdout and problems on stderr, the way `poll` promises.
struct MentionOutput {
    func emit(_ report: Poller.Report) {
        var text = ""
        for mention in report.newMentions { text += mention.jsonLine + "\n" }
        if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
        if let failure = report.failure { printError("hark: \(failure)") }
    }

}

/// Counts for the line `poll --once` ends with.
struct PollSummary: CustomStringConvertible {
    var connectors = 0
    var new = 0
    var unchanged = 0
    var failed = 0

    mutating func add(_ report: Poller.Report) {
        connectors += 1
        new += report.newMentions.count
        if report.notModified { unchanged += 1 }
        if report.failure != nil { failed += 1 }
    }

    var description: String {
        "hark: polled \(connectors) connector\(connectors == 1 ? "" : "s"): \(new) new mention\(new == 1 ? "" : "s"), "
            + "\(unchanged) not modified, \(failed) failed"
    }
}
