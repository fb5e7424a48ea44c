import ArgumentParser
import Foundation
import SiraConfig

/// `sira check`: validates a configuration file without serving, so a deploy can fail before it
/// starts. Prints what the file configures (never a key) and exits 0, or prints the first problem
/// with its file, line and key and exits 1. Without a file, prints what `sira serve` would offer from
/// the environment, with notes on keys it leaves out (a regional preset's key without its region).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file (or the environment's providers) without serving."
    )

    @Option(
        help: ArgumentHelp(
            "The configuration file (env SIRA_CONFIG); without one, the providers the environment configures.",
            valueName: "file"))
    var config: String?

    func run() throws {
        guard let config = config ?? Environment.string("SIRA_CONFIG") else {
            let gateway = GatewayConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
            print("no configuration file: the embedded default and the environment's providers")
            print(gateway.summary)
            return
        }
        do {
            let gateway = try GatewayConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
            print("\(config): ok")
            print(gateway.summary)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
