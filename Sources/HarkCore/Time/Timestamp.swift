public import Foundation

/// Reads and writes the time formats sources use: RFC 822/1123 with zone names or offsets
/// (RSS), RFC 3339/ISO 8601 with offsets and fractions (Atom, JSON APIs), epoch seconds.
///
/// Hand-written rather than `DateFormatter`: formatters are slow, locale-dependent and strict in
/// the wrong places, while feeds in the wild are sloppy in predictable ways (`+01:00` in RSS, full
/// month names, missing zones, wrong weekdays). Fields are range-checked, so a date that cannot
/// exist gives nil instead of silently rolling over into a different day.
public enum Timestamp {
    /// Parses any supported format; nil when the text is none of them.
    ///
    /// Accepted: RFC 822/1123/2822 and RFC 850 style (`Sun, 22 Nov 2026 16:10:36 GMT`, optional
    /// weekday, 2- or 4-digit year, optional seconds, zone names, military letters, `+0100`, `+01:00`,
    /// `(comments)`, missing zone meaning UTC, month-first `Nov 22 2026 …` as `asctime` writes it);
    /// RFC 3339/ISO 8601 (`2026-11-22T16:10:36.123+05:30`, `t`/`z` in any case, a space for `T`,
    /// a date alone); and epoch seconds or milliseconds written as a number.
    public static func parse(_ text: String) -> Date? {
        text.withUTF8Buffer(parse)
    }

    /// `parse` of text given as its UTF-8 bytes (a time read straight from a JSON line).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        if let date = parseCanonical(bytes) { return date }
        var start = 0
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if let epoch = parseEpoch(trimmed) {
            return epoch
        }
        if trimmed.count >= 10 && trimmed[4] == ASCII.minus && trimmed.prefix(4).allSatisfy(ASCII.isDigit) {
            return parseISO8601(trimmed)
        }
        return parseRFC822(trimmed)
    }

    /// A date from epoch seconds (values that can only be milliseconds are scaled down).
    ///
    /// Anything beyond 1e11 (the year 5138 in seconds) must be milliseconds; APIs such as
    /// JavaScript-backed ones send those.
    public static func fromEpoch(_ value: Double) -> Date {
        Date(timeIntervalSince1970: abs(value) > 1e11 ? value / 1000 : value)
    }

    /// RFC 3339 in UTC with a `Z` suffix and no fraction, e.g. `2026-11-22T16:10:36Z`.
    ///
    /// Fractions are truncated (not rounded) so a time never moves into the next second.
    public static func rfc3339(_ date: Date) -> String {
        var output = ByteBuffer(capacity: 32)
        appendRFC3339(date, to: &output)
        return output.makeString()
    }

    /// Appends `rfc3339(date)` in UTF-8, for writers that would otherwise copy the string in.
    static func appendRFC3339(_ date: Date, to output: inout ByteBuffer) {
        output.appendInPlace(maximum: maximumRFC3339Length) { writeRFC3339(date, to: $0) }
    }

    /// The longest `rfc3339` text: a sign, nine digits of year (the clamp below) and `-MM-DDTHH:MM:SSZ`.
    static let maximumRFC3339Length = 26

    /// Writes `rfc3339(date)` at `out`, which has room for `maximumRFC3339Length` bytes, and
    /// returns how many bytes it wrote.
    static func writeRFC3339(_ date: Date, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var interval = date.timeIntervalSince1970.rounded(.down)
        // Keep the arithmetic in range; years beyond ±100,000 are not dates anyone publishes.
        interval = interval.isFinite ? min(max(interval, -3.2e15), 3.2e15) : 0
        let seconds = Int(interval)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        @inline(__always) func two(_ value: Int, at index: Int) {
            out[index] = UInt8(truncatingIfNeeded: value / 10) &+ ASCII.zero
            out[index + 1] = UInt8(truncatingIfNeeded: value % 10) &+ ASCII.zero
        }
        var start = 0
        if year >= 0 && year <= 9999 {
            // Every date anyone publishes: twenty bytes written in place.
            two(year / 100, at: 0)
            two(year % 100, at: 2)
            start = 4
        } else {
            if year < 0 {
                out[0] = ASCII.minus
                start = 1
            }
            // At least four digits, as many as the year needs.
            let magnitude = abs(year)
            var digits = 4
            var limit = 10_000
            while limit <= magnitude {
                digits += 1
                limit *= 10
            }
            var rest = magnitude
            for index in stride(from: start + digits - 1, through: start, by: -1) {
                out[index] = UInt8(truncatingIfNeeded: rest % 10) &+ ASCII.zero
                rest /= 10
            }
            start += digits
        }
        out[start] = ASCII.minus
        two(month, at: start + 1)
        out[start + 3] = ASCII.minus
        two(day, at: start + 4)
        out[start + 6] = 0x54
        two(secondOfDay / 3600, at: start + 7)
        out[start + 9] = ASCII.colon
        two(secondOfDay / 60 % 60, at: start + 10)
        out[start + 12] = ASCII.colon
        two(secondOfDay % 60, at: start + 13)
        out[start + 15] = 0x5A
        return start + 16
    }
}

