import Foundation
import HarkCore
import Testing

@testable import HarkRespond

@Suite("silences kept in the state")
struct SilenceMatchersJSONTests {
    @Test("matchers survive the JSON the state keeps, and a damaged entry is refused, not guessed")
    func roundTrip() throws {
        let matchers = [LabelMatcher.equal(.topic, "billing"), try LabelMatcher.regex(.connector, "app.*")]
        let silence = Silence(
            matchers: matchers, startsAt: Date(timeIntervalSince1970: 0), endsAt: Date(timeIntervalSince1970: 60))
        let back = try #require(Silence.matchers(fromJSON: silence.matchersJSON))
        #expect(back == matchers)
        var labels = AlertLabels([.connector: "appstore"])
        labels.set(.topic, values: ["pricing", "billing"])
        #expect(back.allMatch(labels))
        #expect(Silence.matchers(fromJSON: #"[{"name":"topc","op":"=","value":"x"}]"#) == nil)
        #expect(Silence.matchers(fromJSON: #"[{"name":"topic","op":"!=","value":"x"}]"#) == nil)
        #expect(Silence.matchers(fromJSON: "[]") == nil)
    }
}
