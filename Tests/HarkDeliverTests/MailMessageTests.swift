import Foundation
import Testing

@testable import HarkDeliver

/// The e-mail as bytes: headers, encoded words, quoted-printable, CRLF and line lengths.
@Suite("Mail message")
struct MailMessageTests {
    func message(subject: String, text: String) -> String {
        let mail = MailMessage(
            fromAddress: "hark@example.com", fromName: "Hark Bot", to: ["a@example.com", "b@example.com"],
            subject: subject, text: text, html: "<p>\(text)</p>", date: Date(timeIntervalSince1970: 1_748_959_509),
            messageID: MailMessage.messageID(notification: "n-1", receiver: "lead", from: "hark@example.com"))
        return String(decoding: mail.bytes(), as: UTF8.self)
    }

    @Test("headers, parts and CRLF line ends")
    func structure() {
        let text = message(subject: "Plain subject", text: "hello")
        #expect(
            text.hasPrefix(
                "Date: Tue, 03 Jun 2025 14:05:09 +0000\r\nFrom: Hark Bot <hark@example.com>\r\nTo: a@example.com, b@example.com\r\nSubject: Plain subject\r\n"
            ))
        #expect(text.contains("Message-ID: <hark."))
        #expect(text.contains("@example.com>\r\nMIME-Version: 1.0\r\n"))
        #expect(text.contains("Content-Type: multipart/alternative;\r\n boundary=\"hark-alt-"))
        #expect(
            text.contains(
                "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nhello\r\n"
            ))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF in message")
        #expect(
            MailMessage.messageID(notification: "n-1", receiver: "lead", from: "x@example.com")
                == MailMessage.messageID(notification: "n-1", receiver: "lead", from: "x@example.com"))
    }

    @Test("a non-ASCII subject becomes encoded words; header injection is flattened")
    func subject() throws {
        let text = message(subject: "退款 problem — 双重扣费 again and again and again and again", text: "x")
        let subjectLine = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        #expect(subjectLine.hasPrefix("Subject: =?UTF-8?B?"))
        let injected = message(subject: "hi\r\nBcc: victim@example.com", text: "x")
        #expect(!injected.contains("\r\nBcc:"))
    }

    @Test("quoted-printable keeps every line within 76 characters, whatever the text")
    func lineLengths() {
        let long = String(repeating: "très long texte sans fin ", count: 200) + "=end"
        let text = message(subject: "s", text: long)
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 998)
        }
        let body = QuotedPrintable.encode(long + "\n.leading dot\ntrailing space ")
        for line in body.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76, "\(line)") }
        #expect(body.contains("=3Dend"))
        #expect(body.hasSuffix("trailing space=20"))
        #expect(body.contains("tr=C3=A8s"))
    }
}
