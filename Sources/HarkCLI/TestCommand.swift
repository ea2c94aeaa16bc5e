import ArgumentParser
import HarkCore
import HarkLearn
import HarkPipeline
import HarkRespond
import HarkRules

/// `hark test`: run the rule tests in `rules/tests/`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule tests in rules/tests/.",
        discussion: "Each failure is printed with its position and expected vs got. Exit status 1 on any failure."
    )

    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let (ruleSet, classifier) = try loadClassifier(configOptions)
        var passed = 0
        var failed = 0
        var loadErrors = 0
        for path in ruleSet.testFiles {
            let loaded = RuleTestCase.load(path: path, displayName: RuleSet.displayPath(path, root: configOptions.directory))
            for error in loaded.errors { printError(error.description) }
            loadErrors += loaded.errors.count
            for testCase in loaded.cases {
                let labels = classifier.labels(for: testCase.mention)
                let outcome = ruleSet.explainRoute(LabelledMention(mention: testCase.mention, labels: labels))
                let problems = testCase.failures(with: labels, receivers: outcome.map { $0.routes.map(\.receiver) })
                if problems.isEmpty {
                    passed += 1
                    continue
                }
                failed += 1
                let text = testCase.mention.text.isEmpty ? (testCase.mention.title ?? "") : testCase.mention.text
                print("FAIL \(testCase.position): \"\(text.prefix(80))\"")
                for problem in problems { print("     \(problem)") }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if loadErrors > 0 { throw ExitStatus.configurationError }
        if failed > 0 { throw ExitStatus.checkFailed }
    }
}
