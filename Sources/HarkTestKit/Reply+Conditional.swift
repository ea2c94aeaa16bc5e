public import Foundation

extension Reply {
    /// Answers a conditional GET the way a well-behaved origin does: 304 when the request's
    /// `If-None-Match` names `etag` (or `*`), or, when it sends no `If-None-Match`, when its
    /// `If-Modified-Since` is not older than `lastModified`; otherwise 200 with the body. Both
    /// answers carry the validators, so a poller's conditional GET can be tested end to end.
    ///
    /// `lastModified` is an HTTP date, e.g. from ``httpDate(_:)``.
    public static func conditional(
        request: RecordedRequest, body: [UInt8], etag: String? = nil, lastModified: String? = nil,
        contentType: String = "application/octet-stream"
    ) -> Reply {
        var validators = HeaderFields()
        if let etag { validators.add("ETag", etag) }
        if let lastModified { validators.add("Last-Modified", lastModified) }

        if isNotModified(request: request, etag: etag, lastModified: lastModified) {
            return Reply(status: 304, headers: validators)
        }
        var headers = HeaderFields([(name: "Content-Type", value: contentType)])
        for field in validators { headers.add(field.name, field.value) }
        return Reply(status: 200, headers: headers, body: body)
    }

    /// The conditional answer for a text body.
    public static func conditional(
        request: RecordedRequest, body: String, etag: String? = nil, lastModified: String? = nil,
        contentType: String = "text/plain; charset=utf-8"
    ) -> Reply {
        conditional(
            request: request, body: Array(body.utf8), etag: etag, lastModified: lastModified,
            contentType: contentType)
    }

    /// `date` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form of `Last-Modified`.
    public static func httpDate(_ date: Date) -> String {
        HTTPDate.format(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    private static func isNotModified(request: RecordedRequest, etag: String?, lastModified: String?) -> Bool {
        if let ifNoneMatch = request.header("If-None-Match") {
            guard let etag else { return false }
            let wanted = opaqueTag(etag)
            return ifNoneMatch.split(separator: ",").contains { candidate in
                let tag = candidate.trimmingCharacters(in: .whitespaces)
                return tag == "*" || opaqueTag(tag) == wanted
            }
        }
        guard let ifModifiedSince = request.header("If-Modified-Since"), let lastModified else { return false }
        if let since = HTTPDate.parse(ifModifiedSince), let modified = HTTPDate.parse(lastModified) {
            return modified <= since
        }
        return ifModifiedSince == lastModified
    }

    /// An entity tag without its weakness marker: `If-None-Match` uses weak comparison.
    private static func opaqueTag(_ tag: String) -> String {
        tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }
}

/// IMF-fixdate formatting and parsing, without locale-dependent formatters.
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since 1970 (UTC).
    static func format(secondsSince1970 seconds: Int) -> String {
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        let weekday = weekdays[days.floorModulo(7)]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    /// Parses an IMF-fixdate into seconds since 1970, or nil for anything else.
    static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT",
            let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        let days = daysSince1970(year: year, month: monthIndex + 1, day: day)
        return days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2]
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear.floorDivided(by: 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysSince1970(year:month:day:)``.
    private static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int) -> Int {
        self - floorDivided(by: divisor) * divisor
    }
}