// MARK: - Civil calendar arithmetic

extension Timestamp {
    /// Days since 1970-01-01 of a proleptic Gregorian date (the "days from civil" algorithm:
    /// count from a March-based year so the leap day falls at the end, in 400-year eras).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a count of days since 1970-01-01 (inverse of `days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// The instant of validated civil fields, or nil when any field is out of range.
    private static func date(_ fields: Fields) -> Date? {
        guard (1...12).contains(fields.month), fields.day >= 1,
            fields.day <= daysInMonth(year: fields.year, month: fields.month),
            (0...23).contains(fields.hour), (0...59).contains(fields.minute), (0...60).contains(fields.second)
        else { return nil }
        let day = days(year: fields.year, month: fields.month, day: fields.day)
        let seconds = day * 86_400 + fields.hour * 3600 + fields.minute * 60 + fields.second - fields.offset
        return Date(timeIntervalSince1970: Double(seconds) + fields.fraction)
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || (byte >= ASCII.tab && byte <= ASCII.carriageReturn)
    }
}

// MARK: - Parsing

extension Timestamp {
    /// The parts of a time as written, before validation.
    private struct Fields {
        var year = 0
        var month = 0
        var day = 0
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        /// Seconds east of UTC.
        var offset = 0
    }

    /// A reader over a byte range with the small steps both formats need.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        let end: Int

