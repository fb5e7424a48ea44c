import SiraCore
import SiraHTTP
import SiraHTTPParser
import SiraTesting
import Testing

@Suite("Server: malformed input, limits and timeouts")
struct ServerSafetyTests {
    @Test("a malformed request is answered 400 once and the connection closed; nothing after it is served")
    func malformedThenSmuggled() async throws {
        let hits = Recorder<String>()
        let route = Route("GET", "/admin") { _, _ in
            hits.record("admin")
            return .json(["ok": true])
        }
        try await TestServer.with(TestRoutes.router(extra: [route])) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: t\r\n\r\n"
            )
            let response = try await connection.readResponse()
            #expect(response.status == 400)
            #expect(response["connection"] == "close")
            let rest = try await connection.readUntilClosed()
            #expect(rest.isEmpty, "nothing may follow the error: \(String(decoding: rest, as: UTF8.self))")
            #expect(hits.values.isEmpty, "the smuggled request must never reach a handler")
        }
    }

    @Test("a declared body over the endpoint's limit is 413 before the body is sent")
    func payloadTooLarge() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n")
            let response = try await connection.readResponse(timeout: .seconds(2))
            #expect(response.status == 413)
            try await connection.readUntilClosed()
        }
    }

    @Test("Expect: 100-continue gets 100 when the body is wanted, and a 413 without 100 when it is not")
    func expectContinue() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await connection.readResponse()
            #expect(interim.status == 100)
            try await connection.send("hi")
            let final = try await connection.readResponse()
            #expect(final.status == 200 && final.text == "hi")

            try await connection.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
            let refused = try await connection.readResponse()
            #expect(refused.status == 413)
            await connection.close()
        }
    }

    @Test("a client trickling its head (slowloris) is disconnected after the header timeout")
    func slowloris() async throws {
        let configuration = HTTPServerConfiguration(headerTimeout: .milliseconds(300))
        try await TestServer.with(TestRoutes.router(), configuration: configuration) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            let start = ContinuousClock.now
            for byte in "GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 {
                if connection.isClosed { break }
                try? await connection.send(bytes: [byte])
                try await Task.sleep(for: .milliseconds(20))
            }
            try await connection.readUntilClosed(timeout: .seconds(3))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(2), "closed after \(elapsed), though bytes kept coming")
        }
    }

    @Test("an idle keep-alive connection is closed after the idle timeout")
    func idleTimeout() async throws {
        // Long enough that a busy machine still sends the request before the connection counts as idle.
        let configuration = HTTPServerConfiguration(idleTimeout: .seconds(2))
        try await TestServer.with(TestRoutes.router(), configuration: configuration) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(TestRoutes.healthRequest)
            _ = try await connection.readResponse()
            // Generous: the event loops are shared with every other test running at the same time.
            try await connection.readUntilClosed(timeout: .seconds(10))
        }
    }

    @Test("a body that stops arriving is cut off after the body timeout")
    func bodyTimeout() async throws {
        let configuration = HTTPServerConfiguration(bodyTimeout: .milliseconds(200))
        try await TestServer.with(TestRoutes.router(), configuration: configuration) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly a part")
            try await connection.readUntilClosed(timeout: .seconds(3))
        }
    }

    @Test("when every connection is busy, one over the limit is answered 503 and closed; the others keep working")
    func connectionLimit() async throws {
        let configuration = HTTPServerConfiguration(maxConnections: 2)
        try await TestServer.with(TestRoutes.router(), configuration: configuration) { server, port in
            let first = try await RawHTTPConnection.connect(port: port)
            let second = try await RawHTTPConnection.connect(port: port)
            // Both in the middle of a request: busy, so neither may be closed to make room.
            try await first.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nab")
            try await second.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\ncd")
            try await Task.sleep(for: .milliseconds(100))
            let third = try await RawHTTPConnection.connect(port: port)
            let refused = try await third.readResponse()
            #expect(refused.status == 503)
            try await third.readUntilClosed()
            try await first.send("ef")
            #expect(try await first.readResponse().text == "abef")
            try await second.send("gh")
            #expect(try await second.readResponse().text == "cdgh")
            await first.close()
            await second.close()
        }
    }

    @Test("response header values cannot inject lines")
    func responseSplitting() async throws {
        let route = Route("GET", "/inject") { _, _ in
            GatewayResponse(status: 200, headers: ["x-echo": "a\r\nset-cookie: evil=1"], body: .bytes([]))
        }
        try await TestServer.with(TestRoutes.router(extra: [route])) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /inject HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response["set-cookie"] == nil)
            #expect(response["x-echo"] == "aset-cookie: evil=1")
            await connection.close()
        }
    }
}
