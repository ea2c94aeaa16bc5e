import Foundation
import HarkCore
import Logging
import Testing

@testable import HarkListen

@Suite struct ExecConnectorTests {
    /// The scripts' folder as the configuration directory, so programs run beside them.
    static let scripts = ConnectorFixtures.path("exec")

    static func connector(_ yaml: String, configDirectory: String = scripts) throws -> ExecConnector {
        try ExecConnector(
            definition: ConnectorFixtures.definition(
                "name: script\ntype: exec\n" + yaml, configDirectory: configDirectory))
    }

    static let logger = Logger(label: "hark.test.exec")

    static func script(_ name: String) -> String { ConnectorFixtures.path("exec/\(name)") }

    @Test func keepsGoodLinesAndWarnsAboutBadOnes() async throws {
        let connector = try Self.connector(
            "command: [python3, \"\(Self.script("mixed-output.py"))\"]\ntags: [forum]\nlanguage: en\n")
        let result = try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        try #require(result.mentions.map(\.id) == ["r-1", "r-3", "r-4"])
        let first = result.mentions[0]
        #expect(first.connector == "script")
        #expect(first.source == .exec)
        #expect(first.text == "Brewline's new app is great")
        #expect(first.author == "kim")
        #expect(first.url == "https://forum.example.com/t/1")
        #expect(first.rating == 5)
        #expect(first.publishedAt == ConnectorFixtures.utc("2024-05-27T10:00:00Z"))
        let second = result.mentions[1]
        #expect(second.title == "Kaffee")
        #expect(second.text == "Zu teuer 😤")
        #expect(second.language == "de")
        #expect(second.tags == ["forum"])
        #expect(second.publishedAt == ConnectorFixtures.fetchedAt)
        #expect(result.mentions[2].text == "no newline at the end")
        #expect(result.warnings.count == 2)
        #expect(result.warnings.first?.hasPrefix("line 2, column 2: not valid JSON: ") == true)
        #expect(result.warnings.last?.hasPrefix("line 3: field 'text': ") == true)
    }

    @Test func aNonZeroExitFailsWithTheStatusAndTheEndOfStderr() async throws {
        let connector = try Self.connector("command: [sh, \"\(Self.script("fail.sh"))\"]\n")
        let failure = await #expect(throws: PollFailure.self) {
            try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        }
        #expect(failure?.connector == "script")
        #expect(failure?.url == "sh \(Self.script("fail.sh"))")
        #expect(
            failure?.message
                == "exited with status 3; stderr ends: connecting to api.example.com | error: 401 Unauthorized"
                + " (token expired)")
    }

    @Test func aProgramPastItsTimeoutIsStopped() async throws {
        let connector = try Self.connector("command: [sh, \"\(Self.script("slow.sh"))\"]\ntimeout: 1s\n")
        let clock = ContinuousClock()
        let start = clock.now
        let failure = await #expect(throws: PollFailure.self) {
            try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        }
        #expect(failure?.message == "timed out after 1s and was stopped")
        // Far below the 120 s the program would otherwise run, with room for a loaded machine.
        #expect(clock.now - start < .seconds(60))
    }

    @Test func aProgramIgnoringSIGTERMIsKilled() async throws {
        var connector = try Self.connector("command: [sh, \"\(Self.script("stubborn.sh"))\"]\ntimeout: 1s\n")
        connector.killGrace = .milliseconds(300)
        let clock = ContinuousClock()
        let start = clock.now
        let failure = await #expect(throws: PollFailure.self) {
            try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        }
        #expect(failure?.message == "timed out after 1s and was stopped; stderr ends: ignoring SIGTERM")
        // Far below the 120 s the program would otherwise run, with room for a loaded machine.
        #expect(clock.now - start < .seconds(60))
    }

    @Test func cancellingThePollStopsTheProgram() async throws {
        let connector = try Self.connector("command: [sh, \"\(Self.script("slow.sh"))\"]\ntimeout: 60s\n")
        let clock = ContinuousClock()
        let start = clock.now
        let poll = Task { try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger) }
        try await Task.sleep(for: .milliseconds(300))
        poll.cancel()
        let failure = await #expect(throws: PollFailure.self) { try await poll.value }
        #expect(failure?.message == "stopped because the poll was cancelled")
        // Far below the 120 s the program would otherwise run, with room for a loaded machine.
        #expect(clock.now - start < .seconds(60))
    }

    @Test func endlessOutputIsCapped() async throws {
        let connector = try Self.connector("command: [sh, \"\(Self.script("flood.sh"))\"]\nmax_bytes: 64k\n")
        let failure = await #expect(throws: PollFailure.self) {
            try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        }
        #expect(failure?.message == "printed more than 65536 bytes (max_bytes) and was stopped")
    }

    @Test func passesEnvironmentSecretsAndRunsInTheWorkdir() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hark-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(
            atPath: Self.script("environment.sh"), toPath: root.appendingPathComponent("scripts/env.sh").path)
        setenv("HARK_TEST_EXEC_SECRET", "s3cret", 1)
        let connector = try Self.connector(
            """
            command: [sh, env.sh]
            workdir: scripts
            env:
              FETCH_TOKEN: { env: HARK_TEST_EXEC_SECRET, prefix: "tok-" }
            """, configDirectory: root.path)
        let result = try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        let scripts = root.appendingPathComponent("scripts").standardizedFileURL.path
        #expect(connector.workdir == scripts)
        #expect(result.mentions.map(\.text) == ["token=tok-s3cret dir=\(scripts)"])
    }

    @Test func aMissingProgramIsAFailureNotACrash() async throws {
        let connector = try Self.connector("command: [no-such-program-hark]\n")
        let failure = await #expect(throws: PollFailure.self) {
            try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        }
        #expect(failure?.message == "program 'no-such-program-hark' was not found in PATH")
    }

    @Test func aMissingWorkdirIsAFailure() async throws {
        let connector = try Self.connector("command: [sh, -c, \"exit 0\"]\nworkdir: no-such-dir\n")
        let failure = await #expect(throws: PollFailure.self) {
            try await connector.run(now: ConnectorFixtures.fetchedAt, logger: Self.logger)
        }
        #expect(failure?.message == "working directory \(ConnectorFixtures.path("exec/no-such-dir")) does not exist")
    }

    static func configError(_ yaml: String) -> String? {
        ConnectorFixtures.configError { _ = try connector(yaml, configDirectory: "/etc/hark") }
    }

    @Test func configurationMistakes() {
        #expect(
            Self.configError("command: python3 fetch.py --since 1h\n")
                == "/etc/hark/connectors/test.yaml:3:10: command must be a list (it runs without a shell), e.g."
                + " command: [\"python3\", \"fetch.py\", \"--since\", \"1h\"]")
        #expect(
            Self.configError("command: []\n")
                == "/etc/hark/connectors/test.yaml:3:10: command needs at least the program to run")
        #expect(
            Self.configError("url: https://example.com\ncommand: [a]\n")
                == "/etc/hark/connectors/test.yaml:3:6: an exec connector runs a program and takes no 'url'")
        #expect(
            Self.configError("commands: [a]\n")
                == "/etc/hark/connectors/test.yaml:1:1: connector file is missing required key 'command'")
        #expect(
            Self.configError("command: [a]\nenv: { TOKEN: { vault: x } }\n")
                == "/etc/hark/connectors/test.yaml:4:15: a header value needs 'env', 'file' or 'value'")
    }
}
