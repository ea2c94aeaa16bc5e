// Demand theme clustering: quality on hark's labelled posts and speed on synthetic streams.
//
//   ThemesBench --eval Benchmarks/demand/eval.jsonl [--rules rules] [--similarity S] [--merge M]
//       Clusters the posts labelled as demands (in file order, online), with the request found by the
//       shipped demand patterns (the whole text when they find none), and prints one JSON line per
//       post: {"id","theme","cluster","label"}. Benchmarks/themes/score.py scores it against a
//       TF-IDF + KMeans baseline.
//   ThemesBench --synthetic 1000,10000,100000 [--themes 3000]
//       Clusters synthetic demand streams (Zipf-distributed themes) and prints mentions/s, µs per
//       mention, themes found and peak RSS for each size.
import Foundation
import HarkCore
import HarkLearn

var evalPath: String?
var rulesPath = "rules"
var sizes: [Int] = []
var themeCount = 3_000
var settings = ThemeSettings()
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    let value = arguments.next() ?? ""
    switch flag {
    case "--eval": evalPath = value
    case "--rules": rulesPath = value
    case "--similarity": settings.similarity = Double(value)!
    case "--merge": settings.mergeSimilarity = Double(value)!
    case "--synthetic": sizes = value.split(separator: ",").compactMap { Int($0) }
    case "--themes": themeCount = Int(value)!
    default:
        FileHandle.standardError.write(Data("unknown flag \(flag)\n".utf8))
        exit(2)
    }
}

if let evalPath {
    let patterns = try DemandPatterns.load(paths: DemandSettings.standardFiles.map { rulesPath + "/" + $0 })
    let detector = DemandDetector(patterns: patterns)
    var engine = ThemeEngine(settings: settings)
    let start = Date(timeIntervalSince1970: 1_760_000_000)
    var rows: [(id: String, theme: String, cluster: String)] = []
    var index = 0
    for line in try String(contentsOfFile: evalPath, encoding: .utf8).split(separator: "\n") where !line.isEmpty {
        let item = try JSONParser.parse(String(line))
        guard item["demand"]?.boolValue == true, let theme = item["theme"]?.stringValue else { continue }
        let text = item["text"]?.stringValue ?? ""
        let id = item["id"]?.stringValue ?? "\(index)"
        let found = detector.detect(text, language: item["language"]?.stringValue)
        let demand = DemandMention(
            connector: "eval", mentionID: id, author: item["author"]?.stringValue, text: text,
            clause: found.map { String(text[$0.range]) }, request: found?.request ?? "",
            publishedAt: start.addingTimeInterval(Double(index) * 3_600))
        let assignment = engine.add(demand)
        rows.append((id, theme, assignment.themeID))
        index += 1
    }
    for row in rows {
        let current = engine.currentID(of: row.cluster)
        let label = engine.theme(current)?.label ?? ""
        print(
            JSONWriter.string(
                .object(
                    JSONObject([
                        (key: "id", value: .string(row.id)), (key: "theme", value: .string(row.theme)),
                        (key: "cluster", value: .string(current)), (key: "label", value: .string(label)),
                    ]))))
    }
    exit(0)
}

/// Peak resident memory of this process (VmHWM), in MiB.
func peakRSS() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
    }
    return 0
}

/// A small seeded generator (SplitMix64), so every run sees the same stream.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Realistic request vocabulary: each synthetic theme is an object (noun phrase) plus a qualifier,
/// asked for through varied frames and filler, with a brand and context words around it.
let nouns = """
    breakfast menu lunch dinner dessert coffee latte espresso tea smoothie juice bagel croissant salad soup sandwich \
    burger pizza pasta taco burrito noodle ramen sushi cookie muffin donut pancake waffle cereal yogurt granola \
    card wallet account transfer payment invoice receipt budget savings loan mortgage credit debit overdraft \
    ticket seat screening showtime trailer popcorn snack locker parking shuttle wifi charger outlet lounge \
    playlist podcast episode album subtitle caption download offline widget shortcut theme font keyboard \
    export import backup sync calendar reminder notification alarm timer tracker goal streak badge reward \
    coupon voucher discount refund subscription membership plan tier bundle trial upgrade family student
    """.split(whereSeparator: \.isWhitespace).map(String.init)
