import Foundation
import HarkCore
import Testing

@Suite struct TimestampTests {
    /// 2026-11-22T16:10:36Z.
    private let reference = Date(timeIntervalSince1970: 1_795_363_836)

    private func seconds(_ text: String) -> Double? {
        Timestamp.parse(text)?.timeIntervalSince1970
    }

    @Test(arguments: [
        "Sun, 22 Nov 2026 16:10:36 GMT",
        "Sun, 22 Nov 2026 16:10:36 +0000",
        "Sun, 22 Nov 2026 16:10:36 UT",
        "Sun, 22 Nov 2026 16:10:36 UTC",
        "Sun, 22 Nov 2026 16:10:36 Z",
        "22 Nov 2026 16:10:36 GMT",
        "Sun, 22 Nov 26 16:10:36 GMT",
        "Sun,22 Nov 2026 16:10:36 GMT",
        "Sunday, 22 November 2026 16:10:36 GMT",
        "Sun, 22 Nov 2026 17:10:36 +0100",
        "Sun, 22 Nov 2026 17:10:36 +01:00",
        "Sun, 22 Nov 2026 21:40:36 +0530",
        "Sun, 22 Nov 2026 10:40:36 -0530",
        "Sun, 22 Nov 2026 11:10:36 EST",
        "Sun, 22 Nov 2026 12:10:36 EDT",
        "Sun, 22 Nov 2026 10:10:36 CST",
        "Sun, 22 Nov 2026 11:10:36 CDT",
        "Sun, 22 Nov 2026 09:10:36 MST",
        "Sun, 22 Nov 2026 10:10:36 MDT",
        "Sun, 22 Nov 2026 08:10:36 PST",
        "Sun, 22 Nov 2026 09:10:36 PDT",
        "Sun, 22 Nov 2026 08:10:36 -0800 (PST)",
        "Sun, 22 Nov 2026 08:10:36 -0800 PST",
        "Sun, 22 Nov 2026 17:10:36 A",
        "Sun, 22 Nov 2026 15:10:36 N",
        "Sun, 22 Nov 2026 16:10:36",
        "sun, 22 nov 2026 16:10:36 gmt",
        "Sun, 22 Nov 2026 17:10:36 GMT+01:00",
        "Mon, 22 Nov 2026 16:10:36 GMT",
        "Sunday, 22-Nov-26 16:10:36 GMT",
        "Sun Nov 22 16:10:36 2026",
        "Nov 22, 2026 4:10:36 PM",
        "  Sun, 22 Nov 2026 16:10:36 GMT\n",
        "2026-11-22T16:10:36Z",
        "2026-11-22t16:10:36z",
        "2026-11-22 16:10:36Z",
        "2026-11-22T16:10:36+00:00",
        "2026-11-22T21:40:36+05:30",
        "2026-11-22T21:40:36+0530",
        "2026-11-22T11:10:36-05:00",
        "2026-11-22T16:10:36",
        "2026-11-22 16:10:36 +0000 UTC",
        "1795363836",
        "1795363836000",
    ])
    func parsesTheReferenceInstant(_ text: String) {
        #expect(seconds(text) == reference.timeIntervalSince1970, "\(text)")
    }

    @Test func optionalSecondsAndFractions() {
        #expect(seconds("Sun, 22 Nov 2026 16:10 GMT") == 1_795_363_800)
        #expect(seconds("2026-11-22T16:10Z") == 1_795_363_800)
        #expect(seconds("2026-11-22T16:10:36.5Z") == 1_795_363_836.5)
        #expect(abs(seconds("2026-11-22T16:10:36.123456789123Z")! - 1_795_363_836.123456789) < 1e-6)
        #expect(seconds("2026-11-22T16:10:36,25Z") == 1_795_363_836.25)
        #expect(seconds("1795363836.75") == 1_795_363_836.75)
    }

    @Test func dateAloneIsMidnightUTC() {
        #expect(seconds("2026-11-22") == 1_795_305_600)
        #expect(seconds("22 Nov 2026") == 1_795_305_600)
    }

