import Foundation
import HarkCore
import HarkLearn

/// A fixed start for event times; tests move from it in hours and days.
let themeStart = Date(timeIntervalSince1970: 1_760_000_000)
let themeHour: TimeInterval = 3_600
let themeDay: TimeInterval = 86_400

/// A demand with its request as the detector would have found it.
func demand(
    _ request: String, text: String? = nil, author: String?, id: String? = nil, connector: String = "reddit",
    at time: Date = themeStart
) -> DemandMention {
    DemandMention(
        connector: connector, mentionID: id ?? "\(author ?? "anon")|\(request)|\(Int(time.timeIntervalSince1970))", author: author, url: "https://example.com/\(author ?? "anon")",
        text: text ?? "please add \(request)", request: request, publishedAt: time)
}

/// Adds demands in order and returns the theme id each joined, resolved to its current id.
func cluster(_ demands: [DemandMention], engine: inout ThemeEngine) -> [String] {
    let ids = demands.map { engine.add($0).themeID }
    return ids.map { engine.currentID(of: $0) }
}
