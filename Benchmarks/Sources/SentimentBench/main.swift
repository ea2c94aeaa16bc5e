// Sentiment benchmark: quality on the four human-rated corpora of the VADER paper and throughput.
//
//   SentimentBench [--data DIR] [--lexicons DIR] [--seconds S]
//
// DIR holds *_GroundTruth.txt (id<TAB>mean rating<TAB>text). Quality is binary: a mean rating > 0
// is positive, < 0 negative, 0 is dropped; a score >= 0 counts as positive; the figure is the
// support-weighted F1 over both classes (scikit-learn's `average="weighted"`), exactly as
// Benchmarks/sentiment/peer.py computes it for vaderSentiment. Throughput: texts per CPU-second of
// one thread (`classify`, the labelling path, and `analyze`, with explanations), and texts per
// wall-clock second with one thread per core. Prints one JSON object.
import Dispatch
import Foundation
import HarkCore
import HarkLearn

let corpora = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]

var data = "../shared/data/vader"
var lexicons = "rules/lexicons"
var seconds = 2.0
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--data": data = arguments.next() ?? data
    case "--lexicons": lexicons = arguments.next() ?? lexicons
    case "--seconds": seconds = Double(arguments.next() ?? "") ?? seconds
    default:
        FileHandle.standardError.write(
            "usage: SentimentBench [--data DIR] [--lexicons DIR] [--seconds S]\n".data(using: .utf8)!)
        exit(2)
    }
}

struct Item: Sendable {
    var rating: Double
    var text: String
}

func readCorpus(_ name: String, in directory: String) -> [Item] {
    let path = "\(directory)/\(name)_GroundTruth.txt"
    guard let content = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(1)
    }
    return content.split(whereSeparator: \.isNewline).compactMap { line in
        let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let rating = Double(fields[1].trimmingCharacters(in: .whitespaces)) else {
            return nil
        }
        return Item(rating: rating, text: String(fields[2]))
    }
}

/// Support-weighted F1 of the two classes, positive and negative.
func weightedF1(truth: [Bool], predicted: [Bool]) -> Double {
    var score = 0.0
    for positive in [true, false] {
        var tp = 0.0
        var fp = 0.0
        var fn = 0.0
        for (t, p) in zip(truth, predicted) {
            if p == positive && t == positive { tp += 1 }
            if p == positive && t != positive { fp += 1 }
            if p != positive && t == positive { fn += 1 }
        }
        let f1 = tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn)
        score += f1 * (tp + fn)
    }
    return score / Double(truth.count)
}

let analyzer: SentimentAnalyzer
do {
    analyzer = SentimentAnalyzer(lexicon: try SentimentLexicon.standard(in: lexicons))
} catch {
    FileHandle.standardError.write("\(error)\n".data(using: .utf8)!)
    exit(1)
}

var quality: [String: Any] = [:]
var allTexts: [String] = []
for name in corpora {
    let items = readCorpus(name, in: data).filter { $0.rating != 0 }
    allTexts += items.map(\.text)
    let predicted = items.map { analyzer.classify($0.text).score >= 0 }
    quality[name] = ["f1": weightedF1(truth: items.map { $0.rating > 0 }, predicted: predicted), "n": items.count]
}

/// CPU time of the calling thread: on a shared machine wall time would measure the neighbours.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Texts per CPU-second of one thread running `work` over all corpus texts, for at least `seconds`.
func singleCore(_ texts: [String], seconds: Double, _ work: (String) -> Double) -> Double {
    let start = threadCPUSeconds()
    var count = 0
    var sink = 0.0
    repeat {
        for text in texts { sink += work(text) }
        count += texts.count
    } while threadCPUSeconds() - start < seconds
    if sink == .infinity { print(sink) }
    return Double(count) / (threadCPUSeconds() - start)
}

/// Texts per wall-clock second with one thread per core, each over all corpus texts.
func allCores(_ texts: [String], seconds: Double, threads: Int, _ work: @escaping @Sendable (String) -> Double)
    -> Double
{
    let start = DispatchTime.now().uptimeNanoseconds
    var rounds = 0
    var elapsed = 0.0
    repeat {
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var sink = 0.0
            for text in texts { sink += work(text) }
            if sink == .infinity { print(sink) }
        }
        rounds += 1
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds
    return Double(texts.count * rounds * threads) / elapsed
}

let cores = ProcessInfo.processInfo.activeProcessorCount
let shared = analyzer
let single = singleCore(allTexts, seconds: seconds) { shared.classify($0).score }
let explained = singleCore(allTexts, seconds: seconds) { shared.analyze($0).score }
let parallel = allCores(allTexts, seconds: seconds, threads: cores) { shared.classify($0).score }

let report: [String: Any] = [
    "tool": "hark",
    "f1": quality,
    "texts": allTexts.count,
    "texts_per_second_single_core": single.rounded(),
    "texts_per_second_single_core_explained": explained.rounded(),
    "texts_per_second_all_cores": parallel.rounded(),
    "cores": cores,
]
let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
