import Foundation
import HarkCore
import HarkDeliver
import Testing

/// Receivers that stay on this machine: a real program, a file, a descriptor.
@Suite("Exec, file and stdout receivers")
struct LocalReceiverTests {
    @Test("exec runs argv with the payload on stdin and its environment set")
    func exec() async throws {
        try await withTemporaryDirectory { directory in
            let settings = ExecSettings(
                command: [
                    "/bin/sh", "-c", "cat > \"$1\"; echo \"$HARK_NOTIFICATION_ID\" > \"$1.id\"", "sh",
                    directory + "/got.json",
                ],
                timeout: .seconds(60))
            let receiver = ExecReceiver(name: "script", settings: settings, directory: directory)
            let sent = notification("n-7", receiver: "script")
            try await receiver.deliver(sent)
            let written = try Data(contentsOf: URL(fileURLWithPath: directory + "/got.json"))
            #expect(try JSONParser.parse(Array(written)) == sent.payload)
            #expect(try String(contentsOfFile: directory + "/got.json.id", encoding: .utf8) == "n-7\n")
        }
    }

    @Test("a failing program is a retryable error quoting its stderr")
    func execFailure() async throws {
        try await withTemporaryDirectory { directory in
            let settings = ExecSettings(
                command: ["/bin/sh", "-c", "cat >/dev/null; echo 'quota exceeded' >&2; exit 3"], timeout: .seconds(60))
            let receiver = ExecReceiver(name: "script", settings: settings, directory: directory)
            do {
                try await receiver.deliver(notification("n"))
                Issue.record("expected a failure")
            } catch let error as DeliveryError {
                #expect(error.message == "/bin/sh exited with status 3; stderr ends: quota exceeded")
                #expect(error.disposition == .retry)
            }
            let missing = ExecReceiver(
                name: "script", settings: ExecSettings(command: ["no-such-program-hark"], timeout: .seconds(5)),
                directory: directory)
            await #expect(throws: DeliveryError.self) { try await missing.deliver(notification("n")) }
        }
    }

    @Test("a program that hangs is stopped at its timeout")
    func execTimeout() async throws {
        try await withTemporaryDirectory { directory in
            let settings = ExecSettings(command: ["/bin/sh", "-c", "sleep 30"], timeout: .milliseconds(300))
            let receiver = ExecReceiver(name: "script", settings: settings, directory: directory)
            do {
                try await receiver.deliver(notification("n"))
                Issue.record("expected a timeout")
            } catch let error as DeliveryError {
                #expect(error.message.contains("timed out"), "\(error)")
            }
        }
    }

    @Test("file appends one JSON line per notification, batch after batch")
    func file() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/audit/notifications.jsonl"
            let receiver = JSONLinesReceiver(name: "audit", destination: .file(path))
            let results = await receiver.deliver(batch: [
                notification("a", receiver: "audit"), notification("b", receiver: "audit"),
            ])
            #expect(results.allSatisfy { $0 == nil })
            try await receiver.deliver(notification("c", receiver: "audit"))
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 3)
            let ids = try lines.map { try JSONParser.parse(String($0))["notification_id"]?.stringValue }
            #expect(ids == ["a", "b", "c"])
        }
    }

    @Test("stdout writes JSON lines to its descriptor")
    func stdout() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/out"
            FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let receiver = JSONLinesReceiver(name: "console", destination: .descriptor(handle.fileDescriptor))
            try await receiver.deliver(notification("x", receiver: "console"))
            let line = try String(contentsOfFile: path, encoding: .utf8)
            #expect(line.hasSuffix("}\n"))
            #expect(try JSONParser.parse(line)["receiver"] == "console")
        }
    }
}
