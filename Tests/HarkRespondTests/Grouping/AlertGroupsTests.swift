import Foundation
import HarkCore
import HarkLearn
import Testing
@testable import HarkRespond

@Suite("grouping and pacing")
struct AlertGroupsTests {
    /// A route grouping by connector with 30s wait, 5m interval, 1h repeat.
    func route(groupBy: GroupBy = .labels([.connector])) -> RouteNode {
        RouteNode(
            id: "{}", receiver: "team", receiverPosition: nil, matchers: [], continues: false,
            grouping: GroupSettings(
                groupBy: groupBy, groupWait: .seconds(30), groupInterval: .seconds(300), repeatInterval: .seconds(3600)),
            children: [], parent: nil, position: SourcePosition(file: "r.yaml", line: 1, column: 1))
    }

    func ids(_ notifications: [AlertNotification]) -> [[String]] {
        notifications.map { $0.alerts.map { $0.mention!.mention.id } }
    }

    @Test("the first alert of a group waits group_wait, gathering the burst")
    func groupWait() {
        var groups = AlertGroups()
        let route = route()
        #expect(groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(0))
            == .queued(groupKey: #"{}:{connector="appstore"}"#, sendAt: Fixtures.at(30)))
        _ = groups.add(Fixtures.alert("b"), to: route, at: Fixtures.at(10))
        _ = groups.add(Fixtures.alert("c", connector: "reddit"), to: route, at: Fixtures.at(20))
        #expect(groups.nextDeadline == Fixtures.at(30))
        #expect(groups.due(at: Fixtures.at(29)).isEmpty)
        let sent = groups.due(at: Fixtures.at(30))
        #expect(ids(sent) == [["a", "b"]])
        #expect(sent[0].sentAt == Fixtures.at(30))
        #expect(ids(groups.due(at: Fixtures.at(50))) == [["c"]])
    }

    @Test("alerts after a notification wait for group_interval, then go out together")
    func groupInterval() {
        var groups = AlertGroups()
        let route = route()
        _ = groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(0))
        #expect(ids(groups.due(at: Fixtures.at(30))) == [["a"]])
        #expect(groups.add(Fixtures.alert("b"), to: route, at: Fixtures.at(60))
            == .queued(groupKey: #"{}:{connector="appstore"}"#, sendAt: Fixtures.at(330)))
        _ = groups.add(Fixtures.alert("c"), to: route, at: Fixtures.at(200))
        #expect(groups.due(at: Fixtures.at(329)).isEmpty)
        #expect(ids(groups.due(at: Fixtures.at(330))) == [["b", "c"]], "only new alerts, never a resend of a")
    }

    @Test("after a quiet interval a new burst waits group_wait again")
    func quietThenBurst() {
        var groups = AlertGroups()
        let route = route()
        _ = groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(0))
        _ = groups.due(at: Fixtures.at(30))
        #expect(groups.add(Fixtures.alert("b"), to: route, at: Fixtures.at(1000))
            == .queued(groupKey: #"{}:{connector="appstore"}"#, sendAt: Fixtures.at(1030)))
    }

    @Test("the same alert is not sent twice within repeat_interval, and is sent again after it")
    func repeatInterval() {
        var groups = AlertGroups()
        let route = route()
        _ = groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(0))
        #expect(groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(5))
            == .alreadyPending(groupKey: #"{}:{connector="appstore"}"#))
        #expect(ids(groups.due(at: Fixtures.at(30))) == [["a"]])
        #expect(groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(3629))
            == .recentlySent(groupKey: #"{}:{connector="appstore"}"#, sentAt: Fixtures.at(30)))
        #expect(groups.due(at: Fixtures.at(3629)).isEmpty)
        #expect(groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(3630))
            == .queued(groupKey: #"{}:{connector="appstore"}"#, sendAt: Fixtures.at(3660)))
        #expect(ids(groups.due(at: Fixtures.at(3660))) == [["a"]])
    }

    @Test("group_by '...' groups by every label; no group_by puts the route in one group")
    func groupByAll() {
        var all = AlertGroups()
        _ = all.add(Fixtures.alert("a", topics: ["billing"]), to: route(groupBy: .all), at: Fixtures.at(0))
        _ = all.add(Fixtures.alert("b", topics: ["billing"]), to: route(groupBy: .all), at: Fixtures.at(0))
        _ = all.add(Fixtures.alert("c", topics: ["pricing"]), to: route(groupBy: .all), at: Fixtures.at(0))
        let sent = all.due(at: Fixtures.at(30))
        #expect(ids(sent) == [["a", "b"], ["c"]])
        #expect(sent[0].groupKey
            == #"{}:{kind="mention",topic="billing",sentiment="neutral",abusive="false",demand="false",source="appstore",connector="appstore",language="en"}"#)
        var one = AlertGroups()
        for (id, connector) in [("a", "x"), ("b", "y")] {
            _ = one.add(Fixtures.alert(id, connector: connector), to: route(groupBy: .labels([])), at: Fixtures.at(0))
        }
        #expect(ids(one.due(at: Fixtures.at(30))) == [["a", "b"]])
    }

    @Test("notifications are stamped with their scheduled time, however late due is called")
    func lateCaller() {
        var groups = AlertGroups()
        let route = route()
        _ = groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(0))
        _ = groups.add(Fixtures.alert("b", connector: "reddit"), to: route, at: Fixtures.at(5))
        let sent = groups.due(at: Fixtures.at(10_000))
        #expect(sent.map(\.sentAt) == [Fixtures.at(30), Fixtures.at(35)])
    }

    @Test("groups are dropped once nothing is pending or remembered")
    func boundedMemory() {
        var groups = AlertGroups()
        let route = route(groupBy: .all)
        for index in 0..<500 { _ = groups.add(Fixtures.alert("m\(index)", connector: "c\(index)"), to: route, at: Fixtures.at(Double(index))) }
        #expect(groups.count == 500)
        _ = groups.due(at: Fixtures.at(600))
        #expect(groups.count == 500, "still remembering what they sent")
        _ = groups.due(at: Fixtures.at(600 + 3600))
        #expect(groups.count == 0)
        #expect(groups.nextDeadline == nil)
    }

    @Test("drain sends everything pending at its scheduled time")
    func drain() {
        var groups = AlertGroups()
        let route = route()
        _ = groups.add(Fixtures.alert("a"), to: route, at: Fixtures.at(0))
        _ = groups.due(at: Fixtures.at(30))
        _ = groups.add(Fixtures.alert("b"), to: route, at: Fixtures.at(40))
        let sent = groups.drain()
        #expect(ids(sent) == [["b"]])
        #expect(sent[0].sentAt == Fixtures.at(330))
        #expect(!groups.hasPending)
    }

    @Test("group keys and notification ids are the same in every run")
    func stableKeys() {
        func run() -> [AlertNotification] {
            var groups = AlertGroups()
            for index in 0..<20 {
                _ = groups.add(
                    Fixtures.alert("m\(index)", connector: index % 3 == 0 ? "reddit" : "appstore"), to: route(),
                    at: Fixtures.at(Double(index)))
            }
            return groups.drain()
        }
        let first = run()
        let second = run()
        #expect(first.map(\.id) == second.map(\.id))
        #expect(first.map(\.groupKey) == [#"{}:{connector="reddit"}"#, #"{}:{connector="appstore"}"#])
        #expect(Set(first.map(\.id)).count == 2)
        // Pinned: a changed id would make the outbox resend after an upgrade.
        #expect(first[0].id == "176eaff6f8f0b45ff457d714fed1aab0")
    }
}

@Suite("notification payload")
struct AlertNotificationTests {
    @Test("the payload has exactly the SPEC shape")
    func payloadShape() throws {
        let mention = Alert.mention(
            Fixtures.mention("7", topics: ["pricing", "billing"], sentiment: .negative), firedAt: Fixtures.t0)
        let spike = Fixtures.spike("surge", topic: "billing")
        let notification = AlertNotification(
            receiver: "billing-team", groupKey: #"{}:{topic="billing"}"#, routeID: "{}", alerts: [mention, spike],
            sentAt: Fixtures.at(30))
        let parsed = try JSONParser.parse(notification.jsonText)
        let object = try #require(parsed.objectValue)
        #expect(object.keys == ["receiver", "group_key", "status", "alerts"])
        #expect(object["receiver"] == "billing-team")
        #expect(object["status"] == "firing")
        #expect(object["group_key"] == #"{}:{topic="billing"}"#)
        let alerts = try #require(object["alerts"]?.arrayValue)
        #expect(alerts.count == 2)
        #expect(alerts[0].objectValue?.keys == ["id", "kind", "labels", "mention", "fired_at"])
        #expect(alerts[0]["labels"]?["topic"] == "pricing,billing")
        #expect(alerts[0]["mention"]?["id"] == "7")
        #expect(alerts[0]["id"] == .string(mention.id))
        #expect(alerts[1].objectValue?.keys == ["id", "kind", "labels", "spike", "fired_at"])
        #expect(alerts[1]["kind"] == "spike")
        #expect(alerts[1]["spike"]?["selector"] == "topic:billing")
    }

    @Test("the notification id depends on receiver, group and alerts")
    func notificationID() {
        let a = Fixtures.alert("a")
        let b = Fixtures.alert("b")
        func id(_ receiver: String, _ alerts: [Alert]) -> String {
            AlertNotification(receiver: receiver, groupKey: "g", routeID: "{}", alerts: alerts, sentAt: Fixtures.t0).id
        }
        #expect(id("x", [a, b]) == id("x", [a, b]))
        #expect(id("x", [a, b]) != id("y", [a, b]))
        #expect(id("x", [a, b]) != id("x", [a]))
    }
}
