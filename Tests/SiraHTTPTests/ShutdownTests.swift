import SiraCore
import SiraHTTP
import SiraTesting
import Testing

@Suite("Server: graceful shutdown")
struct ShutdownTests {
    @Test("shutdown lets a request in flight finish, closes idle connections, and refuses new ones")
    func drains() async throws {
        let started = Recorder<Bool>()
        let route = Route("GET", "/slow") { _, _ in
            started.record(true)
            try await Task.sleep(for: .milliseconds(400))
            return .json(["done": true])
        }
        var configuration = HTTPServerConfiguration()
        configuration.shutdownGracePeriod = .seconds(5)
        try await TestServer.with(TestRoutes.router(extra: [route]), configuration: configuration) { server, port in
            let idle = try await RawHTTPConnection.connect(port: port)
            try await idle.send(TestRoutes.healthRequest)
            _ = try await idle.readResponse()

            let busy = try await RawHTTPConnection.connect(port: port)
            try await busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            try await started.waitUntilRecorded()

            server.shutdown()
            try await idle.readUntilClosed(timeout: .seconds(2))
            let response = try await busy.readResponse(timeout: .seconds(3))
            #expect(response.status == 200 && response.text == #"{"done":true}"#)
            #expect(response["connection"] == "close")
            try await busy.readUntilClosed()
            await #expect(throws: (any Error).self) {
                let late = try await RawHTTPConnection.connect(port: port)
                try await late.send(TestRoutes.healthRequest)
                _ = try await late.readResponse(timeout: .milliseconds(500))
            }
        }
    }

    @Test("requests still running after the grace period are cut off")
    func gracePeriodEnds() async throws {
        let started = Recorder<Bool>()
        let route = Route("GET", "/forever") { _, _ in
            started.record(true)
            try await Task.sleep(for: .seconds(60))
            return .json([:])
        }
        var configuration = HTTPServerConfiguration()
        configuration.shutdownGracePeriod = .milliseconds(200)
        let start = ContinuousClock.now
        try await TestServer.with(TestRoutes.router(extra: [route]), configuration: configuration) { server, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n")
            try await started.waitUntilRecorded()
            server.shutdown()
            try await connection.readUntilClosed(timeout: .seconds(3))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("connections accepted but not yet served when shutdown starts are closed, not left open")
    func acceptedJustBeforeShutdown() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.shutdownGracePeriod = .milliseconds(200)
        try await TestServer.with(TestRoutes.router(), configuration: configuration) { server, port in
            // Many connections and no wait: some are still between NIO's accept and the server's
            // event loop when shutdown starts.
            var connections: [RawHTTPConnection] = []
            for _ in 0..<200 { connections.append(try await RawHTTPConnection.connect(port: port)) }
            server.shutdown()
            for connection in connections { _ = try await connection.readUntilClosed(timeout: .seconds(3)) }
        }
    }
}
