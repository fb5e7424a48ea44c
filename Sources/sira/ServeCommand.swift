import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SiraCore
import SiraHTTP
import SiraProviders

/// `sira serve`: runs the gateway until SIGTERM or SIGINT, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway (the embedded default needs no configuration and no keys)."
    )

    @Option(help: "The address to listen on (env SIRA_HOST).")
    var host: String = Environment.string("SIRA_HOST") ?? "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one (env SIRA_PORT).")
    var port: Int = Environment.string("SIRA_PORT").flatMap(Int.init) ?? 8080

    @Option(help: "The log level: trace, debug, info, notice, warning, error, critical (env SIRA_LOG_LEVEL).")
    var logLevel: String = Environment.string("SIRA_LOG_LEVEL") ?? "info"

    @Flag(inversion: .prefixedNo, help: "Log one line per request.")
    var accessLog = true

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "sira")
        let configuration = HTTPServerConfiguration(host: host, port: port, accessLog: accessLog)
        let catalog = Gateway.defaultCatalog(environment: ProcessInfo.processInfo.environment)
        let server = HTTPServer(configuration: configuration, router: Gateway.router(catalog: catalog), logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
