import ArgumentParser
import Foundation
import HarkCore
import HarkDeliver
import HarkLearn
import HarkPipeline
import HarkRespond
import HarkRules
import HarkState

/// `hark themes`: the demand themes hark has gathered, from the state.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List demand themes: label, distinct askers, mentions, growth, status, sample texts.",
        discussion: """
            Themes are read from the state directory, where `hark run` keeps them (and `hark replay \
            --state DIR` seeds them from history). Themes still forming (fewer distinct askers than \
            themes.settings.min_authors) are shown with --all.
            """,
        subcommands: [List.self, Ship.self],
        defaultSubcommand: List.self
    )

    /// `hark themes [list]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List demand themes.")

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var stateOptions: StateOptions
        @Flag(help: "Print the themes as JSON (one array).") var json = false
        @Flag(help: "Include themes still forming.") var all = false
        @Option(help: "Show at most this many themes.") var limit: Int?

        func run() throws {
            let engine = try loadEngine(configOptions, stateOptions)
            var themes = all ? engine.themes.sorted { ($0.authors, $0.mentions) > ($1.authors, $1.mentions) } : engine.reportedThemes
            if let limit { themes = Array(themes.prefix(max(0, limit))) }
            let loop = try loopCounts(themes.map(\.id), stateOptions)
            if json {
                print(
                    JSONWriter.string(
                        .array(
                            themes.map { theme in
                                var object = theme.json.objectValue ?? JSONObject()
                                let counts = loop[theme.id] ?? (0, 0)
                                object["asked"] = .number(Double(counts.asked))
                                object["notified"] = .number(Double(counts.notified))
                                return .object(object)
                            })))
                return
            }
            if themes.isEmpty {
                print("no themes yet" + (all ? "" : " (--all shows themes still forming)"))
                return
            }
            for theme in themes {
                let growth = String(format: "×%.1f", theme.growth)
                print("\(theme.id)  \"\(theme.label)\"  \(theme.status.rawValue)")
                print(
                    "  \(theme.authors) asker\(theme.authors == 1 ? "" : "s"), \(theme.mentions) mention\(theme.mentions == 1 ? "" : "s"), "
                        + "growth \(growth), first \(theme.firstSeen.map(Timestamp.rfc3339) ?? "-"), "
                        + "last \(theme.lastSeen.map(Timestamp.rfc3339) ?? "-")")
                if let shipped = theme.shippedAt {
                    let counts = loop[theme.id] ?? (0, 0)
                    print("  shipped \(Timestamp.rfc3339(shipped)): \(theme.shipMessage ?? "")")
                    print("  told \(counts.notified) of \(counts.asked) people who asked")
                }
                for sample in theme.samples.prefix(3) {
                    print("  · \(sample.count > 120 ? String(sample.prefix(119)) + "…" : sample)")
                }
            }
        }
    }

    /// `hark themes ship ID --message TEXT`.
    struct Ship: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ship",
            abstract: "Mark a theme shipped and tell everyone who asked, once each.",
            discussion: """
                Records the theme as shipped in the state and queues, in the durable outbox, one \
                `theme-shipped` notification per person who asked (with links to their posts) for each \
                receiver the routing tree sends the theme's shipped alerts to; an e-mail receiver gets one \
                message listing everyone instead. Each person is recorded as told, so running this again \
                tells only people not told yet, and the daemon tells people who ask after the theme shipped.
                """
        )

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var stateOptions: StateOptions
        @Argument(help: "The theme's id (see `hark themes`).") var id: String
        @Option(help: "What shipped, in words the askers will read.") var message: String

        func run() throws {
            let (ruleSet, _) = try loadClassifier(configOptions)
            let store = try openState(stateOptions)
            guard let snapshot = try store.loadThemes() else {
                printError("hark: no themes in \(stateOptions.directory)")
                throw ExitStatus.configurationError
            }
            var pipeline = Pipeline(rules: ruleSet, themes: snapshot)
            let id = pipeline.themes.currentID(of: self.id)
            let now = Date()
            guard let before = pipeline.themes.themes.first(where: { $0.id == id }) else {
                printError("hark: no theme '\(self.id)' in \(stateOptions.directory) (see `hark themes --all`)")
                throw ExitStatus.configurationError
            }
            // Shipping again with the same message only tells the people not told yet; a new
            // message is a correction and is recorded (people already told are not told twice).
            if before.shippedAt == nil || before.shipMessage != message {
                _ = try? pipeline.ship(theme: id, message: message, at: now)
                try store.shipTheme(id, message: message, at: now)
            }
            guard let theme = pipeline.themes.themes.first(where: { $0.id == id }) else { return }
            guard let tree = ruleSet.route else {
                print("theme \(id) shipped; no route: section, so nobody is told")
                return
            }
            let closer = LoopCloser(store: store, tree: tree, delivery: ruleSet.delivery)
            let report = try closer.tell(theme: theme, at: now) { notification in
                let expiry = ruleSet.delivery.receiver(named: notification.receiver)?.retry.expireAfter ?? .seconds(86_400)
                try store.enqueueOutbox(
                    OutboxRecord(
                        receiver: notification.receiver, id: notification.id, payload: notification.payload.description,
                        createdAt: now, expiresAt: now.addingTimeInterval(Double(expiry.components.seconds))))
            }
            print(
                "theme \(id) shipped: \(report.people) \(report.people == 1 ? "person" : "people") asked, "
                    + "\(report.told) told now, \(report.toldBefore) told before")
            if !report.routed {
                print("no route takes theme-shipped alerts: add one (match: { kind: theme-shipped }) to tell the askers")
            }
            for notification in report.notifications {
                print("queued for \(notification.receiver) (\(notification.id))")
            }
        }
    }
}

/// Per theme: how many distinct people asked, and how many of them were told it shipped.
func loopCounts(_ themes: [String], _ state: StateOptions) throws -> [String: (asked: Int, notified: Int)] {
    guard FileManager.default.fileExists(atPath: (state.directory as NSString).appendingPathComponent(StateStore.fileName))
    else { return [:] }
    let store = try openState(state)
    var counts: [String: (asked: Int, notified: Int)] = [:]
    for theme in themes {
        let records = try store.askerRecords(theme)
        let people = Set(records.map { AskerNotices.personKey($0.asker) })
        let told = Set(records.filter { $0.notifiedAt != nil }.map { AskerNotices.personKey($0.asker) })
        counts[theme] = (people.count, told.count)
    }
    return counts
}

/// Opens the state directory or exits 2 with the reason.
func openState(_ options: StateOptions) throws -> StateStore {
    try openState(directory: options.directory)
}

/// Opens the state in `directory` or exits 2 with the reason.
func openState(directory: String) throws -> StateStore {
    do {
        return try StateStore(directory: directory)
    } catch {
        printError("hark: \(error)")
        throw ExitStatus.configurationError
    }
}

/// The theme engine as the state left it, with the configuration's theme settings.
func loadEngine(_ config: ConfigOptions, _ state: StateOptions) throws -> ThemeEngine {
    let (ruleSet, errors) = RuleSet.load(configDirectory: config.directory)
    for error in errors { printError(error.description) }
    guard errors.isEmpty else { throw ExitStatus.configurationError }
    guard FileManager.default.fileExists(atPath: (state.directory as NSString).appendingPathComponent(StateStore.fileName)) else {
        return ThemeEngine(settings: ruleSet.themes)
    }
    let store = try openState(state)
    let snapshot = try store.loadThemes()
    return snapshot.map { ThemeEngine(settings: ruleSet.themes, restoring: $0) } ?? ThemeEngine(settings: ruleSet.themes)
}
