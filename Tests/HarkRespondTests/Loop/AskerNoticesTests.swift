import Foundation
import HarkCore
import Testing

@testable import HarkRespond

@Suite("notices to askers")
struct AskerNoticesTests {
    func asker(_ id: String, _ author: String?, connector: String = "forum") -> ThemeSnapshot.Asker {
        ThemeSnapshot.Asker(
            theme: "t", author: author, url: "https://x/\(id)", connector: connector, mentionID: id,
            at: Date(timeIntervalSince1970: 0), duplicate: false)
    }

    @Test("people are connector and author (case folded); a post without author is its own person")
    func people() {
        let people = AskerNotices.people([
            asker("1", "Ana"), asker("2", "ana"), asker("3", "ana", connector: "reddit"), asker("4", nil),
            asker("5", " "),
        ])
        #expect(people.map(\.key) == ["forum/ana", "reddit/ana", "forum#4", "forum#5"])
        #expect(people[0].posts.map(\.mentionID) == ["1", "2"])
    }

    @Test("ids depend on theme, person and receiver only, so a rerun gives the same ids")
    func stableIDs() {
        let people = AskerNotices.people([asker("1", "ana"), asker("2", "ben")])
        let targets = [
            AskerNotices.Target(receiver: "crm", routeID: "r1", style: .perAsker),
            AskerNotices.Target(receiver: "cm", routeID: "r2", style: .list),
        ]
        let theme: JSONValue = .object(JSONObject([("id", .string("t")), ("label", .string("guest passes"))]))
        let first = AskerNotices.notices(theme: theme, themeID: "t", people: people, targets: targets, at: Date())
        let second = AskerNotices.notices(
            theme: theme, themeID: "t", people: people, targets: targets, at: Date().addingTimeInterval(99))
        #expect(first.map(\.notification.id) == second.map(\.notification.id))
        #expect(first.count == 3, "two for the per-asker receiver, one list")
        #expect(Set(first.map(\.notification.id)).count == 3)
        #expect(first[2].notification.alerts[0].theme?["askers"]?.arrayValue?.count == 2)
        #expect(first[0].notification.alerts[0].labels[.kind] == "theme-shipped")
    }
}
