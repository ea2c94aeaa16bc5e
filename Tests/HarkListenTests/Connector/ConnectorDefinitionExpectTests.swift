import HarkCore
import HarkListen
import Testing

/// `expect_every:`: how long a source may stay quiet before hark says it is listening blind.
@Suite("ConnectorDefinition expect_every")
struct ConnectorDefinitionExpectTests {
    static let position = SourcePosition(file: "connectors/feed.yaml", line: 3, column: 15)

    static func definition(every: String, expect: String?) throws(ConfigError) -> ConnectorDefinition {
        var pairs: [(String, String)] = [
            ("name", "feed"), ("type", "feed"), ("url", "https://example.com/feed.xml"), ("every", every),
        ]
        if let expect { pairs.append(("expect_every", expect)) }
        let entries = pairs.map {
            ConfigNode.Entry(key: $0.0, keyPosition: position, value: ConfigNode(.scalar($0.1), at: position))
        }
        return try ConnectorDefinition(node: ConfigNode(.mapping(entries), at: position))
    }

    @Test("absent, hark derives it (nil); present, it is read as a duration")
    func reads() throws {
        #expect(try Self.definition(every: "5m", expect: nil).expectEvery == nil)
        #expect(try Self.definition(every: "5m", expect: "6h").expectEvery == .seconds(6 * 3600))
    }

    @Test("shorter than the poll interval is an error at the key's position")
    func tooShort() {
        #expect {
            try Self.definition(every: "10m", expect: "5m")
        } throws: { error in
            let error = error as? ConfigError
            return error?.position == Self.position && error?.message.contains("expect_every") == true
        }
    }
}
