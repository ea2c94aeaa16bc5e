import ArgumentParser
import Foundation
import HarkCore
import HarkDeliver
import HarkRespond
import HarkState

/// `hark silence`: mute matching alerts for a while, from the command line (maintenance, a known
/// incident), without editing rule files. Kept in the state, so `hark run` (within seconds) and
/// `hark replay --state` honour them.
struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Add, list and expire silences kept in the state.",
        subcommands: [Add.self, List.self, Expire.self],
        defaultSubcommand: List.self
    )

    /// `hark silence add --match key=value … --for 2h --comment TEXT`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Silence alerts whose labels match, for a while.",
            discussion: """
                Every matcher must hold (labels: \(LabelName.allCases.map(\.rawValue).joined(separator: ", "))). \
                --match-re patterns are anchored, as in routes. Prints the silence's id.
                """)

        @OptionGroup var stateOptions: StateOptions
        @Option(
            name: .customLong("match"), help: ArgumentHelp("A label that must equal a value.", valueName: "label=value")
        )
        var equal: [String] = []
        @Option(
            name: .customLong("match-re"),
            help: ArgumentHelp("A label that must match a pattern.", valueName: "label=regex"))
        var regex: [String] = []
        @Option(
            name: .customLong("for"),
            help: ArgumentHelp("How long, from now or --start (30m, 2h, 1d).", valueName: "duration"))
        var duration: String?
        @Option(help: ArgumentHelp("Until this time (RFC 3339), instead of --for.", valueName: "time")) var until:
            String?
        @Option(help: ArgumentHelp("Start at this time (RFC 3339; default now).", valueName: "time")) var start: String?
        @Option(help: "Why, for whoever finds the silence later.") var comment: String
        @Option(help: "Who added it (default: $USER).") var author: String?

        func run() throws {
            var matchers: [LabelMatcher] = []
            for text in equal { matchers.append(try Self.matcher(text, option: "--match") { .equal($0, $1) }) }
            for text in regex {
                matchers.append(
                    try Self.matcher(text, option: "--match-re") { name, pattern in
                        do {
                            return try .regex(name, pattern)
                        } catch {
                            throw ValidationError("--match-re \(text): \(error)")
                        }
                    })
            }
            guard !matchers.isEmpty else { throw ValidationError("give at least one --match or --match-re") }
            let now = Date()
            let startsAt = try start.map { try Self.time($0, option: "--start") } ?? now
            let endsAt: Date
            switch (duration, until) {
            case (let text?, nil):
                guard let length = DurationText.parse(text), length > .zero else {
                    throw ValidationError("--for \(text): expected a duration such as 30m, 2h or 1d")
                }
                endsAt = startsAt.addingTimeInterval(length.seconds)
            case (nil, let text?):
                endsAt = try Self.time(text, option: "--until")
            default:
                throw ValidationError("give either --for or --until")
            }
            guard endsAt > startsAt else { throw ValidationError("the silence would end before it starts") }
            let createdBy = author ?? ProcessInfo.processInfo.environment["USER"]
            let silence = Silence(
                matchers: matchers, startsAt: startsAt, endsAt: endsAt, comment: comment, createdBy: createdBy)
            let store = try openState(stateOptions)
            try store.addSilence(
                StoredSilence(
                    id: silence.id, matchers: silence.matchersJSON, startsAt: startsAt, endsAt: endsAt,
                    comment: comment,
                    createdBy: createdBy, createdAt: now))
            print(silence.id)
        }

        static func matcher(
            _ text: String, option: String, _ make: (LabelName, String) throws -> LabelMatcher
        ) throws -> LabelMatcher {
            guard let equals = text.firstIndex(of: "=") else {
                throw ValidationError("\(option) \(text): expected label=value")
            }
            let key = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
            guard let name = LabelName(key) else {
                var message = "\(option) \(text): unknown label '\(key)'"
                if let close = Spelling.closest(to: key, among: LabelName.allCases.map(\.rawValue)) {
                    message += "; did you mean '\(close)'?"
                }
                throw ValidationError(message)
            }
            return try make(name, String(text[text.index(after: equals)...]))
        }

        static func time(_ text: String, option: String) throws -> Date {
            guard let date = Timestamp.parse(text) else {
                throw ValidationError("\(option) \(text): expected a time such as 2026-12-01T22:00:00Z")
            }
            return date
        }
    }

    /// `hark silence list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List silences in force or scheduled (--all: ended ones too).")

        @OptionGroup var stateOptions: StateOptions
        @Flag(help: "Print the silences as JSON (one array).") var json = false
        @Flag(help: "Include silences that have ended.") var all = false

        func run() throws {
            let now = Date()
            let stored: [StoredSilence]
            if FileManager.default.fileExists(
                atPath: (stateOptions.directory as NSString).appendingPathComponent(StateStore.fileName))
            {
                stored = try openState(stateOptions).silences(endingAfter: all ? nil : now)
            } else {
                stored = []
            }
            if json {
                print(JSONWriter.string(.array(stored.map { Self.json($0, now: now) })))
                return
            }
            if stored.isEmpty {
                print("no silences" + (all ? "" : " in force or scheduled (--all shows ended ones)"))
                return
            }
            for silence in stored {
                let matchers = Silence.matchers(fromJSON: silence.matchers)?.map(\.description).joined(separator: ", ")
                print("\(silence.id)  \(Self.state(silence, now: now))  \(matchers ?? "(unreadable matchers)")")
                print(
                    "  \(Timestamp.rfc3339(silence.startsAt)) to \(Timestamp.rfc3339(silence.endsAt))"
                        + "\(silence.createdBy.map { " by \($0)" } ?? ""): \(silence.comment)")
            }
        }

        static func state(_ silence: StoredSilence, now: Date) -> String {
            if silence.endsAt <= now { return silence.expiredAt != nil ? "expired" : "ended" }
            return silence.startsAt > now ? "scheduled" : "active"
        }

        static func json(_ silence: StoredSilence, now: Date) -> JSONValue {
            .object(
                JSONObject([
                    ("id", .string(silence.id)), ("state", .string(state(silence, now: now))),
                    ("matchers", (try? JSONParser.parse(silence.matchers)) ?? .null),
                    ("starts_at", .string(Timestamp.rfc3339(silence.startsAt))),
                    ("ends_at", .string(Timestamp.rfc3339(silence.endsAt))), ("comment", .string(silence.comment)),
                    ("created_by", silence.createdBy.map { .string($0) } ?? .null),
                    ("created_at", .string(Timestamp.rfc3339(silence.createdAt))),
                ]))
        }
    }

    /// `hark silence expire ID`.
    struct Expire: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expire", abstract: "End a silence now (an id prefix that names one silence will do).")

        @OptionGroup var stateOptions: StateOptions
        @Argument(help: "The silence's id (see `hark silence list`).") var id: String

        func run() throws {
            let store = try openState(stateOptions)
            let matches = try store.expireSilence(id, at: Date())
            switch matches.count {
            case 1:
                print("expired \(matches[0])")
            case 0:
                printError("hark: no silence in force or scheduled with id '\(id)' (see `hark silence list --all`)")
                throw ExitStatus.configurationError
            default:
                printError("hark: '\(id)' names \(matches.count) silences; give more of the id")
                throw ExitStatus.configurationError
            }
        }
    }
}
