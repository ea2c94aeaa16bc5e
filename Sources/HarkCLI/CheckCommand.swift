import ArgumentParser
import HarkCore
import HarkListen
import HarkRules

/// `hark check`: validate the configuration the way the daemon will read it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every connector and rule file.",
        discussion: """
            Errors are printed as FILE:LINE:COL: message, warnings (suspicious but valid rules) as \
            FILE:LINE:COL: warning: message. Exit status 1 when anything is wrong.
            """
    )

    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let catalog = ConnectorCatalog.load(configDirectory: configOptions.directory)
        var errors = catalog.errors
        let (ruleSet, ruleErrors) = RuleSet.load(configDirectory: configOptions.directory)
        errors += ruleErrors
        if ruleErrors.isEmpty {
            do {
                _ = try ruleSet.makeClassifier()
            } catch {
                errors.append(error)
            }
        }
        var testCount = 0
        for path in ruleSet.testFiles {
            let loaded = RuleTestCase.load(
                path: path, displayName: RuleSet.displayPath(path, root: configOptions.directory))
            errors += loaded.errors
            testCount += loaded.cases.count
        }
        for error in errors { printError(error.description) }
        for warning in ruleSet.warnings { printError("\(warning.position): warning: \(warning.message)") }
        guard errors.isEmpty else {
            printError("hark: \(errors.count) error\(errors.count == 1 ? "" : "s")")
            throw ExitStatus.checkFailed
        }
        let enabled = catalog.connectors.filter(\.definition.enabled).count
        print(
            "ok: \(catalog.connectors.count) connectors (\(enabled) enabled), \(ruleSet.topics.count) topics, "
                + "\(testCount) rule tests")
    }
}
