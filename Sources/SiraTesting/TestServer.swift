import Logging
import SiraCore
import SiraHTTP

/// Runs an `HTTPServer` on a free loopback port for the duration of a test.
public enum TestServer {
    /// Starts a server, runs `body` with it, then shuts it down and waits for it to stop.
    /// - Parameters:
    ///   - router: The endpoints.
    ///   - configuration: The configuration; its host and port are replaced with 127.0.0.1 and a free port.
    ///   - clock: The clock requests read; the system's by default.
    ///   - logger: The logger; quiet by default.
    ///   - accessLog: Where the access log goes; none by default.
    ///   - body: The test, given the server and its port.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` or the server throws.
    public static func with<T: Sendable>(
        _ router: Router,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        clock: any GatewayClock = SystemClock(),
        logger: Logger = Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() }),
        accessLog: AccessLog? = nil,
        _ body: (HTTPServer, Int) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        // Tests write no access log unless they pass one to read.
        configuration.accessLog = accessLog != nil
        let server = HTTPServer(
            configuration: configuration, router: router, logger: logger, accessLog: accessLog, clock: clock)
        let running = Task { try await server.run() }
        guard let port = await server.waitUntilListening() else {
            running.cancel()
            _ = try await running.value
            throw RawHTTPError.timeout(received: "server did not start")
        }
        do {
            let result = try await body(server, port)
            server.shutdown()
            try await running.value
            return result
        } catch {
            server.shutdown()
            _ = try? await running.value
            throw error
        }
    }
}
