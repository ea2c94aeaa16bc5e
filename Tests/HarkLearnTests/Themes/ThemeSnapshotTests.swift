import Foundation
import HarkCore
import HarkLearn
import Testing

@Suite("Saving and restoring the theme engine")
struct ThemeSnapshotTests {
    /// A stream with repeats, Chinese, a pinned theme, duplicates, merges and a shipped theme.
    static let stream: [DemandMention] = {
        let requests = [
            "guest passes", "dark mode", "oat milk", "all-day breakfast", "a guest pass for my sister", "深色模式",
            "oatmilk or oat milk", "dark mode option", "breakfast all day", "bring a friend", "IMAX screenings",
            "late showtimes", "IMAX access", "oat milk lattes", "夜间深色模式", "student discount",
        ]
        return (0..<96).map { index in
            let request = requests[(index * 7) % requests.count]
            return DemandMention(
                connector: index % 3 == 0 ? "appstore" : "reddit", mentionID: "m\(index)", author: "u\(index % 11)",
                url: "https://example.com/\(index)", text: index % 9 == 4 ? "please add guest passes" : "\(request) #\(index % 5) v\(index)",
                request: request, publishedAt: themeStart + Double(index) * 5 * themeHour)
        }
    }()

    static let settings = ThemeSettings(
        pinned: [
            PinnedTheme(
                name: "guest-pass", label: "guest passes", seeds: ["bring a friend"],
                position: SourcePosition(file: "rules/x.yaml", line: 1, column: 1))
        ])

    /// Round-trips a snapshot through JSON, as the state store keeps each theme.
    static func throughJSON(_ snapshot: ThemeSnapshot) throws -> ThemeSnapshot {
        try JSONDecoder().decode(ThemeSnapshot.self, from: JSONEncoder().encode(snapshot))
    }

    @Test("clustering half, saving, restoring and clustering the rest equals clustering everything at once")
    func continuesIdentically() throws {
        var whole = ThemeEngine(settings: Self.settings)
        var wholeIDs: [String] = []
        var wholeEvents: [ThemeEvent] = []
        for (index, demand) in Self.stream.enumerated() {
            let assignment = whole.add(demand)
            wholeIDs.append(assignment.themeID)
            wholeEvents += assignment.events
            if index == 60 { wholeEvents.append(try whole.ship(assignment.themeID, message: "done", at: demand.publishedAt)) }
        }

        var first = ThemeEngine(settings: Self.settings)
        var ids: [String] = []
        var events: [ThemeEvent] = []
        for demand in Self.stream[..<48] {
            let assignment = first.add(demand)
            ids.append(assignment.themeID)
            events += assignment.events
        }
        let saved = try Self.throughJSON(first.snapshot())
        var second = ThemeEngine(settings: Self.settings, restoring: saved)
        for (offset, demand) in Self.stream[48...].enumerated() {
            let assignment = second.add(demand)
            ids.append(assignment.themeID)
            events += assignment.events
            if 48 + offset == 60 { events.append(try second.ship(assignment.themeID, message: "done", at: demand.publishedAt)) }
        }
        #expect(ids == wholeIDs)
        #expect(events == wholeEvents)
        #expect(second.themes == whole.themes)
        #expect(second.snapshot() == whole.snapshot())
        #expect(Set(wholeIDs).count > 4, "the stream should make several themes")
        #expect(wholeEvents.contains { $0.name == "emerged" })
        #expect(whole.themes.contains { $0.duplicates > 0 })
    }

    @Test("didSave forgets the askers and retired ids already handed to the store, and only those")
    func didSave() {
        var engine = ThemeEngine()
        _ = engine.add(Self.stream[0])
        _ = engine.add(Self.stream[1])
        #expect(engine.snapshot().newAskers.count == 2)
        engine.didSave()
        #expect(engine.snapshot().newAskers.isEmpty)
        _ = engine.add(Self.stream[2])
        #expect(engine.snapshot().newAskers.map(\.mentionID) == ["m2"])
    }

    @Test("restoring under new settings adds new pinned themes and unpins dropped ones")
    func settingsChange() throws {
        var engine = ThemeEngine(settings: Self.settings)
        _ = engine.add(Self.stream[9])
        let snapshot = engine.snapshot()
        let newPinned = PinnedTheme(
            name: "dark-mode", label: "dark mode", seeds: ["dark mode"],
            position: SourcePosition(file: "rules/x.yaml", line: 5, column: 1))
        let restored = ThemeEngine(settings: ThemeSettings(pinned: [newPinned]), restoring: snapshot)
        #expect(restored.theme("dark-mode")?.isPinned == true)
        #expect(restored.theme("guest-pass")?.isPinned == false)
        #expect(restored.theme("guest-pass") != nil)
    }

    @Test("beyond max_themes the quietest themes are retired, reported once, and their ids never come back")
    func retirement() {
        var engine = ThemeEngine(settings: ThemeSettings(maxThemes: 100))
        var ids: [String] = []
        for index in 0..<150 {
            let word = "gizmo\(index)x"
            ids.append(engine.add(demand(word, text: word, author: "a\(index)", at: themeStart + Double(index))).themeID)
        }
        #expect(Set(ids).count == 150)
        #expect(engine.themes.count <= 100)
        let retired = engine.snapshot().retired
        #expect(!retired.isEmpty)
        #expect(Set(retired).isDisjoint(with: engine.themes.map(\.id)))
        #expect(retired.first == ids.first, "the least recently seen theme goes first")
        #expect(engine.theme(ids[0]) == nil)
    }
}
