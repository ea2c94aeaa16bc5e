import Foundation
import HarkCore
import HarkDeliver
import HarkHTTP
import Testing

/// E-mail through a real SMTP server: Python's aiosmtpd on loopback, which writes what it receives
/// (envelope, and the message as Python's `email` package parses it) to JSON files.
@Suite("E-mail delivery")
struct EmailDeliveryTests {
    /// The SMTP server, with login `hark` / `s3cret` offered (not required) and recipients
    /// `nobody@…` refused with 550.
    static let serverScript = #"""
        import email, email.policy, json, os, socket, sys
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        outdir = sys.argv[1]
        # "plain", "smtps" (TLS from the first byte) or "starttls" (required); then cert and key files.
        mode = sys.argv[2] if len(sys.argv) > 2 else "plain"
        tls = {}
        if mode != "plain":
            import ssl
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(sys.argv[3], sys.argv[4])
            tls = {"ssl_context": context} if mode == "smtps" else {"tls_context": context, "require_starttls": True}

        class Handler:
            def __init__(self):
                self.count = 0

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith("nobody@"):
                    return "550 5.1.1 no such user"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                self.count += 1
                raw = envelope.content
                message = email.message_from_bytes(raw, policy=email.policy.default)
                record = {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "authenticated": bool(session.authenticated),
                    "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
                    "subject": str(message["subject"]),
                    "message_id": str(message["message-id"]),
                    "notification_id": str(message["x-hark-notification-id"]),
                    "content_type": message.get_content_type(),
                    "parts": [{"type": part.get_content_type(), "body": part.get_content()} for part in message.iter_parts()],
                    "longest_line": max(len(line) for line in raw.split(b"\r\n")),
                    "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
                }
                path = os.path.join(outdir, "%d.json" % self.count)
                with open(path + ".tmp", "w") as out:
                    json.dump(record, out)
                os.rename(path + ".tmp", path)
                return "250 Message accepted for delivery"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"hark" and auth_data.password == b"s3cret"
            return AuthResult(success=ok)

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        controller = Controller(Handler(), hostname="127.0.0.1", port=port,
                                authenticator=authenticator, auth_require_tls=False, **tls)
        controller.start()
        print(port, flush=True)
        try:
            sys.stdin.read()
        finally:
            controller.stop()
        """#

    /// A running aiosmtpd; stopped by closing its standard input.
    final class SMTPServer: Sendable {
        let port: Int
        let directory: String
        private let process: Process
        private let input: FileHandle

        init(directory: String, tls: [String] = []) async throws {
            self.directory = directory
            let script = directory + "/smtp_server.py"
            try Self.serverDirectoryReady(directory)
            try EmailDeliveryTests.serverScript.write(toFile: script, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, directory + "/mail"] + tls
            let stdin = Pipe()
            let stdout = Pipe()
            let stderr = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            do {
                try process.run()
            } catch {
                throw SetupError(message: "cannot start python3 for the SMTP test server: \(error)")
            }
            self.process = process
            input = stdin.fileHandleForWriting
            // Blocking reads happen on a thread of their own, never on the cooperative pool.
            let line: String = await withCheckedContinuation { continuation in
                Thread {
                    let data = stdout.fileHandleForReading.availableData
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                }.start()
            }
            guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                process.waitUntilExit()
                let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw SetupError(
                    message: "the SMTP test server did not start; it needs python3 with aiosmtpd "
                        + "(python3 -m pip install aiosmtpd). Its stderr: \(errors)")
            }
            self.port = port
        }

        static func serverDirectoryReady(_ directory: String) throws {
            try FileManager.default.createDirectory(atPath: directory + "/mail", withIntermediateDirectories: true)
        }

        /// The messages received, in order, as the server parsed them.
        func received() throws -> [JSONValue] {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/mail")
                .filter { $0.hasSuffix(".json") }
                .sorted { Int($0.dropLast(5)) ?? 0 < Int($1.dropLast(5)) ?? 0 }
            return try names.map { name in
                try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/mail/" + name))))
            }
        }

        func stop() {
            try? input.close()
            process.waitUntilExit()
        }
    }

    struct SetupError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    func settings(port: Int, to: [String] = ["lead@example.com", "ops@example.com"], login: Bool = false)
        -> EmailSettings
    {
        let position = SourcePosition(file: "rules/r.yaml", line: 1, column: 1)
        return EmailSettings(
            url: "smtp://127.0.0.1:\(port)", from: "hark@example.com", fromName: "hark alerts", to: to,
            username: login ? "hark" : nil,
            password: login ? SecretValue(.environment("HARK_TEST_SMTP_PASSWORD"), at: position) : nil,
            requireStartTLS: false, subject: nil, timeout: .seconds(60))
    }

    @Test("a multipart message reaches the SMTP server with its envelope, subject and parts")
    func delivered() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await SMTPServer(directory: directory)
            defer { server.stop() }
            let payload = mentionPayload(
                text: "Le paiement a échoué deux fois\n.\n.leading dot line " + String(repeating: "long ", count: 300))
            let receiver = EmailReceiver(
                name: "lead", settings: settings(port: server.port), renderer: MessageRenderer(templates: nil),
                driver: CurlDriverHolder.shared)
            try await receiver.deliver(notification("n-42", receiver: "lead", payload: payload))

            let mail = try #require(try server.received().first)
            #expect(mail["mail_from"] == "hark@example.com")
            #expect(mail["rcpt_tos"] == ["lead@example.com", "ops@example.com"])
            #expect(mail["authenticated"] == false)
            #expect(mail["subject"] == "[hark] Negative mention about billing on appstore")
            #expect(mail["notification_id"] == "n-42")
            #expect(mail["message_id"]?.stringValue?.hasPrefix("<hark.") == true)
            #expect(mail["content_type"] == "multipart/alternative")
            let parts = try #require(mail["parts"]?.arrayValue)
            #expect(parts.map { $0["type"]?.stringValue } == ["text/plain", "text/html"])
            let text = parts[0]["body"]?.stringValue ?? ""
            #expect(text.contains("Le paiement a échoué deux fois . .leading dot line"), "\(text.prefix(400))")
            #expect(parts[1]["body"]?.stringValue?.contains("<blockquote") == true)
            #expect((mail["longest_line"]?.intValue ?? 999) <= 78)
            #expect(mail["bare_lf"] == false)
        }
    }

    @Test("a non-ASCII subject from a custom template arrives decoded; login is used when given")
    func encodedSubjectAndLogin() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await SMTPServer(directory: directory)
            defer { server.stop() }
            setenv("HARK_TEST_SMTP_PASSWORD", "s3cret", 1)
            var options = settings(port: server.port, login: true)
            options.subject = try TemplatePart(
                role: .subject, source: "告警：{{title}} — {{alerts_count}}", origin: "email subject")
            let receiver = EmailReceiver(
                name: "lead", settings: options,
                renderer: MessageRenderer(templates: nil, subjectOverride: options.subject),
                driver: CurlDriverHolder.shared)
            try await receiver.deliver(notification("n-1", receiver: "lead"))
            let mail = try #require(try server.received().first)
            #expect(mail["subject"] == "告警：Negative mention about billing on appstore — 1")
            #expect(mail["authenticated"] == true)
        }
    }

    @Test("a refused recipient is a permanent failure")
    func refused() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await SMTPServer(directory: directory)
            defer { server.stop() }
            let receiver = EmailReceiver(
                name: "lead", settings: settings(port: server.port, to: ["nobody@example.com"]),
                renderer: MessageRenderer(templates: nil), driver: CurlDriverHolder.shared)
            do {
                try await receiver.deliver(notification("n", receiver: "lead"))
                Issue.record("expected a refusal")
            } catch let error as DeliveryError {
                #expect(error.disposition == .permanent, "\(error)")
                #expect(error.message.contains("550"), "\(error)")
            }
            #expect(try server.received().isEmpty)
        }
    }
}
