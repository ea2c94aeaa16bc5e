import Foundation

/// An RFC 5322 e-mail with a plain-text and an HTML alternative, as bytes ready for SMTP.
///
/// Both bodies are UTF-8 in quoted-printable, which keeps every line under 78 characters (SMTP's hard
/// limit is 998) whatever the mention text holds, and survives servers that are not 8-bit clean.
/// Lines end in CRLF. A non-ASCII subject or display name becomes RFC 2047 encoded words. Leading
/// dots need nothing here: curl dot-stuffs the DATA stream.
struct MailMessage {
    var fromAddress: String
    var fromName: String?
    var to: [String]
    var subject: String
    var text: String
    var html: String
    var date: Date
    /// Stable across re-sends of one notification, so mail clients can fold duplicates.
    var messageID: String
    var extraHeaders: [(String, String)] = []

    /// The Message-ID for a notification: a digest of receiver and id (ids may hold any characters)
    /// at the sender's domain.
    static func messageID(notification id: String, receiver: String, from address: String) -> String {
        let digest = SHA256.hash(Array("\(receiver)\u{0}\(id)".utf8)).prefix(16).hexString
        let domain = address.split(separator: "@").last.map(String.init) ?? "hark.invalid"
        return "<hark.\(digest)@\(domain)>"
    }

    /// The message as CRLF-terminated bytes.
    func bytes() -> [UInt8] {
        let boundary = "hark-alt-" + SHA256.hash(Array(messageID.utf8)).prefix(12).hexString
        var lines: [String] = []
        lines.append("Date: \(Self.rfc5322Date(date))")
        let from = fromName.map { "\(Self.phrase($0)) <\(fromAddress)>" } ?? fromAddress
        lines.append("From: \(from)")
        lines.append(Self.fold("To: " + to.joined(separator: ", ")))
        lines.append(Self.fold("Subject: " + Self.encodedHeaderText(subject)))
        lines.append("Message-ID: \(messageID)")
        lines.append("MIME-Version: 1.0")
        lines.append("Auto-Submitted: auto-generated")
        for (name, value) in extraHeaders { lines.append("\(name): \(Self.singleLine(value))") }
        lines.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(type); charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines.append(QuotedPrintable.encode(body))
        }
        lines.append("--\(boundary)--")
        lines.append("")
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// `Tue, 03 Jun 2025 14:05:09 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// Header text with line breaks and controls flattened: a mention's text must not add headers.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// A display name: plain when it is safe ASCII, quoted when it has specials, encoded when not ASCII.
    static func phrase(_ name: String) -> String {
        let flat = singleLine(name)
        if flat.unicodeScalars.contains(where: { $0.value > 0x7E }) { return EncodedWord.encode(flat) }
        if flat.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == " " }) { return flat }
        return "\"" + flat.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// Unstructured header text: as is when printable ASCII without `=?`, encoded words otherwise.
    static func encodedHeaderText(_ text: String) -> String {
        let flat = singleLine(text)
        if flat.unicodeScalars.allSatisfy({ $0.value < 0x7F }), !flat.contains("=?") { return flat }
        return EncodedWord.encode(flat)
    }

    /// Folds a header at spaces so no line passes 78 characters where a space allows it (never right
    /// after the field name).
    static func fold(_ header: String) -> String {
        guard header.count > 78 else { return header }
        var lines: [String] = []
        var current = ""
        for (index, word) in header.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index == 0 {
                current = String(word)
            } else if index > 1, current.count + 1 + word.count > 78,
                !current.trimmingCharacters(in: .whitespaces).isEmpty
            {
                lines.append(current)
                current = String(word)
            } else {
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }
}

/// RFC 2047 encoded words (`=?UTF-8?B?…?=`), for non-ASCII text in headers.
enum EncodedWord {
    /// `text` as encoded words of at most 75 characters each, separated by spaces (which decoders
    /// drop between encoded words); characters are never split across words.
    static func encode(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 75 - "=?UTF-8?B?".count - "?=".count = 63 base64 characters, i.e. 45 bytes.
        let maxBytes = 45
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: " ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}

/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies, with CRLF hard line breaks.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            output.append(encodeLine(Array(line.utf8)))
        }
        return output.joined(separator: "\r\n")
    }

    /// One hard line, broken with soft breaks (`=`) so no encoded line passes 76 characters.
    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var lines: [String] = []
        var current = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            let piece = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
            if current.count + piece.count > 75 {
                lines.append(current + "=")
                current = ""
            }
            current += piece
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }
}
