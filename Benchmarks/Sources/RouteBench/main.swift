// Routing benchmark: 1 M generated labelled mentions through a 200-route tree into grouped
// notifications, on one core. Prints JSON; times are thread CPU seconds (the machine may be shared).
//
// The tree and the mentions come from a seed, so every run measures the same work. Printed side by
// side from the same run:
//   - generate: making the mentions alone (the floor every pass below pays);
//   - make_alerts: generating plus `Alert.mention` (labels, stable id), which every routing pass pays;
//   - route_indexed: `RouteTree.route` with its child indexes (what hark runs);
//   - route_walk: the same tree walking every child in turn (`usesChildIndex = false`);
//   - route_naive: a plain Alertmanager-style evaluation written here: labels in a dictionary of
//     strings, every route tested in order, regular expressions run on every test;
//   - pipeline: alert construction, routing, silences, a spike inhibit rule, grouping and pacing by
//     event time, and every notification rendered as its JSON payload.
// All routing passes must agree on every mention's receivers; the run fails if they do not.
//
// Usage: RouteBench [--mentions N] [--seed N] [--naive-mentions N]

import Foundation
import HarkCore
import HarkLearn
import HarkRespond

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Options {
    var mentions = 1_000_000
    var seed: UInt64 = 20_260_505
    var naiveMentions = 200_000

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next(), let number = Int(value), number > 0 else {
                fatalError("usage: RouteBench [--mentions N] [--seed N] [--naive-mentions N]")
            }
            switch flag {
            case "--mentions": mentions = number
            case "--seed": seed = UInt64(number)
            case "--naive-mentions": naiveMentions = number
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}


// MARK: - The corpus

let topicNames = (0..<60).map { "topic\($0)" }
let connectorNames = (0..<50).map { "conn\($0)" }
let sources: [SourceKind] = [.appstore, .reddit, .rss, .mastodon, .hackernews, .json]

/// One generated mention, its labels drawn from skewed distributions like a real brand's stream:
/// most mentions match no or one topic, a few several; a quarter are negative; abuse and demand rare.
func makeMention(_ index: Int, _ generator: inout SeededGenerator, start: Date) -> LabelledMention {
    let connector = generator.zipf(connectorNames.count)
    let topicCount: Int
    switch generator.unit() {
    case ..<0.40: topicCount = 0
    case ..<0.80: topicCount = 1
    case ..<0.95: topicCount = 2
    default: topicCount = 3
    }
    var topics: [String] = []
    for _ in 0..<topicCount {
        let topic = topicNames[generator.zipf(topicNames.count)]
        if !topics.contains(topic) { topics.append(topic) }
    }
    let roll = generator.unit()
    let sentiment: SentimentLabel = roll < 0.25 ? .negative : roll < 0.45 ? .positive : .neutral
    let languageRoll = generator.unit()
    let language = languageRoll < 0.70 ? "en" : languageRoll < 0.80 ? "zh" : languageRoll < 0.85 ? "ja" : languageRoll < 0.95 ? "de" : "fr"
    let demand = generator.chance(0.05)
    let mention = Mention(
        id: "m\(index)", connector: connectorNames[connector], source: sources[connector % sources.count],
        url: "https://example.com/p/\(index)", author: "user\(generator.next() % 50_000)",
        text: "generated mention \(index)", publishedAt: start.addingTimeInterval(Double(index) * 0.26),
        language: language, tags: connector % 7 == 0 ? ["competitor"] : [])
    return LabelledMention(
        mention: mention,
        labels: Labels(
            topics: topics, sentiment: sentiment == .negative ? -0.5 : sentiment == .positive ? 0.5 : 0,
            sentimentLabel: sentiment, abusive: generator.chance(0.02), demand: demand,
            theme: demand && generator.chance(0.5) ? "theme\(generator.next() % 200)" : nil))
}

// MARK: - The tree (built as configuration and parsed, as hark reads it)

/// Positions do not matter to routing; every generated node sits at the same one.
func at() -> SourcePosition { SourcePosition(file: "rules/route.yaml", line: 1, column: 1) }
func scalar(_ text: String) -> ConfigNode { ConfigNode(.scalar(text), at: at()) }
func mapping(_ pairs: [(String, ConfigNode)]) -> ConfigNode {
    ConfigNode(.mapping(pairs.map { ConfigNode.Entry(key: $0.0, keyPosition: at(), value: $0.1) }), at: at())
}
func list(_ items: [ConfigNode]) -> ConfigNode { ConfigNode(.sequence(items), at: at()) }
func route(_ pairs: [(String, ConfigNode)], routes: [ConfigNode] = []) -> ConfigNode {
    mapping(routes.isEmpty ? pairs : pairs + [("routes", list(routes))])
}

/// 200 routes: abuse to the lead, spikes to product, a route per topic for the first 40 topics (each
/// with escalation and mobile children), a route per connector for 34 connectors (each with an Asia
/// child), `continue` routes for marketing and demand, and `match_re` routes over topic families.
func makeTreeConfig() -> ConfigNode {
    var children: [ConfigNode] = []
    children.append(route([("match", mapping([("abusive", scalar("true"))])), ("receiver", scalar("lead"))]))
    children.append(
        route([("match", mapping([("kind", scalar("spike"))])), ("receiver", scalar("product")), ("group_wait", scalar("0s"))]))
    children.append(
        route([
            ("match", mapping([("sentiment", scalar("positive"))])), ("receiver", scalar("marketing")),
            ("continue", scalar("true")), ("group_by", list([scalar("connector")])),
        ]))
    children.append(
        route([
            ("match", mapping([("demand", scalar("true"))])), ("receiver", scalar("product-demand")),
            ("continue", scalar("true")), ("group_by", list([scalar("theme")])),
        ]))
    for family in 0..<6 {
        children.append(
            route([
                ("match_re", mapping([("topic", scalar("topic\(family)[0-9]"))])), ("receiver", scalar("family\(family)")),
                ("continue", scalar("true")), ("group_interval", scalar("15m")),
            ]))
    }
    for topic in 0..<40 {
        children.append(
            route(
                [
                    ("match", mapping([("topic", scalar(topicNames[topic]))])), ("receiver", scalar("team\(topic)")),
                    ("group_by", list([scalar("topic"), scalar("sentiment")])),
                ],
                routes: [
                    route([("match", mapping([("sentiment", scalar("negative"))])), ("receiver", scalar("team\(topic)-escalation"))]),
                    route([("match_re", mapping([("source", scalar("appstore|reddit"))])), ("receiver", scalar("team\(topic)-mobile"))]),
                ]))
    }
    for connector in 0..<34 {
        children.append(
            route(
                [("match", mapping([("connector", scalar(connectorNames[connector]))])), ("receiver", scalar("conn-owner\(connector % 5)"))],
                routes: [
                    route([("match_re", mapping([("language", scalar("zh|ja"))])), ("receiver", scalar("asia"))])
                ]))
    }
    children.append(route([("match", mapping([("tag", scalar("competitor"))])), ("receiver", scalar("intel"))]))
    return route(
        [
            ("receiver", scalar("frontline")), ("group_by", list([scalar("connector")])), ("group_wait", scalar("30s")),
            ("group_interval", scalar("5m")), ("repeat_interval", scalar("4h")),
        ], routes: children)
}

// MARK: - The naive peer

/// Alertmanager-style evaluation without any of hark's preparation: labels as a dictionary of
/// strings (several values joined by commas and split again to compare), every child tested in
/// order, and a regular expression run for every `match_re` test.
struct NaiveRoute {
    var receiver: String
    var equal: [(String, String)]
    var regex: [(String, NSRegularExpression)]
    var continues: Bool
    var children: [NaiveRoute]

    init(_ tree: RouteTree, _ index: Int) {
        let node = tree.nodes[index]
        receiver = node.receiver
        continues = node.continues
        equal = []
        regex = []
        for matcher in node.matchers {
            switch matcher.test {
            case .equal(let value): equal.append((matcher.name.rawValue, value))
            case .regex(let pattern):
                regex.append((matcher.name.rawValue, try! NSRegularExpression(pattern: "\\A(?:" + pattern.source + ")\\z")))
            }
        }
        children = node.children.map { NaiveRoute(tree, $0) }
    }

    func values(_ labels: [String: String], _ name: String) -> [String] {
        guard let value = labels[name] else { return [""] }
        return value.split(separator: ",").map(String.init)
    }

    func matches(_ labels: [String: String]) -> Bool {
        for (name, value) in equal where !values(labels, name).contains(value) { return false }
        for (name, expression) in regex {
            let any = values(labels, name).contains { value in
                expression.firstMatch(in: value, range: NSRange(location: 0, length: value.utf16.count)) != nil
            }
            if !any { return false }
        }
        return true
    }

    func route(_ labels: [String: String], into receivers: inout [String]) -> Bool {
        guard matches(labels) else { return false }
        let before = receivers.count
        for child in children where child.route(labels, into: &receivers) {
            if !child.continues { break }
        }
        if receivers.count == before { receivers.append(receiver) }
        return true
    }
}

// MARK: - Running

/// CPU seconds this thread spent in `body`. CPU time rather than wall time because the benchmark
/// machine is shared: other work stretches wall time but not the CPU time the routing itself needs.
/// Wall seconds are summed into `wallSeconds` for the record.
var wallSeconds = 0.0
@MainActor func seconds(_ body: () -> Void) -> Double {
    func cpu() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    let wallStart = DispatchTime.now().uptimeNanoseconds
    let start = cpu()
    body()
    wallSeconds += Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
    return cpu() - start
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
    #else
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    #endif
}

let options = Options(CommandLine.arguments)
let start = Date(timeIntervalSince1970: 1_780_000_000)
let config = makeTreeConfig()
var tree: RouteTree!
let parseSeconds = seconds { tree = try! RouteTree.parse(config) }
guard tree.nodes.count == 200 else { fatalError("the tree has \(tree.nodes.count) routes, expected 200") }
var walk = tree!
walk.usesChildIndex = false
let naive = NaiveRoute(tree, 0)

/// Runs `body` over freshly generated mentions (the same ones every time).
func forEachMention(_ count: Int, _ body: (Int, LabelledMention) -> Void) {
    var generator = SeededGenerator(seed: options.seed)
    for index in 0..<count { body(index, makeMention(index, &generator, start: start)) }
}

var checksum = 0
let generateSeconds = seconds { forEachMention(options.mentions) { _, mention in checksum &+= mention.labels.topics.count } }

var alertChecksum = 0
let alertSeconds = seconds {
    forEachMention(options.mentions) { _, mention in
        alertChecksum &+= Alert.mention(mention, firedAt: mention.mention.publishedAt).id.utf8.count
    }
}

var indexedReceivers = [Int](repeating: 0, count: options.naiveMentions)
var routed = 0
let indexedSeconds = seconds {
    forEachMention(options.mentions) { index, mention in
        let alert = Alert.mention(mention, firedAt: mention.mention.publishedAt)
        let nodes = tree.route(alert.labels)
        routed &+= nodes.count
        if index < options.naiveMentions {
            var hasher = Hasher()
            for node in nodes { hasher.combine(tree.nodes[node].receiver) }
            indexedReceivers[index] = hasher.finalize()
        }
    }
}
var mismatches = 0
let walkSeconds = seconds {
    forEachMention(options.mentions) { index, mention in
        let alert = Alert.mention(mention, firedAt: mention.mention.publishedAt)
        let nodes = walk.route(alert.labels)
        if index < options.naiveMentions {
            var hasher = Hasher()
            for node in nodes { hasher.combine(walk.nodes[node].receiver) }
            if hasher.finalize() != indexedReceivers[index] { mismatches += 1 }
        }
    }
}
let walkMismatches = mismatches
let naiveSeconds = seconds {
    forEachMention(options.naiveMentions) { index, mention in
        let alert = Alert.mention(mention, firedAt: mention.mention.publishedAt)
        var labels: [String: String] = [:]
        for (name, value) in alert.labels.rendered { labels[name.rawValue] = value }
        var receivers: [String] = []
        _ = naive.route(labels, into: &receivers)
        var hasher = Hasher()
        for receiver in receivers { hasher.combine(receiver) }
        if hasher.finalize() != indexedReceivers[index] { mismatches += 1 }
    }
}
guard mismatches == 0 else { fatalError("routing passes disagree on \(mismatches) mentions (walk: \(walkMismatches))") }

let rules = [
    InhibitRule(
        sourceMatchers: [.equal(.kind, "spike")], targetMatchers: [.equal(.kind, "mention")], equal: [.topic])
]
let silences = Silences([
    Silence(
        matchers: [.equal(.connector, "conn3")], startsAt: start, endsAt: start.addingTimeInterval(86_400),
        comment: "noisy connector")
])
var pipeline = RespondPipeline(tree: tree, silences: silences, inhibitRules: rules)
var notifications = 0
var notifiedAlerts = 0
var payloadBytes = 0
var silenced = 0
var inhibited = 0
var peakGroups = 0
let pipelineSeconds = seconds {
    forEachMention(options.mentions) { index, mention in
        let time = mention.mention.publishedAt
        // A spike on a common topic every ~2 hours of event time, as a spike detector would send.
        if index % 25_000 == 0 {
            var labels = AlertLabels()
            labels[.spike] = "negative-surge"
            labels[.topic] = topicNames[(index / 25_000) % 5]
            let spike = Alert(
                kind: .spike, key: "negative-surge@\(index)", labels: labels, firedAt: time,
                endsAt: time.addingTimeInterval(1800), spike: ["selector": "sentiment:negative", "count": 12])
            let (_, due) = pipeline.receive(spike, at: time)
            for notification in due {
                notifications += 1
                notifiedAlerts += notification.alerts.count
                payloadBytes += notification.jsonText.utf8.count
            }
        }
        let (outcome, due) = pipeline.receive(Alert.mention(mention, firedAt: time), at: time)
        switch outcome.disposition {
        case .silenced: silenced += 1
        case .inhibited: inhibited += 1
        case .grouped: break
        }
        for notification in due {
            notifications += 1
            notifiedAlerts += notification.alerts.count
            payloadBytes += notification.jsonText.utf8.count
        }
        if index % 1000 == 0 { peakGroups = max(peakGroups, pipeline.groups.count) }
    }
    for notification in pipeline.drain() {
        notifications += 1
        notifiedAlerts += notification.alerts.count
        payloadBytes += notification.jsonText.utf8.count
    }
}

func rate(_ count: Int, _ seconds: Double) -> String { String(format: "%.0f", Double(count) / seconds) }
func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
print(
    """
    {"bench":"route","mentions":\(options.mentions),"routes":\(tree.nodes.count),"seed":\(options.seed),\
    "parse_ms":\(String(format: "%.2f", parseSeconds * 1000)),\
    "generate":{"seconds":\(fixed(generateSeconds)),"mentions_per_s":\(rate(options.mentions, generateSeconds))},\
    "make_alerts":{"seconds":\(fixed(alertSeconds)),"mentions_per_s":\(rate(options.mentions, alertSeconds))},\
    "route_indexed":{"seconds":\(fixed(indexedSeconds)),"mentions_per_s":\(rate(options.mentions, indexedSeconds)),"route_matches":\(routed)},\
    "route_walk":{"seconds":\(fixed(walkSeconds)),"mentions_per_s":\(rate(options.mentions, walkSeconds))},\
    "route_naive":{"mentions":\(options.naiveMentions),"seconds":\(fixed(naiveSeconds)),"mentions_per_s":\(rate(options.naiveMentions, naiveSeconds))},\
    "pipeline":{"seconds":\(fixed(pipelineSeconds)),"mentions_per_s":\(rate(options.mentions, pipelineSeconds)),\
    "notifications":\(notifications),"alerts_notified":\(notifiedAlerts),"silenced":\(silenced),"inhibited":\(inhibited),\
    "payload_mb":\(String(format: "%.1f", Double(payloadBytes) / 1_048_576)),"peak_groups":\(peakGroups)},\
    "seconds_are":"thread CPU time","wall_seconds_total":\(fixed(wallSeconds)),\
    "peak_rss_mb":\(String(format: "%.1f", peakRSSMiB())),"checksum":\(checksum)}
    """)

/// Draws the benchmark needs, on hark's seeded SplitMix64 (the same sequence on every platform).
extension SeededGenerator {
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }
    /// An index in 0..<count, Zipf-like (a few values common, a long tail rare).
    mutating func zipf(_ count: Int) -> Int { min(count - 1, Int(Double(count) * pow(unit(), 2.5))) }
}
