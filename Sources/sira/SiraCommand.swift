import ArgumentParser
import Foundation
import SiraConfig

/// `sira`: the gateway's command line.
struct SiraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sira",
        abstract: "Sira, an AI gateway: one OpenAI-compatible API in front of many LLM providers.",
        subcommands: [ServeCommand.self, CheckCommand.self, ExplainCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

/// Settings read from the environment.
enum Environment {
    /// `SIRA_NIO_EXECUTOR=0` keeps Swift's default global executor (for comparison in benchmarks).
    static var nioExecutor: Bool { ProcessInfo.processInfo.environment["SIRA_NIO_EXECUTOR"] != "0" }

    static func string(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }

    /// The configuration a command runs with (`--config`, else `SIRA_CONFIG`, else the environment's
    /// providers), with a configuration problem reported as a usage error naming file, line and key.
    static func gateway(config: String?) throws -> GatewayConfiguration {
        do {
            return try GatewayConfiguration.resolve(path: config, environment: ProcessInfo.processInfo.environment)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
