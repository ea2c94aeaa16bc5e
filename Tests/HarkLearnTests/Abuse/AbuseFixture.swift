import Foundation
import HarkLearn

/// The shipped abuse lexicons, loaded once for all abuse tests from the package's `rules/abuse/`.
enum AbuseFixture {
    /// `rules/abuse/` of this package: three directories up from this file's folder.
    static let lexiconDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("rules/abuse").path
    }()

    static let lexicon: AbuseLexicon = try! AbuseLexicon.standard(in: lexiconDirectory)

    static let detector = AbuseDetector(lexicon: lexicon)

    static func isAbusive(_ text: String, language: String? = nil) -> Bool {
        detector.analyze(text, language: language).isAbusive
    }
}
