import Foundation
import HarkCore
import HarkHTTP
import HarkListen
import Testing

@Suite struct JSONAPIConnectorTests {
    let apiURL = "https://reviews.example.com/api/v2/reviews?product=42"

    static let mapping = """
        name: reviews
        type: json
        url: https://reviews.example.com/api/v2/reviews?product=42
        items: data.reviews
        fields:
          id: review_id
          text: body
          title: headline
          author: user.name
          url: permalink
          published_at: created
          rating: stars
          language: lang
          meta:
            helpful: stats.helpful
        tags: [reviews]
        """

    func parse(_ fixture: String, yaml: String = mapping) throws -> ParsedPage {
        let connector = try JSONAPIConnector(definition: ConnectorFixtures.definition(yaml))
        return try connector.parse(
            ConnectorFixtures.response(fixture, url: apiURL), fetchedAt: ConnectorFixtures.fetchedAt)
    }

    @Test func mapsEachField() throws {
        let review = try #require(try parse("json/reviews.json").mentions.first)
        #expect(review.id == "90001")
        #expect(review.source == .json)
        #expect(review.title == "Great & fast")
        #expect(review.text == "Pickup was quick.")
        #expect(review.author == "Sam K.")
        #expect(review.url == "https://reviews.example.com/reviews/90001")
        #expect(review.publishedAt == ConnectorFixtures.utc("2024-05-27T06:00:00Z"))
        #expect(review.rating == 4)
        #expect(review.language == "en")
        #expect(review.tags == ["reviews"])
        #expect(review.meta == ["helpful": "12"])
    }

    @Test func nullsStringNumbersAndEpochMilliseconds() throws {
        let review = try parse("json/reviews.json").mentions[1]
        #expect(review.id == "90002")
        #expect(review.title == nil)
        #expect(review.author == nil)
        #expect(review.text == "Não gostei do café ☹️")
        #expect(review.rating == 2)
        #expect(review.language == "pt-BR")
        #expect(review.publishedAt == ConnectorFixtures.utc("2024-05-27T08:53:20Z"))
        #expect(review.meta.isEmpty)
    }

    @Test func badItemsBecomeWarningsAndBadValuesAreDropped() throws {
        let page = try parse("json/reviews.json")
        #expect(page.mentions.map(\.id) == ["90001", "90002", "90003", "90005"])
        let outOfRange = page.mentions[2]
        #expect(outOfRange.rating == nil)
        #expect(outOfRange.publishedAt == ConnectorFixtures.fetchedAt)
        let numbers = page.mentions[3]
        #expect(numbers.text == "12345")
        #expect(numbers.rating == 5)
        #expect(numbers.publishedAt == ConnectorFixtures.utc("2024-05-27T10:00:00Z"))
        #expect(
            page.warnings == [
                "item 2 of data.reviews: unreadable time 'sometime'; using the fetch time",
                "item 2 of data.reviews: rating '9' is not 1 to 5; left out",
                "item 3 of data.reviews: no text at 'body'; skipped",
                "item 4 of data.reviews: no id at 'review_id'; skipped",
            ])
    }

    @Test func theDocumentItselfCanBeTheArray() throws {
        let yaml = """
            name: bare
            type: json
            url: https://api.example.com/messages
            items: "."
            fields: { id: id, text: message }
            source: forum
            """
        let page = try parse("json/top-level-array.json", yaml: yaml)
        #expect(page.mentions.map(\.text) == ["Hello from a bare array", "Second"])
        #expect(page.mentions.first?.source == SourceKind("forum"))
    }

    @Test func itemsThatAreNotAnArrayFail() throws {
        let failure = #expect(throws: ParseFailure.self) { try parse("json/top-level-array.json") }
        #expect(
            failure?.message == "expected 'data.reviews' to be an array of items (see 'items'), found nothing there")
    }

    @Test func invalidJSONNamesLineAndColumn() throws {
        let failure = #expect(throws: ParseFailure.self) { try parse("json/invalid.json") }
        #expect(failure?.location == "line 5, column 23")
    }

    static func error(_ yaml: String) -> String? {
        ConnectorFixtures.configError {
            _ = try JSONAPIConnector(definition: ConnectorFixtures.definition(yaml))
        }
    }

    @Test func mappingMistakesPointAtTheirKey() {
        let head = "name: x\ntype: json\nurl: https://api.example.com/x\n"
        #expect(
            Self.error(head + "fields:\n  text: body\n")
                == "/etc/hark/connectors/test.yaml:5:3: fields is missing required key 'id'")
        #expect(
            Self.error(head + "fields:\n  id: [a, b]\n  text: body\n")
                == "/etc/hark/connectors/test.yaml:5:7: expected fields.id to be a dotted path like user.name,"
                + " found a list")
        #expect(
            Self.error(head + "fields:\n  id: id\n  text: body\n  autor: user\n")
                == "/etc/hark/connectors/test.yaml:7:3: unknown key 'autor' in fields; did you mean 'author'?")
        #expect(
            Self.error(head + "fields:\n  id: id\n  text: data..body\n")
                == "/etc/hark/connectors/test.yaml:6:9: fields.text has an empty step in path 'data..body'")
        #expect(
            Self.error(head + "fields: body\n")
                == "/etc/hark/connectors/test.yaml:4:9: expected fields to be a mapping, found a scalar")
        #expect(
            Self.error(head + "fields: { id: id, text: body }\nitem: data\n")
                == "/etc/hark/connectors/test.yaml:5:1: unknown key 'item' in connector file; did you mean 'items'?")
        #expect(
            Self.error(head + "fields: { id: id, text: body }\nsource: \"my source\"\n")
                == "/etc/hark/connectors/test.yaml:5:9: source must be a short label of letters, digits, '-' and '_',"
                + " found 'my source'")
        #expect(
            Self.error(head)
                == "/etc/hark/connectors/test.yaml:1:1: connector file is missing required key 'fields'")
    }
}
