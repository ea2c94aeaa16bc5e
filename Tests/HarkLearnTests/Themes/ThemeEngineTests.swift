import Foundation
import HarkCore
import HarkLearn
import Testing

@Suite("Clustering demands into themes")
struct ThemeEngineTests {
    @Test("paraphrases of one request join one theme; a different request starts another")
    func paraphrasesJoin() {
        var engine = ThemeEngine()
        let ids = cluster(
            [
                demand("guest passes", text: "Love CineClub but please add guest passes", author: "a"),
                demand("a guest pass for my sister", author: "b"),
                demand("dark mode", text: "please add dark mode, my eyes hurt at night", author: "c"),
                demand("guest passes for members", author: "d"),
                demand("a dark mode option", author: "e"),
                demand("real dark mode", author: "f"),
            ], engine: &engine)
        #expect(ids[0] == ids[1])
        #expect(ids[0] == ids[3])
        #expect(ids[2] == ids[4])
        #expect(ids[2] == ids[5])
        #expect(ids[0] != ids[2])
        #expect(engine.theme(ids[0])?.label == "guest passes")
        #expect(engine.theme(ids[2])?.label == "dark mode")
    }

    @Test("the brand every demand names does not pull different requests together")
    func brandDoesNotCluster() {
        var engine = ThemeEngine()
        let ids = cluster(
            [
                demand("CineClub IMAX screenings", author: "a"),
                demand("CineClub late showtimes", author: "b"),
                demand("CineClub student discount", author: "c"),
                demand("CineClub reserved seats", author: "d"),
                demand("CineClub IMAX access", author: "e"),
            ], engine: &engine)
        #expect(Set(ids[0...3]).count == 4)
        #expect(ids[4] == ids[0])
    }

    @Test("ignored words (brand names from the settings) never count")
    func ignoredWords() {
        var engine = ThemeEngine(settings: ThemeSettings(ignore: ["CineClub"]))
        let ids = cluster(
            [demand("CineClub", text: "CineClub please", author: "a"), demand("CineClub", text: "CineClub pls", author: "b")],
            engine: &engine)
        // Nothing left to compare: each is its own theme, not a "CineClub" theme.
        #expect(ids[0] != ids[1])
    }

    @Test("Chinese demands cluster on character pairs and get a Chinese label")
    func chinese() {
        var engine = ThemeEngine()
        let ids = cluster(
            [
                demand("燕麦奶", text: "希望能有燕麦奶", author: "a"),
                demand("深色模式", text: "求出深色模式", author: "b"),
                demand("燕麦奶选项", text: "能不能增加燕麦奶选项", author: "c"),
                demand("燕麦奶拿铁", text: "请推出燕麦奶拿铁", author: "d"),
            ], engine: &engine)
        #expect(ids[0] == ids[2])
        #expect(ids[0] == ids[3])
        #expect(ids[0] != ids[1])
        #expect(engine.theme(ids[0])?.label == "燕麦奶")
    }

    @Test("a demand containing a pinned theme's seed joins it, whatever else it says")
    func pinnedSeeds() throws {
        let pinned = PinnedTheme(
            name: "guest-pass", label: "guest passes", seeds: ["bring a friend", "guest pass", "plus one", "带朋友"],
            position: SourcePosition(file: "rules/x.yaml", line: 3, column: 7))
        var engine = ThemeEngine(settings: ThemeSettings(pinned: [pinned]))
        #expect(engine.theme("guest-pass")?.label == "guest passes")
        #expect(engine.theme("guest-pass")?.status == .forming)
        let ids = cluster(
            [
                demand("to bring my friend along", text: "let me bring a friend along", author: "a"),
                demand("plus-one tickets", author: "b"),
                demand("带朋友一起看", text: "希望可以带朋友一起看", author: "c"),
                demand("dark mode", author: "d"),
            ], engine: &engine)
        #expect(ids[0...2].allSatisfy { $0 == "guest-pass" })
        #expect(ids[3] != "guest-pass")
        let theme = try #require(engine.theme("guest-pass"))
        #expect(theme.isPinned)
        #expect(theme.authors == 3)
        #expect(theme.label == "guest passes")
    }

