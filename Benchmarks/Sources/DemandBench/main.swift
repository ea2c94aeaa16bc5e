// Demand detection quality on hark's own labelled set (Benchmarks/demand/eval.jsonl): precision,
// recall and F1 of the shipped patterns (rules/demand/), and posts/s on one core.
//
//   DemandBench [--eval Benchmarks/demand/eval.jsonl] [--rules rules]
import Foundation
import HarkCore
import HarkLearn

var evalPath = "Benchmarks/demand/eval.jsonl"
var rulesPath = "rules"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next(), let value = arguments.next() {
    if flag == "--eval" { evalPath = value } else if flag == "--rules" { rulesPath = value }
}

let patterns = try DemandPatterns.load(paths: DemandSettings.standardFiles.map { rulesPath + "/" + $0 })
let detector = DemandDetector(patterns: patterns)
let lines = try String(contentsOfFile: evalPath, encoding: .utf8).split(separator: "\n")
var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
var texts: [String] = []
for line in lines where !line.isEmpty {
    let item = try JSONParser.parse(String(line))
    let text = item["text"]?.stringValue ?? ""
    texts.append(text)
    let expected = item["demand"]?.boolValue ?? false
    let found = detector.detect(text) != nil
    switch (expected, found) {
    case (true, true): truePositives += 1
    case (false, true): falsePositives += 1
    case (true, false): falseNegatives += 1
    case (false, false): trueNegatives += 1
    }
}
let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0

let clock = ContinuousClock()
var detected = 0
let rounds = 200
let elapsed = clock.measure {
    for _ in 0..<rounds { for text in texts where detector.detect(text) != nil { detected += 1 } }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let perSecond = Double(texts.count * rounds) / seconds
print(
    """
    {"posts":\(texts.count),"tp":\(truePositives),"fp":\(falsePositives),"fn":\(falseNegatives),"tn":\(trueNegatives),\
    "precision":\(String(format: "%.3f", precision)),"recall":\(String(format: "%.3f", recall)),\
    "f1":\(String(format: "%.3f", f1)),"posts_per_second_one_core":\(Int(perSecond))}
    """)