        init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
            self.bytes = bytes
            self.index = start
            self.end = end ?? bytes.count
        }

        var atEnd: Bool { index >= end }
        var current: UInt8? { index < end ? bytes[index] : nil }

        /// Exactly `count` digits as a number.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= end else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard ASCII.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - ASCII.zero)
            }
            index += count
            return value
        }

        /// One to `maximum` digits as a number and how many there were.
        mutating func digits(upTo maximum: Int) -> (value: Int, count: Int)? {
            var value = 0
            var count = 0
            while index < end && count < maximum && ASCII.isDigit(bytes[index]) {
                value = value * 10 + Int(bytes[index] - ASCII.zero)
                count += 1
                index += 1
            }
            return count > 0 ? (value, count) : nil
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < end && bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A fraction of a second after `.` or `,` (any number of digits; nanoseconds are kept).
        mutating func fraction() -> Double? {
            guard index < end && (bytes[index] == ASCII.dot || bytes[index] == ASCII.comma) else { return 0 }
            index += 1
            var numerator = 0
            var denominator = 1
            var count = 0
            while index < end && ASCII.isDigit(bytes[index]) {
                if count < 9 {
                    numerator = numerator * 10 + Int(bytes[index] - ASCII.zero)
                    denominator *= 10
                }
                count += 1
                index += 1
            }
            return count > 0 ? Double(numerator) / Double(denominator) : nil
        }

        /// `HH:MM`, `HH:MM:SS` with an optional fraction; hours may have one digit.
        mutating func time(into fields: inout Fields) -> Bool {
            guard let hour = digits(upTo: 2), skip(ASCII.colon), let minute = digits(2) else { return false }
            fields.hour = hour.value
            fields.minute = minute
            if skip(ASCII.colon) {
                guard let second = digits(2), let fraction = fraction() else { return false }
                fields.second = second
                fields.fraction = fraction
            }
            return true
        }
    }

    /// An epoch number written as text: seconds, milliseconds, optionally with a fraction.
    private static func parseEpoch(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = bytes[0] == ASCII.minus ? 1 : 0
        let digitsStart = index
        while index < bytes.count && ASCII.isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - digitsStart
        guard integerDigits > 0 && integerDigits <= 16 else { return nil }
        if index < bytes.count {
            guard bytes[index] == ASCII.dot else { return nil }
            index += 1
            let fractionStart = index
            while index < bytes.count && ASCII.isDigit(bytes[index]) { index += 1 }
            guard index == bytes.count && index > fractionStart else { return nil }
        }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { return nil }
        return fromEpoch(value)
    }

    /// `YYYY-MM-DD`, optionally followed by `T` (or `t`, or a space) and a time with an optional
    /// zone; a missing zone means UTC. Trailing zone names as Go and Ruby print them are accepted.
    /// `2026-11-22T16:10:36Z` exactly, the form hark itself writes and most JSON sources send, read
    /// without the general reader's cursor; nil for anything else, which the general reader takes
    /// (it gives the same instant for this form, so the shortcut changes no result).
    private static func parseCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 20, bytes[4] == ASCII.minus, bytes[7] == ASCII.minus, bytes[10] == 0x54,
            bytes[13] == ASCII.colon, bytes[16] == ASCII.colon, bytes[19] == 0x5A
        else { return nil }
        var valid = true
        func number(_ start: Int, _ width: Int) -> Int {
            var value = 0
            for index in start..<start + width {
                let digit = bytes[index] &- ASCII.zero
                valid = valid && digit < 10
                value = value * 10 + Int(digit)
            }
            return value
        }
        var fields = Fields()
        fields.year = number(0, 4)
        fields.month = number(5, 2)
        fields.day = number(8, 2)
        fields.hour = number(11, 2)
        fields.minute = number(14, 2)
        fields.second = number(17, 2)
        return valid ? date(fields) : nil
    }

    private static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var cursor = Cursor(bytes)
        var fields = Fields()
        guard let year = cursor.digits(4), cursor.skip(ASCII.minus), let month = cursor.digits(2),
            cursor.skip(ASCII.minus), let day = cursor.digits(2)
        else { return nil }
        fields.year = year
        fields.month = month
        fields.day = day
        if cursor.atEnd { return date(fields) }
        guard let separator = cursor.current, separator == 0x54 || separator == 0x74 || separator == ASCII.space
        else { return nil }
        cursor.index += 1
        guard cursor.time(into: &fields) else { return nil }
        guard let offset = isoZoneOffset(bytes, from: cursor.index) else { return nil }
        fields.offset = offset
        return date(fields)
    }

    /// What the RFC 822 reader has found so far.
    private struct RFC822Parts {
        var fields = Fields()
        var day: Int?
        var month: Int?
        var year: Int?
        var sawTime = false
        var meridiem: Int?
        /// The zone and whether it was numeric; a numeric offset beats a name that merely repeats it
        /// (`-0500 (EST)`, `-0500 EST`, `+0000 UTC` as Go prints it).
        var zone: (offset: Int, numeric: Bool)?

        mutating func setZone(_ zone: (offset: Int, numeric: Bool)) -> Bool {
            switch (self.zone?.numeric, zone.numeric) {
            case (nil, _), (false, true): self.zone = zone
            case (true, false): break
            case (true, true), (false, false): return false
            }
            return true
        }
    }

    /// RFC 822 and its relatives, read token by token so that the sloppy variants feeds publish
    /// (month-first, RFC 850 dashes, comments, offsets with colons) work without a list of formats.
    private static func parseRFC822(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var parts = RFC822Parts()
        var index = 0
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            if isSpace(byte) || byte == ASCII.comma {
                index += 1
                continue
            }
            if byte == 0x28 {
                while index < end && bytes[index] != 0x29 { index += 1 }
                index += 1
                continue
            }
            var tokenEnd = index
            while tokenEnd < end, !isSpace(bytes[tokenEnd]), bytes[tokenEnd] != ASCII.comma, bytes[tokenEnd] != 0x28 {
                tokenEnd += 1
            }
            guard readRFC822Token(bytes, index..<tokenEnd, into: &parts) else { return nil }
            index = tokenEnd
        }
        guard let day = parts.day, let month = parts.month, let year = parts.year else { return nil }
        var fields = parts.fields
        fields.day = day
        fields.month = month
        fields.year = year
        if let meridiem = parts.meridiem {
            guard (1...12).contains(fields.hour) else { return nil }
            fields.hour = fields.hour % 12 + meridiem
        }
        fields.offset = parts.zone?.offset ?? 0
        return date(fields)
    }

    /// Reads one whitespace-separated token of an RFC 822 style date; false when it does not fit.
    private static func readRFC822Token(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, into parts: inout RFC822Parts
    ) -> Bool {
        let first = bytes[token.lowerBound]
        if ASCII.isDigit(first) {
            var cursor = Cursor(bytes, from: token.lowerBound, to: token.upperBound)
            guard let number = cursor.digits(upTo: 4) else { return false }
            if cursor.current == ASCII.colon {
                guard !parts.sawTime else { return false }
                cursor.index = token.lowerBound
                guard cursor.time(into: &parts.fields) else { return false }
                parts.sawTime = true
                // A zone glued to the time: `16:10:36Z`, `16:10:36+01:00`.
                guard !cursor.atEnd else { return true }
                guard let zone = zoneOffset(bytes, cursor.index..<token.upperBound) else { return false }
                return parts.setZone(zone)
            }
            if cursor.skip(ASCII.minus) {
                // RFC 850: `22-Nov-26`.
                guard parts.day == nil, parts.month == nil, parts.year == nil else { return false }
                let nameStart = cursor.index
                while let current = cursor.current, ASCII.isLetter(current) { cursor.index += 1 }
                guard let month = monthNumber(bytes, nameStart..<cursor.index), cursor.skip(ASCII.minus),
                    let year = cursor.digits(upTo: 4), cursor.atEnd, number.count <= 2
                else { return false }
                parts.day = number.value
                parts.month = month
                parts.year = fullYear(year)
                return true
            }
            guard cursor.atEnd else { return false }
            if number.count == 4 || parts.day != nil {
                guard parts.year == nil else { return false }
                parts.year = fullYear(number)
            } else {
                guard number.count <= 2 else { return false }
                parts.day = number.value
            }
            return true
        }
        if ASCII.isLetter(first) {
            var letterEnd = token.lowerBound
            while letterEnd < token.upperBound && ASCII.isLetter(bytes[letterEnd]) { letterEnd += 1 }
            let letters = token.lowerBound..<letterEnd
            if letterEnd == token.upperBound || (letterEnd + 1 == token.upperBound && bytes[letterEnd] == ASCII.dot) {
                if let month = monthNumber(bytes, letters) {
                    guard parts.month == nil else { return false }
                    parts.month = month
                    return true
                }
                if isWeekday(bytes, letters) { return true }
                if parts.sawTime, parts.meridiem == nil, let meridiem = meridiemValue(bytes, letters) {
                    parts.meridiem = meridiem
                    return true
                }
            }
        } else if first != ASCII.plus && first != ASCII.minus {
            return false
        }
        guard let zone = zoneOffset(bytes, token) else { return false }
        return parts.setZone(zone)
    }

    /// The UTC offset in seconds written in `range`, and whether it was given as a number: `Z`, a
    /// numeric offset (`+01`, `+0100`, `+01:00`), a zone name, a name with an offset (`GMT+01:00`).
    private static func zoneOffset(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, military: Bool = true
    ) -> (offset: Int, numeric: Bool)? {
        var cursor = Cursor(bytes, from: range.lowerBound, to: range.upperBound)
        guard let first = cursor.current else { return nil }
        if first == ASCII.plus || first == ASCII.minus {
            guard let offset = numericOffset(&cursor), cursor.atEnd else { return nil }
            return (offset, true)
        }
        while let current = cursor.current, ASCII.isLetter(current) { cursor.index += 1 }
        let name = range.lowerBound..<cursor.index
        guard military || name.count > 1 || bytes[name.lowerBound] | 0x20 == 0x7A,
            let named = namedZoneOffset(bytes, name)
        else { return nil }
        if cursor.atEnd { return (named, false) }
        guard let offset = numericOffset(&cursor), cursor.atEnd else { return nil }
        return (named + offset, true)
    }

    /// The zone after an ISO 8601 time: nothing (UTC), `Z`, an offset, optionally followed by a
    /// space and a zone name as Go and Ruby print it (`+0000 UTC`), or such a name alone.
    private static func isoZoneOffset(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var tokens: [Range<Int>] = []
        var index = start
        while index < bytes.count {
            if isSpace(bytes[index]) {
                index += 1
                continue
            }
            let tokenStart = index
            while index < bytes.count && !isSpace(bytes[index]) { index += 1 }
            tokens.append(tokenStart..<index)
        }
        guard tokens.count <= 2 else { return nil }
        guard let first = tokens.first else { return 0 }
        guard let zone = zoneOffset(bytes, first, military: false) else { return nil }
        if tokens.count == 2 {
            guard zone.numeric, zoneOffset(bytes, tokens[1], military: false)?.numeric == false else { return nil }
        }
        return zone.offset
    }

    /// Two-digit years as RFC 2822 reads them (00–49 → 20xx, 50–99 → 19xx).
    private static func fullYear(_ number: (value: Int, count: Int)) -> Int {
        switch number.count {
        case 2: number.value < 50 ? 2000 + number.value : 1900 + number.value
        case 3: 1900 + number.value
        default: number.value
        }
    }

    /// `+HH`, `+H`, `+HHMM`, `+HH:MM` (or with `-`) in seconds east of UTC.
    private static func numericOffset(_ cursor: inout Cursor) -> Int? {
        let sign = cursor.current == ASCII.minus ? -1 : 1
        cursor.index += 1
        guard let first = cursor.digits(upTo: 4) else { return nil }
        var hours: Int
        var minutes = 0
        switch first.count {
        case 1, 2:
            hours = first.value
            if cursor.skip(ASCII.colon) {
                guard let value = cursor.digits(2) else { return nil }
                minutes = value
            }
        case 3, 4:
            hours = first.value / 100
            minutes = first.value % 100
        default:
            return nil
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// Offsets of zone names: the RFC 822 set, common unambiguous abbreviations, military letters.
    private static func namedZoneOffset(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 5 else { return nil }
        let name = upperName(bytes, range)
        if range.count == 1 {
            // Military zones as used in the field: A–I, K–M east (+1…+12), N–Y west (−1…−12), Z = UTC.
            // (RFC 822 printed these signs reversed; RFC 1123 acknowledged the error.)
            let letter = Int(bytes[range.lowerBound] | 0x20) - 0x61
            switch letter {
            case 0...8: return (letter + 1) * 3600
            case 10...12: return letter * 3600
            case 13...24: return -(letter - 12) * 3600
            case 25: return 0
            default: return nil
            }
        }
        guard let hours = zoneHours[name] else { return nil }
        return hours * 3600
    }

    /// Zone abbreviations that mean one thing in practice (IST, for one, does not, so it is absent).
    private static let zoneHours: [String: Int] = [
        "GMT": 0, "UT": 0, "UTC": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "MET": 1, "CEST": 2, "MEST": 2,
        "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
        "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
    ]

    private static func upperName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { buffer in
            for (offset, index) in range.enumerated() { buffer[offset] = bytes[index] & ~0x20 }
            return range.count
        }
    }

    /// Month numbers for English month names: three-letter, `Sept`, or in full, in any case.
    private static func monthNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.count >= 3 && range.count <= 9 else { return nil }
        let name = upperName(bytes, range)
        guard let month = monthPrefixes[String(name.prefix(3))] else { return nil }
        return range.count == 3 || name == monthNames[month - 1] || name == "SEPT" ? month : nil
    }

    private static let monthNames = [
        "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
        "NOVEMBER", "DECEMBER",
    ]

    private static let monthPrefixes: [String: Int] = Dictionary(
        uniqueKeysWithValues: monthNames.enumerated().map { (String($0.element.prefix(3)), $0.offset + 1) }
    )

    private static func isWeekday(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 3 && range.count <= 9 else { return false }
        let name = upperName(bytes, range)
        return weekdayNames.contains { full in
            full.hasPrefix(name) && (name.utf8.count == 3 || name == full || name == "TUES" || name.hasPrefix("THUR"))
        }
    }

    private static let weekdayNames = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]

    /// Hours to add for `AM`/`PM`, which some hand-rolled feeds append.
    private static func meridiemValue(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.count == 2 else { return nil }
        switch upperName(bytes, range) {
        case "AM": return 0
        case "PM": return 12
        default: return nil
        }
    }
}
