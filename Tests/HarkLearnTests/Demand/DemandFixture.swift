import Foundation
import HarkLearn

/// The shipped pattern files in `rules/demand/`, found from this file's path.
enum DemandFixture {
    static let rulesDirectory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("rules/demand")
    }()

    static let detector: DemandDetector = {
        let paths = ["en.yaml", "zh.yaml"].map { rulesDirectory.appendingPathComponent($0).path }
        // The shipped files must load; a failure here is the test failure.
        return DemandDetector(patterns: try! DemandPatterns.load(paths: paths))
    }()
}
