import ArgumentParser
import Foundation
import HarkCore
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
            if json {
                print(JSONWriter.string(.array(themes.map(\.json))))
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
                    print("  shipped \(Timestamp.rfc3339(shipped)): \(theme.shipMessage ?? "")")
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
            abstract: "Mark a theme shipped and queue the note to everyone who asked.",
            discussion: """
                Records the theme as shipped in the state and routes a `theme-shipped` alert (with every \
                asker: author, url, connector) through the routing tree; the notifications go into the \
                durable outbox, from which the daemon delivers them once.
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
            let shipped: (alert: Alert, notifications: [AlertNotification])
            do {
                shipped = try pipeline.ship(theme: id, message: message, at: now)
            } catch {
                printError("hark: no theme '\(self.id)' in \(stateOptions.directory) (see `hark themes --all`)")
                throw ExitStatus.configurationError
            }
            try store.shipTheme(id, message: message, at: now)
            // Ship notifications are sent at once, not held for a group's wait.
            var notifications = shipped.notifications + pipeline.finish()
            notifications = notifications.filter { $0.alerts.contains { $0.id == shipped.alert.id } }
            let askers = try store.themeAskers(id)
            for notification in notifications {
                try store.enqueueOutbox(
                    OutboxRecord(
                        receiver: notification.receiver, id: notification.id, payload: notification.jsonText,
                        createdAt: now, expiresAt: now.addingTimeInterval(7 * 86_400)))
            }
            print("theme \(id) shipped: \(askers.count) asker\(askers.count == 1 ? "" : "s") to tell")
            if notifications.isEmpty {
                print("no route takes theme-shipped alerts: add one (match: { kind: theme-shipped }) to tell the askers")
            }
            for notification in notifications { print("queued for \(notification.receiver) (\(notification.id))") }
        }
    }
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
