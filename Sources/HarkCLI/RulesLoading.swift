import ArgumentParser
import HarkCore
import HarkLearn
import HarkRules

/// Loads the rules and compiles the classifier for a command, or prints every error and exits 2.
func loadClassifier(_ options: ConfigOptions) throws -> (RuleSet, Classifier) {
    let (ruleSet, errors) = RuleSet.load(configDirectory: options.directory)
    for error in errors { printError(error.description) }
    guard errors.isEmpty else { throw ExitStatus.configurationError }
    do {
        return (ruleSet, try ruleSet.makeClassifier())
    } catch {
        printError(error.description)
        throw ExitStatus.configurationError
    }
}
