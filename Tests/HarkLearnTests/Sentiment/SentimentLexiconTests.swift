import Foundation
import HarkCore
import HarkLearn
import Testing

@Suite("Lexicon files: format, merging and errors with FILE:LINE:COL")
struct SentimentLexiconTests {
    func error(_ text: String) -> String? {
        do {
            _ = try SentimentLexicon(parsing: text, file: "brand.tsv")
            return nil
        } catch {
            return error.description
        }
    }

    func error(bytes: [UInt8]) -> String? {
        do {
            _ = try SentimentLexicon(parsing: bytes, file: "brand.tsv")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsTermsCommentsPhrasesAndExtraColumns() throws {
        let text = "\u{FEFF}# payments\n\ndeclined\t-2.0\r\nCut  The Mustard\t1.5\ngood\t1.9\t0.5\t[1, 2]\n"
        let lexicon = try SentimentLexicon(parsing: text, file: "brand.tsv")
        #expect(lexicon.count == 3)
        #expect(lexicon["declined"] == -2.0)
        #expect(lexicon["cut the mustard"] == 1.5)
        #expect(lexicon["GOOD"] == 1.9)
    }

    @Test func normalisesTermsInAnyScriptAndSpacing() throws {
        let text = "日本語\t1\nDon’t\t-1\nÉCOLE\t1.5\n  Spaced   Term  \t 2 \nx\t-0.5\ty\n#\t1\n  # c\n\t\t\nすごい\t3\n"
        let lexicon = try SentimentLexicon(parsing: text, file: "brand.tsv")
        #expect(
            lexicon.valences == [
                "日本語": 1, "don't": -1, "école": 1.5, "spaced term": 2, "x": -0.5, "すごい": 3,
            ])
        #expect(SentimentLexicon(valences: ["Good": 1, "a  b": 2, "c d": 3]).valences == ["good": 1, "a b": 2, "c d": 3])
    }

    @Test func reportsTheBadFieldPosition() {
        #expect(
            error("good\t1.9\nbad -2.5\n") == "brand.tsv:2:9: expected term<TAB>valence, found no tab after 'bad -2.5'")
        #expect(
            error("good\tgreat\n")
                == "brand.tsv:1:6: expected a number for the valence of 'good' (-4 to 4), found 'great'")
        #expect(
            error("# c\ngood\t  1.9x\n")
                == "brand.tsv:2:8: expected a number for the valence of 'good' (-4 to 4), found '1.9x'")
        #expect(
            error("good\t\n") == "brand.tsv:1:6: expected a number for the valence of 'good' (-4 to 4), found nothing")
        #expect(error("\t1.0\n") == "brand.tsv:1:1: expected a term before the tab")
        #expect(error("良好\tnan\n") == "brand.tsv:1:4: expected a number for the valence of '良好' (-4 to 4), found 'nan'")
        #expect(
            error("good\t5\n") == "brand.tsv:1:6: valence of 'good' must be between -4 and 4 (VADER's scale), found 5")
    }

    @Test func emptyAndBinaryFilesAreErrorsAtTheStart() {
        #expect(error("") == "brand.tsv:1:1: empty lexicon: expected lines of term<TAB>valence")
        #expect(error("# only a comment\n\n") == "brand.tsv:1:1: empty lexicon: expected lines of term<TAB>valence")
        #expect(
            error(bytes: [0x67, 0x0A, 0x6F, 0x00, 0x09])
                == "brand.tsv:1:1: binary file, not a lexicon: NUL byte at line 2, column 2")
        #expect(
            error(bytes: [0x89, 0x50, 0x4E, 0x47])
                == "brand.tsv:1:1: binary file, not a lexicon: invalid UTF-8 at line 1, column 1")
        #expect(error(bytes: Array("good\t1.9\n".utf8)) == nil)
    }

    @Test func missingFileIsReportedNotFatal() {
        #expect(throws: ConfigError.self) { try SentimentLexicon.load(paths: ["/nonexistent/brand.tsv"]) }
        do {
            _ = try SentimentLexicon.load(paths: ["/nonexistent/brand.tsv"])
        } catch {
            #expect(error.position == SourcePosition(file: "/nonexistent/brand.tsv", line: 1, column: 1))
        }
    }

    @Test func laterLexiconsOverrideEarlierOnes() throws {
        let base = SentimentLexicon(valences: ["declined": 0, "good": 1.9])
        let domain = try SentimentLexicon(parsing: "declined\t-2.0\n", file: "domain.tsv")
        let merged = base.merging(domain)
        #expect(merged["declined"] == -2.0)
        #expect(merged["good"] == 1.9)
        #expect(domain.merging(base)["declined"] == 0)
    }

    @Test func valencesReadAsDoubleReadsThem() throws {
        // The byte reader of short decimals must give the very Double that Double(_:) parses.
        var spellings = ["-0", "+0", "0", "4", "-4", "+2.5", "4.", ".5", "-.5", "1e0", "0.000000000000001", "3.999999999999999"]
        for thousandths in -4000...4000 {
            let value = Double(thousandths) / 1000
            spellings.append(String(value))
            spellings.append(String(format: "%.3f", value))
            spellings.append(String(format: "%.1f", (value * 10).rounded() / 10))
        }
        let text = spellings.enumerated().map { "t\($0.offset)\t\($0.element)" }.joined(separator: "\n")
        let lexicon = try SentimentLexicon(parsing: text, file: "numbers.tsv")
        for (index, spelling) in spellings.enumerated() {
            let parsed = try #require(lexicon["t\(index)"], "\(spelling)")
            #expect(parsed.bitPattern == Double(spelling)!.bitPattern, "\(spelling)")
        }
    }

    @Test func mergingInPlaceAgreesWithMerging() throws {
        let small = SentimentLexicon(valences: ["declined": -2, "good": 1.9])
        let large = SentimentLexicon(valences: ["declined": 0, "bad": -2.5, "fine": 0.8, "great": 3.1])
        for (base, over) in [(small, large), (large, small)] {
            var merged = base
            merged.merge(over)
            #expect(merged == base.merging(over))
            #expect(merged["declined"] == over["declined"], "the lexicon laid over wins")
            #expect(merged.count == 5)
        }
    }

    @Test func domainLexiconMakesDeclinedNegative() throws {
        let text = "My card was declined at checkout"
        #expect(SentimentFixture.analyzer.analyze(text).label == .neutral)
        let domain = try SentimentLexicon.load(paths: [SentimentFixture.lexiconDirectory + "/domain-example.tsv"])
        let analyzer = SentimentAnalyzer(lexicon: SentimentFixture.lexicon.merging(domain))
        #expect(analyzer.analyze(text).label == .negative)
        #expect(analyzer.analyze("Cool Bank sent my statement").score == 0, "a brand name made neutral")
        #expect(analyzer.analyze("付款被拒").label == .negative)
    }

    @Test func shippedLexiconsLoad() {
        let lexicon = SentimentFixture.lexicon
        #expect(lexicon["good"] == 1.9)
        #expect(lexicon["😀"] == 1.5)
        #expect(lexicon["满意"] == 2.2 && lexicon["滿意"] == 2.2)
        #expect(lexicon["the bomb"] == 3.0)
        #expect(lexicon.count > 40_000)
    }
}
