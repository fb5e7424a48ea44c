// Integration tests start the real gateway, the same way `sira serve` does: from configuration text,
// through `GatewayApp`, on a free loopback port.

import Logging
import SiraConfig
import SiraCore
import SiraGateway
import SiraHTTP
import SiraProviders

/// Runs the gateway built from a YAML configuration for the duration of a test.
public enum TestGateway {
    /// Parses `yaml`, builds the gateway with `GatewayApp`, serves it on 127.0.0.1 and a free port,
    /// runs `body`, then shuts the server and its HTTP clients down.
    /// - Parameters:
    ///   - yaml: The configuration, as in a `sira.yaml` file.
    ///   - environment: The environment for `${VAR}` references and proxy settings; empty by default.
    ///   - clock: The clock; the system's by default (a `ManualClock` drives cool-downs by hand).
    ///   - policies: Policies at each level; none by default.
    ///   - server: Server settings (limits, timeouts); host and port are replaced.
    ///   - body: The test, given the gateway and its port.
    /// - Returns: What `body` returns.
    /// - Throws: A `ConfigurationError` for bad YAML, or what `body` or the server throws.
    public static func with<T: Sendable>(
        yaml: String,
        environment: [String: String] = [:],
        clock: any GatewayClock = SystemClock(),
        policies: GatewayPolicies = GatewayPolicies(),
        server: HTTPServerConfiguration = HTTPServerConfiguration(),
        _ body: (GatewayApp, Int) async throws -> T
    ) async throws -> T {
        let configuration = try GatewayConfiguration.parse(yaml, file: "test.yaml", environment: environment)
        let clients = UpstreamClients(environment: environment)
        let app = GatewayApp(
            configuration: configuration, clock: clock, httpClients: clients, logger: quiet, policies: policies)
        do {
            let result = try await serve(app, server: server, body)
            try await clients.shutdown()
            return result
        } catch {
            try? await clients.shutdown()
            throw error
        }
    }

    /// Serves the gateway's endpoints in front of a catalog made by hand (a provider the test
    /// built, pointed at a fake upstream), with the production route table and pipelines.
    /// - Parameters:
    ///   - catalog: The models on offer.
    ///   - clock: The clock; the system's by default.
    ///   - policies: Policies at each level; none by default.
    ///   - server: Server settings; host and port are replaced.
    ///   - body: The test, given the gateway and its port.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` or the server throws.
    public static func with<T: Sendable>(
        catalog: ModelCatalog,
        clock: any GatewayClock = SystemClock(),
        policies: GatewayPolicies = GatewayPolicies(),
        server: HTTPServerConfiguration = HTTPServerConfiguration(),
        _ body: (GatewayApp, Int) async throws -> T
    ) async throws -> T {
        let app = GatewayApp(catalog: catalog, clock: clock, logger: quiet, policies: policies)
        return try await serve(app, server: server, body)
    }

    static let quiet = Logger(label: "test-gateway", factory: { _ in SwiftLogNoOpLogHandler() })

    static func serve<T: Sendable>(
        _ app: GatewayApp, server: HTTPServerConfiguration, _ body: (GatewayApp, Int) async throws -> T
    ) async throws -> T {
        try await TestServer.with(app.router, configuration: server, clock: app.clock) { _, port in
            try await body(app, port)
        }
    }
}

extension GatewayConfiguration {
    /// The catalog `GatewayApp` builds from this configuration (standalone HTTP clients, the system
    /// clock), for tests that look at what a configuration builds without serving it.
    /// - Returns: The catalog.
    public func catalog() -> ModelCatalog {
        GatewayApp(configuration: self, httpClients: .standalone, logger: TestGateway.quiet).catalog
    }
}
