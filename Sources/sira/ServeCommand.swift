import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SiraConfig
import SiraCore
import SiraGateway
import SiraHTTP
import SiraProviders

/// `sira serve`: runs the gateway until SIGTERM or SIGINT, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway (the embedded default needs no configuration and no keys)."
    )

    @Option(help: "The address to listen on (env SIRA_HOST; else the config's server.host; else 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on; 0 picks a free one (env SIRA_PORT; else server.port; else 8080).")
    var port: Int?

    @Option(
        help: ArgumentHelp(
            "A configuration file (env SIRA_CONFIG). Without one: the mock, plus providers whose keys are in the environment.",
            valueName: "file"))
    var config: String?

    @Option(help: "The log level: trace, debug, info, notice, warning, error, critical (env SIRA_LOG_LEVEL).")
    var logLevel: String = Environment.string("SIRA_LOG_LEVEL") ?? "info"

    @Flag(inversion: .prefixedNo, help: "Log one line per request.")
    var accessLog = true

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
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
        let gateway = try Environment.gateway(config: config)
        let host = host ?? Environment.string("SIRA_HOST") ?? gateway.host ?? "127.0.0.1"
        let port = port ?? Environment.string("SIRA_PORT").flatMap(Int.init) ?? gateway.port ?? 8080
        let httpClients = UpstreamClients()
        let app = GatewayApp(configuration: gateway, httpClients: httpClients, logger: logger)
        logger.info(
            "models configured",
            metadata: [
                "models": "\(app.catalog.all.map(\.name).joined(separator: ","))",
                "passthrough": "\(gateway.passThrough.joined(separator: ","))",
            ])
        for note in gateway.notes { logger.warning("\(note)") }
        let server = app.server(HTTPServerConfiguration(host: host, port: port, accessLog: accessLog))
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        // The clients are shut down however the server stops (after it drained, no call is left in
        // flight); a failure to start (the port is taken) is reported, not hidden by a client left open.
        do {
            try await group.run()
        } catch {
            try? await httpClients.shutdown()
            throw error
        }
        try await httpClients.shutdown()
    }
}
