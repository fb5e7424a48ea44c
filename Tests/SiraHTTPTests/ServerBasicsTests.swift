import SiraCore
import SiraHTTP
import SiraTesting
import Testing

@Suite("Server: requests, keep-alive, pipelining")
struct ServerBasicsTests {
    @Test("GET /health answers 200 with length, date and request id")
    func health() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(TestRoutes.healthRequest)
            let response = try await connection.readResponse()
            #expect(response.status == 200)
            #expect(response.text == #"{"status":"ok"}"#)
            #expect(response["content-length"] == "15")
            #expect(response["date"]?.hasSuffix("GMT") == true)
            #expect(response["x-sira-request-id"]?.hasPrefix("req_") == true)
            await connection.close()
        }
    }

    @Test("a keep-alive connection serves several requests")
    func keepAlive() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            var ids: Set<String> = []
            for _ in 0..<5 {
                try await connection.send(TestRoutes.healthRequest)
                let response = try await connection.readResponse()
                #expect(response.status == 200)
                ids.insert(response["x-sira-request-id"] ?? "")
            }
            #expect(ids.count == 5, "every request has its own id")
            #expect(!connection.isClosed)
            await connection.close()
        }
    }

    @Test("pipelined requests are answered in order")
    func pipelining() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            var batch = ""
            for index in 0..<10 {
                batch += "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(String(index).utf8.count)\r\n\r\n\(index)"
            }
            try await connection.send(batch)
            for index in 0..<10 {
                let response = try await connection.readResponse()
                #expect(response.text == String(index), "response \(index) out of order: \(response.text)")
            }
            await connection.close()
        }
    }

    @Test("Connection: close is honoured: the server answers and closes")
    func connectionClose() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response["connection"] == "close")
            try await connection.readUntilClosed()
        }
    }

    @Test("HTTP/1.0 closes by default and stays open with keep-alive")
    func http10() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let closing = try await RawHTTPConnection.connect(port: port)
            try await closing.send("GET /health HTTP/1.0\r\n\r\n")
            #expect(try await closing.readResponse().status == 200)
            try await closing.readUntilClosed()

            let keeping = try await RawHTTPConnection.connect(port: port)
            try await keeping.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try await keeping.readResponse()
            #expect(response["connection"] == "keep-alive")
            try await keeping.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await keeping.readResponse().status == 200)
            await keeping.close()
        }
    }

    @Test("HEAD gets the GET route's headers without a body")
    func head() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("HEAD /health HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await connection.readResponse(forHEAD: true)
            #expect(response.status == 200 && response["content-length"] == "15")
            try await connection.send(TestRoutes.healthRequest)
            let next = try await connection.readResponse()
            #expect(next.text == #"{"status":"ok"}"#, "no stray body bytes before the next response")
            await connection.close()
        }
    }

    @Test("unknown paths are 404 and wrong methods 405 with Allow, in OpenAI's error shape")
    func notFoundAndMethod() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
            let missing = try await connection.readResponse()
            #expect(missing.status == 404 && missing.text.contains(#""code":"not_found""#))
            try await connection.send("DELETE /health HTTP/1.1\r\nHost: t\r\n\r\n")
            let wrong = try await connection.readResponse()
            #expect(wrong.status == 405)
            #expect(wrong["allow"] == "GET, HEAD")
            await connection.close()
        }
    }

    @Test("a handler's GatewayError is answered in the route's format; other errors are a bare 500")
    func handlerErrors() async throws {
        struct Secret: Error { let key = "sk-live-123" }
        let routes = [
            Route("GET", "/limited", format: .anthropic) { _, _ in
                throw GatewayError(.rateLimited, "Slow down.", retryAfter: .seconds(3))
            },
            Route("GET", "/broken") { _, _ in throw Secret() },
        ]
        try await TestServer.with(TestRoutes.router(extra: routes)) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /limited HTTP/1.1\r\nHost: t\r\n\r\n")
            let limited = try await connection.readResponse()
            #expect(limited.status == 429 && limited["retry-after"] == "3")
            #expect(limited.text.contains(#""type":"error""#) && limited.text.contains("rate_limit_error"))
            try await connection.send("GET /broken HTTP/1.1\r\nHost: t\r\n\r\n")
            let broken = try await connection.readResponse()
            #expect(broken.status == 500)
            #expect(!broken.text.contains("sk-live"), "secrets must not leak: \(broken.text)")
            await connection.close()
        }
    }
}

@Suite("Router")
struct RouterTests {
    @Test("the path of origin-form and absolute-form targets")
    func paths() {
        #expect(Router.path(of: "/v1/models?limit=2") == "/v1/models")
        #expect(Router.path(of: "/health") == "/health")
        #expect(Router.path(of: "http://example.com/health?x") == "/health")
        #expect(Router.path(of: "http://example.com") == "/")
        #expect(Router.path(of: "http://example.com?q") == "/")
    }

    @Test("an absolute-form target reaches its route")
    func absoluteForm() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET http://test/health HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(try await connection.readResponse().status == 200)
            await connection.close()
        }
    }

    @Test("a body sent to an unknown path is answered 404 at once and the connection closed")
    func bodyToNowhere() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response.status == 404)
            #expect(response["x-sira-request-id"] != nil)
            try await connection.readUntilClosed()
        }
    }

    @Test("errors from the parser carry a request id")
    func parseErrorsHaveIDs() async throws {
        try await TestServer.with(TestRoutes.router()) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET / HTTP/9.9\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response.status == 505)
            #expect(response["x-sira-request-id"]?.hasPrefix("req_") == true)
            try await connection.readUntilClosed()
        }
    }
}

@Suite("Request ids")
struct RequestIDTests {
    @Test("ids are req_, a 16-digit random prefix per process, _, and a 12-digit counter, all lowercase hex")
    func format() {
        let generator = RequestIDGenerator()
        let first = generator.next()
        let second = generator.next()
        let pattern = /^req_[0-9a-f]{16}_[0-9a-f]{12}$/
        #expect(first.wholeMatch(of: pattern) != nil, "\(first)")
        #expect(first.hasSuffix("_000000000001") && second.hasSuffix("_000000000002"), "\(first) \(second)")
        #expect(first.prefix(21) == second.prefix(21), "one prefix per generator")
    }
}
