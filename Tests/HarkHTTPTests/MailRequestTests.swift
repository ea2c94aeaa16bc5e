import HarkHTTP
import Testing

/// What the driver refuses before a mail reaches curl. (Real SMTP dialogues are tested in
/// HarkDeliverTests against aiosmtpd.)
@Suite("CurlDriver mail")
struct MailRequestTests {
    func failure(_ mail: MailRequest) async -> TransferError? {
        do {
            _ = try await CurlDriver().send(mail)
            return nil
        } catch {
            return error
        }
    }

    @Test("only smtp and smtps, plain addresses and at least one recipient")
    func validation() async {
        let message = Array("Subject: x\r\n\r\nhi\r\n".utf8)
        let http = await failure(
            MailRequest(url: "http://127.0.0.1:1", from: "a@b.c", recipients: ["d@e.f"], message: message))
        #expect(http?.kind == .unsupportedProtocol)
        let injected = await failure(
            MailRequest(
                url: "smtp://127.0.0.1:1", from: "a@b.c", recipients: ["d@e.f>\r\nRCPT TO:<x@y.z"], message: message))
        #expect(injected?.kind == .invalidRequest)
        let nobody = await failure(
            MailRequest(url: "smtp://127.0.0.1:1", from: "a@b.c", recipients: [], message: message))
        #expect(nobody?.kind == .invalidRequest)
    }

    @Test("an SMTP server that is not there is a connection error")
    func unreachable() async {
        let error = await failure(
            MailRequest(
                url: "smtp://127.0.0.1:1", from: "a@b.c", recipients: ["d@e.f"], message: Array("x\r\n".utf8),
                limits: TransferLimits(connectTimeout: .seconds(5), totalTimeout: .seconds(10))))
        #expect(error?.kind == .connect)
    }
}