    @Test("themes found separately merge when their centroids turn out alike; the older id survives")
    func merging() throws {
        // A strict joining threshold keeps the phrasings apart at first; merging is looser.
        var engine = ThemeEngine(settings: ThemeSettings(similarity: 0.6, mergeSimilarity: 0.1))
        for (index, request) in ["dark mode", "IMAX screenings", "late showtimes", "student discount", "apple pay",
            "guest passes", "reserved seats", "card freeze", "joint accounts", "mobile order"].enumerated()
        {
            _ = engine.add(demand(request, author: "other\(index)", at: themeStart - themeHour))
        }
        let first = engine.add(demand("oat milk lattes", author: "a"))
        let second = engine.add(demand("oatmilk lattes", author: "b"))
        #expect(second.themeID != first.themeID)
        // The third demand joins the second theme, which now looks at its neighbours and finds the first.
        let third = engine.add(demand("oatmilk latte", text: "an oatmilk latte for me", author: "c"))
        #expect(third.events.map(\.name) == ["merged", "emerged"])
        #expect(third.events.first?.kind == .merged(absorbed: second.themeID))
        #expect(third.events.first?.alertID == "theme/\(first.themeID)/merged/\(second.themeID)")
        #expect(third.themeID == first.themeID)
        let fourth = engine.add(demand("lattes with oatmilk", author: "d"))
        #expect(fourth.themeID == first.themeID)
        #expect(engine.currentID(of: second.themeID) == first.themeID)
        let theme = try #require(engine.theme(second.themeID))
        #expect(theme.id == first.themeID)
        #expect(theme.mentions == 4)
        #expect(theme.authors == 4)
        #expect(engine.snapshot().aliases == [second.themeID: first.themeID])
    }

    @Test("a flood from one author never makes a theme emerge; a second author does")
    func floodFromOneAuthor() throws {
        var engine = ThemeEngine(settings: ThemeSettings(minAuthors: 2))
        for (index, request) in ["dark mode", "IMAX screenings", "late showtimes", "student discount"].enumerated() {
            _ = engine.add(demand(request, author: "other\(index)", at: themeStart - themeHour))
        }
        var events: [ThemeEvent] = []
        for index in 0..<50 {
            events += engine.add(
                demand("free popcorn refills", text: "free popcorn refills please, day \(index)", author: "spammer",
                    at: themeStart + Double(index) * 60)
            ).events
        }
        #expect(events.isEmpty)
        #expect(engine.reportedThemes.isEmpty)
        let theme = try #require(engine.themes.first { $0.label.contains("popcorn") })
        #expect(theme.mentions == 50)
        #expect(theme.authors == 1)
        #expect(theme.status == .forming)

        let other = engine.add(demand("free refills on popcorn", author: "someone-else", at: themeStart + 3_600))
        #expect(other.themeID == theme.id)
        #expect(other.events.map(\.name) == ["emerged"])
        #expect(other.events.first?.theme.authors == 2)
        #expect(other.events.first?.alertKind == "theme")
        #expect(engine.reportedThemes.map(\.id) == [theme.id])
    }

    @Test("retweets and copy-paste count once but their authors are still kept as askers")
    func nearDuplicates() throws {
        var engine = ThemeEngine()
        let original = engine.add(
            demand("guest passes", text: "Please add guest passes! https://t.co/abc", author: "a", id: "1"))
        let retweet = engine.add(
            demand("guest passes", text: "RT @a: please add GUEST passes https://t.co/abc", author: "b", id: "2"))
        let copy = engine.add(demand("guest passes", text: "please add guest passes", author: "c", id: "3"))
        #expect(!original.isDuplicate)
        #expect(retweet.isDuplicate)
        #expect(copy.isDuplicate)
        #expect(retweet.themeID == original.themeID)
        let theme = try #require(engine.theme(original.themeID))
        #expect(theme.mentions == 1)
        #expect(theme.authors == 1)
        #expect(theme.duplicates == 2)
        #expect(theme.status == .forming)
        #expect(engine.snapshot().newAskers.map(\.mentionID) == ["1", "2", "3"])
        #expect(engine.snapshot().newAskers.map(\.duplicate) == [false, true, true])
    }

    @Test("event times far in the future or past are clamped, and reported")
    func clockClamping() throws {
        var engine = ThemeEngine(settings: ThemeSettings(maxFuture: .seconds(3_600), maxAge: .seconds(30 * 86_400)))
        let received = themeStart
        let future = engine.add(
            demand("dark mode", text: "dark mode from the future", author: "a", at: themeStart + 400 * themeDay),
            receivedAt: received)
        #expect(future.eventTime == received + 3_600)
        #expect(future.clampedFrom == themeStart + 400 * themeDay)
        let past = engine.add(
            demand("dark mode", text: "dark mode from 1970", author: "b", at: Date(timeIntervalSince1970: 0)),
            receivedAt: received)
        #expect(past.themeID == future.themeID)
        #expect(past.eventTime == received - 30 * themeDay)
        #expect(past.clampedFrom == Date(timeIntervalSince1970: 0))
        let fine = engine.add(demand("dark mode", author: "c", at: themeStart - themeHour), receivedAt: received)
        #expect(fine.clampedFrom == nil)
        let theme = try #require(engine.theme(future.themeID))
        #expect(theme.firstSeen == received - 30 * themeDay)
        #expect(theme.lastSeen == received + 3_600)
    }

