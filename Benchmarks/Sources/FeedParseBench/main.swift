import Foundation
import HarkListen

// Parse throughput of `FeedParser` over a directory of feed documents, printed as one JSON line
// in the same shape as `Benchmarks/feedparse/peer.py`, so the two can be compared side by side.
//
// usage: FeedParseBench DIR [ITERATIONS]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: FeedParseBench DIR [ITERATIONS]\n".utf8))
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let iterations = arguments.count >= 3 ? max(1, Int(arguments[2]) ?? 10) : 10

let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
let documents: [(url: String, bytes: [UInt8])] = try names.map { name in
    ("https://corpus.example/\(name)", Array(try Data(contentsOf: directory.appendingPathComponent(name))))
}
let totalBytes = documents.reduce(0) { $0 + $1.bytes.count }

// One pass outside the clock: counts items and failures, and warms caches.
var items = 0
var failures = 0
for document in documents {
    do {
        items += try FeedParser.parse(document.bytes, url: document.url).items.count
    } catch {
        failures += 1
    }
}

let clock = ContinuousClock()
var sink = 0
let elapsed = clock.measure {
    for _ in 0..<iterations {
        for document in documents {
            sink &+= (try? FeedParser.parse(document.bytes, url: document.url).items.count) ?? 0
        }
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let parsed = Double(documents.count * iterations)
let result: [String: Any] = [
    "parser": "hark",
    "documents": documents.count,
    "iterations": iterations,
    "bytes": totalBytes,
    "items": items,
    "failures": failures,
    "seconds": (seconds * 1000).rounded() / 1000,
    "documents_per_second": (parsed / seconds * 10).rounded() / 10,
    "mb_per_second": (Double(totalBytes * iterations) / 1e6 / seconds * 100).rounded() / 100,
    "checksum": sink / iterations,
]
let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
