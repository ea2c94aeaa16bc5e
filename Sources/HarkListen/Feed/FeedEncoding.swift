import Foundation

/// Brings a feed's bytes to UTF-8 before scanning.
///
/// Most feeds are UTF-8, but old CMSs still serve ISO-8859-1 or Windows-1252 (declared in the XML
/// declaration), and a few serve UTF-16 with a byte order mark. Reading those as UTF-8 would turn
/// every accented letter into U+FFFD. Anything else is scanned as UTF-8, invalid bytes replaced.
/// A document declared single-byte that is nonetheless valid UTF-8 is taken as UTF-8: that is
/// the common mislabelling, and real Latin-1 text is almost never valid UTF-8 by accident.
enum FeedEncoding {
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return utf16(bytes, bigEndian: bytes[0] == 0xFE)
        }
        guard bytes.starts(with: Array("<?xml".utf8)),
            let declarationEnd = bytes.prefix(200).firstIndex(of: UInt8(ascii: ">"))
        else { return bytes }
        let declaration = String(decoding: bytes[..<declarationEnd], as: UTF8.self).lowercased()
        guard let range = declaration.range(of: "encoding") else { return bytes }
        let name = declaration[range.upperBound...]
            .drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
            .prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "?" }
        switch name {
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "windows-1252", "cp1252", "us-ascii":
            return singleByte(bytes)
        default:
            return bytes
        }
    }

    /// ISO-8859-1 read as Windows-1252, as browsers do: the C1 range holds curly quotes and dashes
    /// in practice, never control characters.
    private static func singleByte(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil else {
            return bytes
        }
        var text = ""
        text.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte >= 0x80, byte < 0xA0, let scalar = Unicode.Scalar(windows1252[Int(byte - 0x80)]) {
                text.unicodeScalars.append(scalar)
            } else {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return Array(text.utf8)
    }

    private static let windows1252: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    private static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let high = UInt16(bytes[bigEndian ? index : index + 1])
            let low = UInt16(bytes[bigEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
