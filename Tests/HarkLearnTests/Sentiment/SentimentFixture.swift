import Foundation
import HarkLearn

/// The shipped lexicons, loaded once for all sentiment tests from the package's `rules/lexicons/`.
enum SentimentFixture {
    /// `rules/lexicons/` of this package: three directories up from this file's folder.
    static let lexiconDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("rules/lexicons").path
    }()

    static let lexicon: SentimentLexicon = try! SentimentLexicon.standard(in: lexiconDirectory)

    static let analyzer = SentimentAnalyzer(lexicon: lexicon)

    static func score(_ text: String, language: String? = nil) -> Double {
        analyzer.analyze(text, language: language).score
    }
}