let qualifiers = """
    vegan organic glutenfree spicy decaf oatmilk almond lowsugar weekend midnight allday seasonal monthly \
    annual instant scheduled shared joint recurring contactless premium basic unlimited offline dark compact \
    bigger cheaper faster quieter private group kids senior regional local international multilingual
    """.split(whereSeparator: \.isWhitespace).map(String.init)
let frames = [
    "please add %@", "I wish you had %@", "would pay extra for %@", "why can't I get %@",
    "bring back %@ please", "it would be great to have %@", "can you guys finally offer %@",
    "we need %@", "any chance of %@", "let us have %@",
]
let fillers = ["honestly", "for real", "lol", "every single day", "on the app", "at my local store", "this year"]

/// A made-up product word from syllables ("zorbel", "kavimo"): real themes are told apart by the
/// thing they name, and a stream with thousands of themes names thousands of things.
func coinedWord(_ random: inout SplitMix) -> String {
    let onsets = ["b", "k", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "pl"]
    let vowels = ["a", "e", "i", "o", "u", "ai", "ou"]
    var word = ""
    for _ in 0..<(2 + random.below(2)) { word += onsets[random.below(onsets.count)] + vowels[random.below(vowels.count)] }
    return word + ["", "n", "l", "x", "r"][random.below(5)]
}

func syntheticStream(count: Int, themes: Int, seed: UInt64) -> [DemandMention] {
    var random = SplitMix(state: seed)
    // Theme t: a qualifier, a common noun and a coined product word, unique per theme.
    var themeWords: [(String, String, String)] = []
    var used: Set<String> = []
    while themeWords.count < themes {
        let a = coinedWord(&random)
        let b = nouns[random.below(nouns.count)]
        let q = qualifiers[random.below(qualifiers.count)]
        guard used.insert(a).inserted else { continue }
        themeWords.append((q, a, b))
    }
    // Zipf(1.1) over themes by inverse transform on a precomputed table.
    var cumulative: [Double] = []
    var total = 0.0
    for rank in 1...themes {
        total += 1 / pow(Double(rank), 1.1)
        cumulative.append(total)
    }
    let start = Date(timeIntervalSince1970: 1_760_000_000)
    var stream: [DemandMention] = []
    stream.reserveCapacity(count)
    for index in 0..<count {
        let target = random.unit() * total
        var low = 0
        var high = themes - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < target { low = mid + 1 } else { high = mid }
        }
        let (q, a, b) = themeWords[low]
        let object: String
        switch random.below(5) {
        case 0: object = "\(q) \(a) \(b)"
        case 1: object = "a \(a) \(b) option"
        case 2: object = "\(a) \(b) that is \(q)"
        case 3: object = "\(q) \(b)s with the \(a)"
        default: object = "the \(a)"
        }
        let frame = frames[random.below(frames.count)]
        let request = object
        let text = "Acme " + frame.replacingOccurrences(of: "%@", with: object) + " " + fillers[random.below(fillers.count)]
        stream.append(
            DemandMention(
                connector: "synthetic", mentionID: "m\(index)", author: "user\(random.below(count / 2 + 1))",
                text: text, request: request, publishedAt: start.addingTimeInterval(Double(index) * 30)))
    }
    return stream
}

for size in sizes {
    let stream = syntheticStream(count: size, themes: themeCount, seed: 42)
    var engine = ThemeEngine(settings: settings)
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for demand in stream { _ = engine.add(demand) }
    }
    let seconds = elapsed.seconds
    let reported = engine.reportedThemes.count
    print(
        """
        {"mentions":\(size),"true_themes":\(themeCount),"themes_in_memory":\(engine.themes.count),\
        "reported_themes":\(reported),"seconds":\(String(format: "%.3f", seconds)),\
        "mentions_per_second":\(Int(Double(size) / seconds)),\
        "us_per_mention":\(String(format: "%.1f", seconds / Double(size) * 1e6)),\
        "peak_rss_mib":\(String(format: "%.1f", peakRSS()))}
        """)
}