    @Test("growth compares distinct askers in the last window with the window before, and alerts once")
    func growthWindows() throws {
        let settings = ThemeSettings(minAuthors: 2, growthWindow: .seconds(7 * 86_400), growthFactor: 2, growthMinAuthors: 4)
        var engine = ThemeEngine(settings: settings)
        // Week 1: two people ask (one twice).
        for (day, author) in [(0.0, "a"), (1, "b"), (2, "a")] {
            _ = engine.add(
                demand("dark mode", text: "dark mode please (day \(day))", author: author, at: themeStart + day * themeDay))
        }
        var theme = try #require(engine.themes.first)
        #expect(theme.status == .emerging)
        #expect(theme.recentAuthors == 2)
        // Week 2: five different people ask; growth is 5 / 2 once all five have.
        var growing: [ThemeEvent] = []
        for (index, author) in ["c", "d", "e", "f", "g"].enumerated() {
            let events = engine.add(
                demand("dark mode", text: "\(author) wants dark mode", author: author,
                    at: themeStart + (8 + Double(index) * 0.5) * themeDay)
            ).events
            growing += events.filter { $0.name == "growing" }
        }
        theme = try #require(engine.themes.first)
        #expect(theme.recentAuthors == 5)
        #expect(theme.previousAuthors == 2)
        #expect(theme.growth == 2.5)
        #expect(growing.count == 1)
        // Growth is evaluated once per bucket or when authors grow by a tenth: here at the fifth asker.
        #expect(growing.first?.theme.recentAuthors == 5)
        #expect(theme.status == .tracked)
        // Three weeks of silence later, both windows are empty and growth is 0.
        _ = engine.add(demand("late showtimes", author: "z", at: themeStart + 40 * themeDay))
        theme = try #require(engine.theme(theme.id))
        #expect(theme.recentAuthors == 0)
        #expect(theme.growth == 0)
    }

    @Test("shipping marks the theme, fires a theme-shipped event, and new asks still count")
    func shipping() throws {
        var engine = ThemeEngine()
        let id = engine.add(demand("dark mode", author: "a")).themeID
        _ = engine.add(demand("dark mode please", author: "b"))
        let event = try engine.ship(id, message: "Dark mode is live in 4.2", at: themeStart + themeDay)
        #expect(event.alertKind == "theme-shipped")
        #expect(event.alertID == "theme/\(id)/shipped")
        #expect(event.theme.status == .shipped)
        #expect(event.theme.shipMessage == "Dark mode is live in 4.2")
        #expect(event.theme.askers.map(\.author) == ["b", "a"])
        let later = engine.add(demand("dark mode", text: "finally dark mode?", author: "c", at: themeStart + 2 * themeDay))
        #expect(later.themeID == id)
        #expect(engine.theme(id)?.status == .shipped)
        #expect(engine.theme(id)?.authors == 3)
        #expect(throws: ThemeEngine.UnknownTheme.self) { try engine.ship("t-nope", message: "x", at: themeStart) }
    }

    @Test("the same demands in the same order give the same themes and ids")
    func deterministic() {
        let demands = (0..<60).map { index in
            demand(
                ["oat milk", "dark mode", "guest passes", "late showtimes", "apple pay"][index % 5] + (index % 3 == 0 ? " option" : ""),
                author: "u\(index % 7)", at: themeStart + Double(index) * themeHour)
        }
        var first = ThemeEngine()
        var second = ThemeEngine()
        #expect(cluster(demands, engine: &first) == cluster(demands, engine: &second))
        #expect(first.snapshot() == second.snapshot())
        #expect(first.themes.allSatisfy { $0.id.hasPrefix("t-") })
    }

    @Test("the theme payload has the SPEC fields")
    func payload() throws {
        var engine = ThemeEngine()
        let id = engine.add(demand("guest passes", author: "mara", connector: "reddit")).themeID
        _ = engine.add(demand("guest passes", text: "guest passes would be great", author: "theo", connector: "appstore"))
        let json = try #require(engine.theme(id)?.json)
        #expect(json["id"]?.stringValue == id)
        #expect(json["label"]?.stringValue == "guest passes")
        #expect(json["mentions"]?.intValue == 2)
        #expect(json["authors"]?.intValue == 2)
        #expect(json["growth"]?.doubleValue == 2)
        #expect(json["status"]?.stringValue == "emerging")
        #expect(json["first_seen"]?.stringValue == "2025-10-09T08:53:20Z")
        let askers = try #require(json["askers"]?.arrayValue)
        #expect(askers.map { $0["author"]?.stringValue } == ["theo", "mara"])
        #expect(askers.map { $0["connector"]?.stringValue } == ["appstore", "reddit"])
        #expect(askers.first?["url"]?.stringValue == "https://example.com/theo")
        #expect(json["samples"]?.arrayValue?.count == 1)
    }
}
