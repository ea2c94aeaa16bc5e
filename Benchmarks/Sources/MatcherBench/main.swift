// Matcher benchmark: 5,000 topic rules over 1 M short posts, every core, texts/s and memory.
//
// Rules and posts are generated from a seed, so every run (and every machine) measures the same work.
// Printed beside the shared-automaton figure, from the same run: the cost of folding and tokenizing
// alone (the floor any matcher pays) and the naive peer, each rule compiled and checked on its own.
//
// Usage: MatcherBench [--rules N] [--posts N] [--seed N] [--baseline-posts N]

import Foundation
import HarkCore
import HarkLearn

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Options {
    var rules = 5_000
    var posts = 1_000_000
    var seed: UInt64 = 20_260_101
    var baselinePosts = 1_000

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next(), let number = Int(value), number >= 0 else {
                fatalError("usage: MatcherBench [--rules N] [--posts N] [--seed N] [--baseline-posts N]")
            }
            switch flag {
            case "--rules": rules = number
            case "--posts": posts = number
            case "--seed": seed = UInt64(number)
            case "--baseline-posts": baselinePosts = number
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}


enum Vocabulary {
    static let syllables = [
        "ka", "zen", "tri", "mo", "vo", "lux", "bra", "nex", "qui", "sol", "ter", "fy", "da", "ro", "li", "pa", "mi",
        "zo", "cor", "vel",
    ]
    static let products = [
        "app", "card", "wallet", "account", "ticket", "subscription", "plan", "order", "delivery", "checkout", "login",
        "update", "payment", "support", "store", "pass", "booking", "seat", "screen", "membership",
    ]
    static let problems = [
        "broken", "crash", "crashes", "crashed", "crashing", "declined", "locked", "slow", "failed", "failing", "error",
        "bug", "outage", "down", "frozen", "missing", "late", "wrong", "stuck", "lost",
    ]
    static let praise = [
        "love", "great", "awesome", "amazing", "best", "fast", "easy", "helpful", "perfect", "fantastic",
    ]
    static let billing = [
        "refund", "refunded", "charged", "charge", "billed", "overcharged", "double charged", "invoice",
    ]
    static let filler = """
        the a an and or but so because when while if then i you he she we they it my your our their this that these \
        those is are was were be been have has had do does did not no yes just really very still again today yesterday \
        tomorrow week month year time day night morning evening people friend family customer service team staff \
        manager phone email chat call wait waiting waited hour hours minute minutes week weeks new old first last next \
        good bad better worse ok fine okay nice terrible awful horrible weird strange funny sad happy angry tired \
        want need like get got make made take took give gave say said tell told ask asked try tried use used work \
        works worked working go went come came see saw know knew think thought look looked find found keep kept \
        money price cost cheap expensive free paid pay month trial offer deal sale discount code coupon promo \
        home work office city town store online website site link page post thread review rating star stars
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    static let accented = [
        "café", "naïve", "résumé", "crème", "Straße", "jalapeño", "façade", "coöperate", "über", "señor",
    ]
    static let chinese = ["我要求退款", "扣费两次", "应用闪退", "客服不回复", "登录失败", "体验很好", "卡被锁了", "太慢了"]
    static let emoji = ["😡", "🔥", "👍🏽", "💸", "🙏", "😂", "❤️", "👨‍👩‍👧"]

    static func brand(_ index: Int) -> String {
        let name = syllables[index % 20] + syllables[(index / 20) % 20] + syllables[(index / 400) % 20]
        return name.prefix(1).uppercased() + name.dropFirst()
    }
}

enum Workload {
    static func rules(count: Int, brands: Int) -> [TopicRule] {
        (0..<count).map { index in
            let brand = Vocabulary.brand(index % brands)
            let product = Vocabulary.products[index % Vocabulary.products.count]
            let problem = Vocabulary.problems[(index / 3) % Vocabulary.problems.count]
            let query: String
            if index % 50 == 49 {
                query = "\(brand) AND (退款 OR 扣费 OR 闪退 OR 登录失败)"
            } else {
                switch index % 8 {
                case 0: query = "\(brand) AND (refund* OR charge* OR \"double charged\" OR billed)"
                case 1: query = "(\"\(brand) app\" OR \"\(brand) card\") NEAR/5 (broken OR crash* OR declined OR fail*)"
                case 2:
                    query = "(\(brand) OR #\(brand) OR @\(brand)help) AND (love OR great OR awesome) AND NOT giveaway"
                case 3: query = "\(brand) AND \(product) NEAR/3 (\(problem) OR error OR stuck)"
                case 4: query = "\"\(brand) \(product)\" AND NOT (spam OR promo*)"
                case 5: query = "title:\(brand) OR (\(brand) AND lang:en AND (slow OR late OR stuck))"
                case 6: query = "\(brand) (deliver?d OR log?in OR \"check in\" OR check?in)"
                default: query = "\(brand) NEAR/4f (support OR help*) AND rating:<=2"
                }
            }
            return try! TopicRule(name: "topic-\(index)", query: query)
        }
    }

    struct Post: Sendable {
        var title: String?
        var text: String
        var source: SourceKind
        var language: String
        var rating: Int?
    }

    static func posts(count: Int, brands: Int, generator: inout SeededGenerator) -> [Post] {
        let sources: [SourceKind] = [.reddit, .appstore, .mastodon, .rss, .hackernews]
        return (0..<count).map { _ in
            var words: [String] = []
            let length = 8 + Int(generator.next() % 18)
            for _ in 0..<length { words.append(generator.pick(Vocabulary.filler)) }
            func insert(_ word: String) { words.insert(word, at: Int(generator.next() % UInt64(words.count + 1))) }
            if generator.chance(0.5) {
                let brand = Vocabulary.brand(Int(generator.next() % UInt64(brands)))
                insert(generator.chance(0.1) ? "#" + brand : generator.chance(0.2) ? brand.uppercased() : brand)
                if generator.chance(0.4) {
                    insert(generator.pick(Vocabulary.billing + Vocabulary.problems + Vocabulary.praise + ["support"]))
                }
            }
            if generator.chance(0.3) { insert(generator.pick(Vocabulary.products)) }
            if generator.chance(0.3) { insert(generator.pick(Vocabulary.problems)) }
            if generator.chance(0.15) { insert(generator.pick(Vocabulary.praise)) }
            if generator.chance(0.1) { insert(generator.pick(Vocabulary.billing)) }
            if generator.chance(0.05) { insert(generator.pick(Vocabulary.accented)) }
            if generator.chance(0.05) { insert(generator.pick(Vocabulary.chinese)) }
            if generator.chance(0.05) { words.append(generator.pick(Vocabulary.emoji)) }
            var text = words.joined(separator: " ")
            text = text.prefix(1).uppercased() + text.dropFirst() + (generator.chance(0.3) ? "!" : ".")
            let source = generator.pick(sources)
            let title = generator.chance(0.2) ? words.prefix(5).joined(separator: " ") : nil
            return Post(
                title: title, text: text, source: source, language: generator.chance(0.9) ? "en" : "zh",
                rating: source == .appstore ? 1 + Int(generator.next() % 5) : nil)
        }
    }

    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func mention(_ post: Post) -> Mention {
        Mention(
            id: "p", connector: "bench", source: post.source, title: post.title, text: post.text,
            publishedAt: epoch, language: post.language, rating: post.rating)
    }
}

enum Memory {
    /// Peak resident set size so far, in MiB.
    static func peakMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            return Double(usage.ru_maxrss) / 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }

    /// Current resident set size, in MiB (Linux `/proc/self/statm`; 0 elsewhere).
    static func currentMiB() -> Double {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}

struct Tally: Sendable {
    var labels = 0
    var postsWithTopic = 0
    static func + (a: Tally, b: Tally) -> Tally {
        Tally(labels: a.labels + b.labels, postsWithTopic: a.postsWithTopic + b.postsWithTopic)
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func match(_ matcher: TopicMatcher, _ posts: ArraySlice<Workload.Post>) -> Tally {
    var tally = Tally()
    for index in posts.indices {
        let found = matcher.topics(for: Workload.mention(posts[index]))
        tally.labels += found.count
        if !found.isEmpty { tally.postsWithTopic += 1 }
    }
    return tally
}

func rounded(_ value: Double, _ places: Double = 1) -> Double {
    let scale = pow(10, places)
    return (value * scale).rounded() / scale
}

let options = Options(CommandLine.arguments)
let clock = ContinuousClock()
let cores = ProcessInfo.processInfo.activeProcessorCount
let brands = max(1, options.rules / 2)

var generator = SeededGenerator(seed: options.seed)
_ = NormalizedText("warm up the folding tables")
let rulesStarted = clock.now
let rules = Workload.rules(count: options.rules, brands: brands)
let parseSeconds = seconds(clock.now - rulesStarted)
let posts = Workload.posts(count: options.posts, brands: brands, generator: &generator)
let rssAfterPosts = Memory.currentMiB()

let compileStarted = clock.now
let matcher = TopicMatcher(rules: rules)
let compileSeconds = seconds(clock.now - compileStarted)
let rssAfterCompile = Memory.currentMiB()

let singleCount = min(posts.count, 200_000)
let foldStarted = clock.now
var tokens = 0
for post in posts[0..<singleCount] {
    tokens &+= NormalizedText(post.text).tokens.count
    if let title = post.title { tokens &+= NormalizedText(title).tokens.count }
}
let foldSeconds = seconds(clock.now - foldStarted)

let singleStarted = clock.now
let singleTally = match(matcher, posts[0..<singleCount])
let singleSeconds = seconds(clock.now - singleStarted)

let chunk = max(1, (posts.count + cores * 4 - 1) / (cores * 4))
let allStarted = clock.now
let tally = await withTaskGroup(of: Tally.self) { group in
    for start in stride(from: 0, to: posts.count, by: chunk) {
        let slice = posts[start..<min(posts.count, start + chunk)]
        group.addTask { match(matcher, slice) }
    }
    var total = Tally()
    for await part in group { total = total + part }
    return total
}
let allSeconds = seconds(clock.now - allStarted)

let baselineCount = min(posts.count, options.baselinePosts)
let perRule = rules.map { TopicMatcher(rules: [$0]) }
let baselineStarted = clock.now
var baselineLabels = 0
for index in 0..<baselineCount {
    let mention = Workload.mention(posts[index])
    for single in perRule where !single.topics(for: mention).isEmpty { baselineLabels += 1 }
}
let baselineSeconds = seconds(clock.now - baselineStarted)
let sharedOnBaseline = match(matcher, posts[0..<baselineCount])
precondition(sharedOnBaseline.labels == baselineLabels, "the shared automaton and rule-by-rule disagree")

let report: [String: Any] = [
    "rules": rules.count,
    "distinct_terms": matcher.termCount,
    "posts": posts.count,
    "cores": cores,
    "rules_parse_s": rounded(parseSeconds, 3),
    "compile_s": rounded(compileSeconds, 3),
    "match_all_cores_s": rounded(allSeconds, 2),
    "texts_per_s_all_cores": Int(Double(posts.count) / allSeconds),
    "texts_per_s_one_core": Int(Double(singleCount) / singleSeconds),
    "fold_only_texts_per_s_one_core": Int(Double(singleCount) / foldSeconds),
    "baseline_rule_by_rule_texts_per_s_one_core": Int(Double(baselineCount) / baselineSeconds),
    "baseline_posts": baselineCount,
    "topic_labels": tally.labels,
    "posts_with_topic": tally.postsWithTopic,
    "single_core_sample_labels": singleTally.labels,
    "rss_after_posts_mib": rounded(rssAfterPosts),
    "matcher_rss_mib": rounded(rssAfterCompile - rssAfterPosts),
    "peak_rss_mib": rounded(Memory.peakMiB()),
]
let json = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
print(String(decoding: json, as: UTF8.self))

/// Draws the benchmark needs, on hark's seeded SplitMix64 (the same sequence on every platform).
extension SeededGenerator {
    mutating func chance(_ probability: Double) -> Bool { Double(next() % 1_000_000) < probability * 1_000_000 }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
