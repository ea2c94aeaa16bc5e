import Foundation
import HarkCore
import HarkLearn
import Testing
@testable import HarkRespond

@Suite("alerts")
struct AlertTests {
    @Test("a mention alert carries the mention's labels, several topics joined with commas")
    func mentionLabels() {
        let labelled = Fixtures.mention(
            "42", connector: "reddit-brand", source: .reddit, topics: ["pricing", "billing"], sentiment: .negative,
            demand: true, language: "de", tags: ["brand", "eu"])
        let alert = Alert.mention(labelled, firedAt: Fixtures.t0, severity: "warning")
        #expect(alert.kind == .mention)
        #expect(alert.labels.rendered.map { "\($0.name)=\($0.value)" } == [
            "kind=mention", "topic=pricing,billing", "sentiment=negative", "abusive=false", "demand=true",
            "source=reddit", "connector=reddit-brand", "language=de", "severity=warning", "tag=brand,eu",
        ])
        #expect(alert.labels.values(.topic) == ["pricing", "billing"])
    }

    @Test("ids are stable: same mention, same id; another connector or mention, another id")
    func stableIDs() {
        let a = Alert.mention(Fixtures.mention("42", connector: "appstore"), firedAt: Fixtures.t0)
        let again = Alert.mention(
            Fixtures.mention("42", connector: "appstore", topics: ["billing"]), firedAt: Fixtures.at(600))
        let otherConnector = Alert.mention(Fixtures.mention("42", connector: "reddit"), firedAt: Fixtures.t0)
        let otherID = Alert.mention(Fixtures.mention("43", connector: "appstore"), firedAt: Fixtures.t0)
        #expect(a.id == again.id)
        #expect(a.id != otherConnector.id && a.id != otherID.id)
        // Pinned: this value must not change between releases, or receivers would see old alerts as new.
        #expect(a.id == Alert.mentionID(connector: "appstore", id: "42"))
        #expect(a.id == "9395bff9a0e940beaf2d0792c40ac591")
        #expect(a.id.count == 32)
        let spike = Alert(kind: .spike, key: "surge@2026-11-22T10:00:00Z", firedAt: Fixtures.t0)
        #expect(spike.id == Alert(kind: .spike, key: "surge@2026-11-22T10:00:00Z", firedAt: Fixtures.at(5)).id)
        #expect(spike.id != Alert(kind: .theme, key: "surge@2026-11-22T10:00:00Z", firedAt: Fixtures.t0).id)
    }

    @Test("the stable hash separates fields")
    func hashSeparatesFields() {
        #expect(StableHash.hex("ab", "c") != StableHash.hex("a", "bc"))
        #expect(StableHash.hex("") != StableHash.hex("", ""))
    }

    @Test("an alert's JSON has id, kind, labels, the details present, and fired_at")
    func json() throws {
        let mention = Alert.mention(Fixtures.mention("7", topics: ["billing"]), firedAt: Fixtures.t0)
        let object = try #require(mention.json.objectValue)
        #expect(object.keys == ["id", "kind", "labels", "mention", "fired_at"])
        #expect(object["labels"]?["topic"] == "billing")
        #expect(object["labels"]?["abusive"] == "false")
        #expect(object["labels"]?["theme"] == nil, "absent labels are left out")
        #expect(object["mention"]?["topics"] == ["billing"])
        #expect(object["fired_at"] == .string(Timestamp.rfc3339(Fixtures.t0)))
        let spike = try #require(Fixtures.spike("surge", topic: "billing").json.objectValue)
        #expect(spike.keys == ["id", "kind", "labels", "spike", "fired_at"])
        #expect(spike["labels"]?["spike"] == "surge")
        #expect(spike["spike"]?["count"] == 12)
    }
}
