import Foundation
import HarkCore
import HarkDeliver
import HarkHTTP
import Testing

/// E-mail over TLS through libcurl: a private CA and a server certificate for 127.0.0.1 made with
/// `openssl` for each test run, aiosmtpd serving SMTPS (TLS from the start) or requiring STARTTLS,
/// and the e-mail receiver trusting the CA through `ca_file`.
@Suite("E-mail over TLS")
struct EmailTLSTests {
    /// A CA and a server certificate signed by it, in `directory`.
    struct Certificates {
        let caFile: String
        let certFile: String
        let keyFile: String

        init(directory: String) throws {
            caFile = directory + "/ca.pem"
            certFile = directory + "/server.pem"
            keyFile = directory + "/server.key"
            let caKey = directory + "/ca.key"
            let request = directory + "/server.csr"
            let extensions = directory + "/san.cnf"
            try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(
                toFile: extensions, atomically: true, encoding: .utf8)
            try Self.openssl([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", caFile, "-days", "2",
                "-subj", "/CN=hark test CA",
            ])
            try Self.openssl([
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", request, "-subj", "/CN=127.0.0.1",
            ])
            try Self.openssl([
                "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", caKey, "-CAcreateserial", "-out", certFile,
                "-days", "2", "-extfile", extensions,
            ])
        }

        static func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw EmailDeliveryTests.SetupError(
                    message:
                        "openssl \(arguments[0]) failed (install openssl): \(String(decoding: message, as: UTF8.self))")
            }
        }
    }

    func deliver(url: String, startTLS: Bool, caFile: String?, password: Bool = false) async throws(DeliveryError) {
        let position = SourcePosition(file: "rules/r.yaml", line: 1, column: 1)
        let settings = EmailSettings(
            url: url, from: "hark@example.com", to: ["lead@example.com"], username: password ? "hark" : nil,
            password: password ? SecretValue(.environment("HARK_TEST_SMTP_PASSWORD"), at: position) : nil,
            requireStartTLS: startTLS, caFile: caFile, timeout: .seconds(30))
        let receiver = EmailReceiver(
            name: "lead", settings: settings, renderer: MessageRenderer(templates: nil), driver: CurlDriverHolder.shared
        )
        try await receiver.deliver(notification("tls-1", receiver: "lead"))
    }

    @Test("SMTPS: TLS from the first byte, verified against the CA file, with a login")
    func implicitTLS() async throws {
        try await withTemporaryDirectory { directory in
            let certificates = try Certificates(directory: directory)
            let server = try await EmailDeliveryTests.SMTPServer(
                directory: directory, tls: ["smtps", certificates.certFile, certificates.keyFile])
            defer { server.stop() }
            setenv("HARK_TEST_SMTP_PASSWORD", "s3cret", 1)
            try await deliver(
                url: "smtps://127.0.0.1:\(server.port)", startTLS: false, caFile: certificates.caFile, password: true)
            let mail = try #require(try server.received().first)
            #expect(mail["tls"] == true)
            #expect(mail["authenticated"] == true)
            #expect(mail["notification_id"] == "tls-1")
        }
    }

    @Test("STARTTLS: a plain connection upgraded before the mail, required by both sides")
    func startTLS() async throws {
        try await withTemporaryDirectory { directory in
            let certificates = try Certificates(directory: directory)
            let server = try await EmailDeliveryTests.SMTPServer(
                directory: directory, tls: ["starttls", certificates.certFile, certificates.keyFile])
            defer { server.stop() }
            try await deliver(url: "smtp://127.0.0.1:\(server.port)", startTLS: true, caFile: certificates.caFile)
            let mail = try #require(try server.received().first)
            #expect(mail["tls"] == true)
            #expect(mail["subject"] == "[hark] Negative mention about billing on appstore")
        }
    }

    @Test("a server whose certificate the CA file does not vouch for is refused, and nothing is sent")
    func untrustedCertificate() async throws {
        try await withTemporaryDirectory { directory in
            let certificates = try Certificates(directory: directory)
            let other = directory + "/other"
            try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
            let stranger = try Certificates(directory: other)
            let server = try await EmailDeliveryTests.SMTPServer(
                directory: directory, tls: ["smtps", certificates.certFile, certificates.keyFile])
            defer { server.stop() }
            await #expect(throws: DeliveryError.self) {
                try await deliver(url: "smtps://127.0.0.1:\(server.port)", startTLS: false, caFile: stranger.caFile)
            }
            #expect(try server.received().isEmpty)
        }
    }
}
