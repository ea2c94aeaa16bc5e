import Foundation
import HarkCore
import HarkState
import Testing

@Suite("Demand themes in the state store")
struct StateStoreThemesTests {
    /// A snapshot with every field set, as an engine in the middle of a stream would hand over.
    static func snapshot() -> ThemeSnapshot {
        let asker = ThemeSnapshot.Asker(
            theme: "t-1ab12", author: "mara", url: "https://r.example/1", connector: "reddit", mentionID: "1",
            at: noon, duplicate: false)
        let copy = ThemeSnapshot.Asker(
            theme: "t-1ab12", author: "theo", url: nil, connector: "mastodon", mentionID: "7", at: noon + hour,
            duplicate: true)
        let absorbedAsker = ThemeSnapshot.Asker(
            theme: "t-2cd34", author: "lena", url: "https://a.example/9", connector: "appstore", mentionID: "9",
            at: noon + 2 * hour)
        let theme = ThemeSnapshot.Theme(
            id: "t-1ab12", label: "guest passes", sequence: 1, firstSeen: noon, lastSeen: noon + 0.1234567,
            mentions: 2, duplicates: 1, authors: ["reddit:mara", "appstore:lena"],
            centroid: [.init(term: "guest", weight: 2), .init(term: "guest pass", weight: 1.0 / 3)], norm: 2.123456789,
            normThemes: 4, nextMergeCheck: 3,
            phrases: [.init(key: "guest pass", display: "guest passes", count: 2, length: 2, position: 0)],
            samples: ["guest passes"], buckets: [.init(index: 20_254, authors: ["reddit:mara"])], emergedAt: noon + hour,
            growthEventAt: nil, growthCheckBucket: 20_254, growthCheckAuthors: 2, recentAskers: [asker, copy])
        let pinned = ThemeSnapshot.Theme(
            id: "guest-pass", pinnedName: "guest-pass", label: "guest passes (pinned)", sequence: 0,
            centroid: [.init(term: "friend", weight: 1)])
        return ThemeSnapshot(
            documents: 3, nextSequence: 3, clock: noon + 2 * hour + 0.5,
            terms: [
                .init(text: "friend", themeFrequency: 1, themes: ["guest-pass"]),
                .init(text: "guest", themeFrequency: 1, themes: ["t-1ab12"]),
                .init(text: "带朋", themeFrequency: 0, themes: []),
            ],
            themes: [pinned, theme], aliases: ["t-2cd34": "t-1ab12"],
            duplicates: [.init(key: UInt64.max - 5, theme: "t-1ab12"), .init(key: 42, theme: "guest-pass")],
            retired: ["t-0zz99"], newAskers: [asker, copy, absorbedAsker])
    }

    @Test("a saved snapshot loads back equal, minus the askers and retired ids it handed over")
    func roundTrip() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            #expect(try store.loadThemes() == nil)
            let saved = Self.snapshot()
            try store.saveThemes(saved)
            try store.close()

            let reopened = try StateStore(directory: directory)
            var expected = saved
            expected.newAskers = []
            expected.retired = []
            #expect(try reopened.loadThemes() == expected)
            #expect(try userVersion(ofFileAt: reopened.path) == 5)
        }
    }

    @Test("every asker is kept, merged themes' askers move to the survivor, and saving twice adds none")
    func askers() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.saveThemes(Self.snapshot())
            try store.saveThemes(Self.snapshot())
            let askers = try store.themeAskers("t-1ab12")
            #expect(askers.map(\.mentionID) == ["1", "7", "9"])
            #expect(askers.map(\.duplicate) == [false, true, false])
            #expect(askers.allSatisfy { $0.theme == "t-1ab12" })
            #expect(askers[2].author == "lena")
            #expect(askers[2].url == "https://a.example/9")
            #expect(try store.themeAskers("t-2cd34").isEmpty)
        }
    }

    @Test("notified askers are remembered, so a restart does not tell anyone twice")
    func notification() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.saveThemes(Self.snapshot())
            try store.markAskersNotified([MentionKey(connector: "reddit", id: "1")], at: noon + day)
            try store.markAskerNotifyFailed(MentionKey(connector: "mastodon", id: "7"), error: "HTTP 500", at: noon + day)
            try store.close()
            let reopened = try StateStore(directory: directory)
            #expect(try reopened.themeAskers("t-1ab12", unnotifiedOnly: true).map(\.mentionID) == ["7", "9"])
        }
    }

    @Test("a theme shipped from outside the engine stays shipped through later saves and loads as shipped")
    func shippingFromOutside() throws {
        try withStateDirectory { directory in
            let store = try StateStore(directory: directory)
            try store.saveThemes(Self.snapshot())
            #expect(try store.shipTheme("t-1ab12", message: "Guest passes are here", at: noon + day))
            #expect(try !store.shipTheme("t-nope", message: "x", at: noon))
            try store.saveThemes(Self.snapshot())
            let loaded = try #require(try store.loadThemes())
            let theme = try #require(loaded.themes.first { $0.id == "t-1ab12" })
            #expect(theme.shippedAt == noon + day)
            #expect(theme.shipMessage == "Guest passes are here")
        }
    }
}
