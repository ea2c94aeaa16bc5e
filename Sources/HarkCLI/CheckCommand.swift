import ArgumentParser
import HarkCore
import HarkListen

/// `hark check`: validate the configuration the way the daemon will read it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every connector and rule file.",
        discussion: "Errors are printed as FILE:LINE:COL: message. Exit status 1 when anything is wrong."
    )

    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let catalog = ConnectorCatalog.load(configDirectory: configOptions.directory)
        for error in catalog.errors { printError(error.description) }
        guard catalog.errors.isEmpty else {
            printError("hark: \(catalog.errors.count) error\(catalog.errors.count == 1 ? "" : "s")")
            throw ExitStatus.checkFailed
        }
        let enabled = catalog.connectors.filter(\.definition.enabled).count
        print("ok: \(catalog.connectors.count) connectors (\(enabled) enabled)")
    }
}
