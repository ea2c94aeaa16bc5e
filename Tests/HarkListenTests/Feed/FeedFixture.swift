import Foundation
import HarkListen
import Testing

/// Loads the feed documents in `Fixtures/feeds/` and parses them as if fetched from a URL.
enum FeedFixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return Array(try Data(contentsOf: folder.appendingPathComponent("feeds").appendingPathComponent(name)))
    }

    static func parse(_ name: String, url: String = "https://feeds.example/feed") throws -> ParsedFeed {
        try FeedParser.parse(bytes(name), url: url)
    }

    /// The failure a document is expected to produce.
    static func failure(_ name: String) throws -> ParseFailure? {
        failure(of: try bytes(name))
    }

    static func failure(of bytes: [UInt8]) -> ParseFailure? {
        do {
            _ = try FeedParser.parse(bytes, url: "https://feeds.example/feed")
            return nil
        } catch {
            return error
        }
    }
}

/// A UTC instant, written out so tests do not depend on the date parser they check.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(
        from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}
