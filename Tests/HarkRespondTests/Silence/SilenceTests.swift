import Foundation
import HarkCore
import HarkLearn
import Testing
@testable import HarkRespond

@Suite("silences")
struct SilenceTests {
    static let yaml = """
        - match: { connector: appstore }
          match_re: { topic: "checkin|login" }
          starts_at: 2026-03-01T09:00:00Z
          ends_at: "2026-03-02T09:00:00+01:00"
          comment: beta build, known issue
          created_by: ana
        """

    @Test("a silence from the rules holds inside its time range only")
    func timeRange() throws {
        let silences = try Silence.parseList(TestYAML.parse(Self.yaml, file: "rules/silences.yaml"))
        #expect(silences.count == 1)
        let silence = silences[0]
        #expect(silence.comment == "beta build, known issue")
        #expect(silence.createdBy == "ana")
        #expect(silence.position?.description == "rules/silences.yaml:1:3")
        let start = Timestamp.parse("2026-03-01T09:00:00Z")!
        let end = Timestamp.parse("2026-03-02T08:00:00Z")!
        let alert = Fixtures.alert("1", connector: "appstore", topics: ["pricing", "checkin"])
        #expect(!silence.silences(alert, at: start.addingTimeInterval(-1)))
        #expect(silence.silences(alert, at: start))
        #expect(silence.silences(alert, at: end.addingTimeInterval(-1)))
        #expect(!silence.silences(alert, at: end), "ends_at is exclusive")
        #expect(!silence.silences(Fixtures.alert("2", connector: "reddit", topics: ["checkin"]), at: start))
        #expect(!silence.silences(Fixtures.alert("3", connector: "appstore", topics: ["billing"]), at: start))
    }

    @Test("silence errors name their position")
    func errors() {
        func errors(_ yaml: String) -> [String] {
            Silence.parseAll(TestYAML.parse(yaml, file: "rules/s.yaml")).errors.map(\.description)
        }
        #expect(errors("- ends_at: 2026-03-02T09:00:00Z\n  comment: all\n")
            == ["rules/s.yaml:1:3: a silence needs 'match' or 'match_re' (a silence of everything is a mistake)"])
        #expect(errors("- match: { topic: a }\n  ends_at: tomorrow\n")
            == ["rules/s.yaml:2:12: expected ends_at as an RFC 3339 time like 2026-03-01T09:00:00Z, found 'tomorrow'"])
        #expect(errors("- match: { topic: a }\n  starts_at: 2026-03-02\n  ends_at: 2026-03-01\n")
            == ["rules/s.yaml:3:12: ends_at must be after starts_at"])
        #expect(errors("- match: { topic: a }\n  ends_at: 2026-03-01\n  coment: x\n")
            == ["rules/s.yaml:3:3: unknown key 'coment' in silence; did you mean 'comment'?"])
        #expect(errors("- match: { topic: a }\n") == ["rules/s.yaml:1:3: silence is missing required key 'ends_at'"])
    }

    @Test("silences can be added and expired at runtime")
    func runtime() throws {
        var silences = Silences()
        let silence = Silence(
            matchers: [.equal(.topic, "billing")], startsAt: Fixtures.at(0), endsAt: Fixtures.at(3600), createdBy: "cli")
        silences.add(silence)
        silences.add(silence)
        #expect(silences.all.count == 1, "adding the same silence again replaces it")
        let alert = Fixtures.alert("1", topics: ["billing"])
        #expect(silences.silencing(alert, at: Fixtures.at(100))?.id == silence.id)
        let expired = silences.expire(id: silence.id, at: Fixtures.at(200))
        #expect(expired)
        #expect(silences.silencing(alert, at: Fixtures.at(150)) != nil)
        #expect(silences.silencing(alert, at: Fixtures.at(200)) == nil)
        let again = silences.expire(id: silence.id, at: Fixtures.at(300))
        #expect(!again, "already over")
        let unknown = silences.expire(id: "nope", at: Fixtures.at(300))
        #expect(!unknown)
        silences.prune(endedBy: Fixtures.at(200))
        #expect(silences.all.isEmpty)
    }

    @Test("silence ids are stable")
    func stableID() {
        let make = {
            Silence(matchers: [.equal(.topic, "billing")], startsAt: Fixtures.at(0), endsAt: Fixtures.at(60), createdBy: "a")
        }
        #expect(make().id == make().id)
        #expect(make().id != Silence(matchers: [.equal(.topic, "pricing")], startsAt: Fixtures.at(0), endsAt: Fixtures.at(60), createdBy: "a").id)
    }
}