    @Test func twoDigitYearsFollowRFC2822() {
        #expect(Timestamp.rfc3339(Timestamp.parse("Sat, 01 Jan 49 00:00:00 GMT")!) == "2049-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(Timestamp.parse("Fri, 01 Jan 99 00:00:00 GMT")!) == "1999-01-01T00:00:00Z")
    }

    @Test(arguments: [
        "", "   ", "garbage", "Sun, 32 Nov 2026 16:10:36 GMT", "Sun, 31 Nov 2026 16:10:36 GMT",
        "Sun, 29 Feb 2026 16:10:36 GMT", "Sun, 22 Foo 2026 16:10:36 GMT", "Sun, 22 Nov 2026 24:00:00 GMT",
        "Sun, 22 Nov 2026 16:60:00 GMT", "Sun, 22 Nov 2026 16:10:36 XYZ", "Sun, 22 Nov 2026 16:10:36 +2500",
        "Sun, 22 Nov 2026 16:10:36 GMT garbage", "2026-13-01", "2026-02-30", "2026-00-10", "2026-11-22T25:00:00Z",
        "2026-11-22T16:10:36+25:00", "2026-11-22T16:10:36Q", "2026-11-22T", "2026-11-22T16", "2026-11-22X16:10:36Z",
        "2026-11-22T16:10:36.Z", "Nov 2026", "12:00", "-", "1.2.3", "1e9", "0x10", "Sun, 22 Nov 2026 16:10:36 J",
    ])
    func rejectsImpossibleOrUnreadable(_ text: String) {
        #expect(Timestamp.parse(text) == nil, "\(text)")
    }

    @Test func leapDaysAreValidatedByCalendar() {
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") != nil)
        #expect(Timestamp.parse("2000-02-29T00:00:00Z") != nil)
        #expect(Timestamp.parse("1900-02-29T00:00:00Z") == nil)
    }

    @Test func epochValues() {
        #expect(Timestamp.fromEpoch(1_795_363_836) == reference)
        #expect(Timestamp.fromEpoch(1_795_363_836_000) == reference)
        #expect(Timestamp.fromEpoch(0) == Date(timeIntervalSince1970: 0))
        #expect(Timestamp.fromEpoch(99_999_999_999).timeIntervalSince1970 == 99_999_999_999)
    }

    @Test func rfc3339Output() {
        #expect(Timestamp.rfc3339(reference) == "2026-11-22T16:10:36Z")
        #expect(Timestamp.rfc3339(reference.addingTimeInterval(0.999)) == "2026-11-22T16:10:36Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59Z")
        // Beyond four-digit years: as many digits as the year needs, a sign before years before 0.
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: -62_167_219_200)) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: -62_167_219_201)) == "-0001-12-31T23:59:59Z")
        // Far-off times are clamped to about a hundred million years, nine digits.
        let far = Timestamp.rfc3339(Date(timeIntervalSince1970: 1e17))
        #expect(far == Timestamp.rfc3339(Date(timeIntervalSince1970: 3.2e15)))
        #expect(far.prefix(while: \.isNumber).count == 9)
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: -1e17)).hasPrefix("-"))
    }

    @Test func rfc3339RoundTripsAcrossCenturies() {
        var seconds = -2_208_988_800.0
        while seconds < 4_102_444_800 {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.parse(Timestamp.rfc3339(date)) == date)
            seconds += 86_400 * 37 + 3_671
        }
    }

    @Test func agreesWithFoundationOnRealWorldFeeds() {
        let formatter = ISO8601DateFormatter()
        let samples = [
            ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
            ("Wed, 02 Oct 2002 08:00:00 EST", "2002-10-02T13:00:00Z"),
            ("Wed, 02 Oct 2002 15:00:00 +0200", "2002-10-02T13:00:00Z"),
            ("Thu, 01 Jan 1970 00:00:00 +0000", "1970-01-01T00:00:00Z"),
            ("Mon, 29 Feb 2016 23:59:59 -1200", "2016-03-01T11:59:59Z"),
            ("2003-12-13T18:30:02.25+01:00", "2003-12-13T17:30:02Z"),
        ]
        for (text, expected) in samples {
            let parsed = Timestamp.parse(text)
            #expect(parsed.map(Timestamp.rfc3339) == expected, "\(text)")
            #expect(parsed.map { formatter.string(from: $0) } == expected, "\(text)")
        }
    }
}
