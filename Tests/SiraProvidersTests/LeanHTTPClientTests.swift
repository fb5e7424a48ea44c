import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("The lean upstream client")
struct LeanHTTPClientTests {
    static let answer = #"{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[]}"#

    func post(_ client: LeanHTTPClient, _ url: String) async throws -> (Int, String) {
        let response = try await client.execute(
            method: .POST, url: url, headers: ["content-type": "application/json"], body: Array("{}".utf8),
            timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    @Test("sequential calls over plain HTTP reuse one connection; status, fields and body arrive")
    func reuse() async throws {
        let upstream = FakeUpstream(.answer(Self.answer))
        try await upstream.run { base in
            let client = LeanHTTPClient()
            defer { client.shutdown() }
            for _ in 0..<5 {
                let (status, body) = try await post(client, base + "/chat/completions")
                #expect(status == 200 && body == Self.answer)
            }
            #expect(client.openedConnections == 1)
            #expect(upstream.acceptedConnections == 1)
            #expect(upstream.requests.values.last?.headers["host"]?.hasPrefix("127.0.0.1:") == true)
            #expect(upstream.requests.values.last?.body == Array("{}".utf8))
        }
    }

    @Test("an answer read to its end after the next call started on the same connection leaves that call alone")
    func lateConsumer() async throws {
        let upstream = FakeUpstream(.stream(["a", "b", "c", "d"], pause: .milliseconds(100)))
        try await upstream.run { base in
            let client = LeanHTTPClient()
            defer { client.shutdown() }
            func call() async throws -> HTTPClientResponse {
                try await client.execute(
                    method: .POST, url: base + "/chat/completions", headers: [:], body: Array("{}".utf8),
                    timeout: .seconds(10))
            }
            let first = try await call()
            // Wait (bounded) until its last event arrived and the connection went back to the pool.
            for _ in 0..<250 where client.idleConnections == 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(client.idleConnections == 1)
            let second = try await call()  // the same connection, streaming slowly
            #expect(client.openedConnections == 1)
            let firstBody = String(buffer: try await first.body.collect(upTo: 1 << 20))  // ends its sequence
            try await Task.sleep(for: .milliseconds(50))
            let secondBody = String(buffer: try await second.body.collect(upTo: 1 << 20))
            #expect(firstBody == secondBody)
            #expect(secondBody.contains("[DONE]"), "the second answer arrived whole: \(secondBody)")
        }
    }

    @Test("a refused connection fails at once")
    func refused() async throws {
        let client = LeanHTTPClient()
        let start = ContinuousClock.now
        await #expect(throws: (any Error).self) { try await post(client, "http://127.0.0.1:9/v1/chat/completions") }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("a connection the server closed while idle is replaced, and the call does not fail")
    func staleConnection() async throws {
        let route = Route("POST", "/v1/x", maxBodySize: 1024) { _, _ in .json(["ok": "yes"]) }
        // Two seconds: with one, a loaded CI run once closed the first connection before its request was read.
        let configuration = HTTPServerConfiguration(idleTimeout: .seconds(2))
        try await TestServer.with(Router([route]), configuration: configuration) { _, port in
            let client = LeanHTTPClient()
            defer { client.shutdown() }
            #expect(try await post(client, "http://127.0.0.1:\(port)/v1/x").0 == 200)
            // Wait (bounded) until the connection is back in the pool, then until the server's close after
            // 2 s idle has reached the client, so the next call does not race the close (on a loaded machine
            // both can be late; checking only for an empty pool passed before the connection was even back).
            for _ in 0..<500 where client.idleConnections == 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(client.idleConnections == 1)
            for _ in 0..<500 where client.idleConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(client.idleConnections == 0)
            #expect(try await post(client, "http://127.0.0.1:\(port)/v1/x").0 == 200)
            #expect(client.openedConnections == 2)
        }
    }

    @Test("an https upstream: the certificate is checked against the trust roots, and the connection reused")
    func tls() async throws {
        let certificate = try NIOSSLCertificate(bytes: Array(Self.certificate.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(Self.key.utf8), format: .pem)
        let server = try await TLSAnswerServer.start(certificate: certificate, key: key)
        defer { server.stop() }
        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates([certificate])
        let client = LeanHTTPClient(tlsConfiguration: trusting)
        defer { client.shutdown() }
        for _ in 0..<3 {
            let (status, body) = try await post(client, "https://127.0.0.1:\(server.port)/v1/chat/completions")
            #expect(status == 200 && body == "over tls")
        }
        #expect(client.openedConnections == 1)

        let strict = LeanHTTPClient()  // the system's roots: the test certificate is not among them
        defer { strict.shutdown() }
        await #expect(throws: (any Error).self) {
            try await post(strict, "https://127.0.0.1:\(server.port)/v1/chat/completions")
        }
    }

    // A self-signed certificate for localhost and 127.0.0.1, valid for a hundred years, made for this
    // test with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
    // -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1". Test material only.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBmzCCAUGgAwIBAgIUBh24pQm9IGxVZrP3I8Dz9wuVKwwwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNjE0MTgzOFoYDzIxMjYxMTEy
        MTQxODM4WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAASeshSvtO6JQSO9xRS4ZqO2uZgd8aM+9IUEInadWOptm9w/EtHuPw+7
        u8qHrTiJ8oYu0LywFaI6PbrvdHNCIfp2o28wbTAdBgNVHQ4EFgQU0iXqOBDIx6aa
        C1sxZoBVkfm+99owHwYDVR0jBBgwFoAU0iXqOBDIx6aaC1sxZoBVkfm+99owDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDSAAwRQIgXZLHbAoeP3lLEka6zhcBixXwmfWeD+z/b2IxzTrbXrECIQCt
        ipqD0mVEHUPWVvJalAf8xW2YMXB+ulRlb+WBaNVODg==
        -----END CERTIFICATE-----
        """

    static let key = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKEA4ucQOkQ67GcMr
        voeRLGhvzQkYqt8D+FfBfdpKIuChRANCAASeshSvtO6JQSO9xRS4ZqO2uZgd8aM+
        9IUEInadWOptm9w/EtHuPw+7u8qHrTiJ8oYu0LywFaI6PbrvdHNCIfp2
        -----END PRIVATE KEY-----
        """
}

/// An HTTPS server on 127.0.0.1 that answers every request with 200 "over tls".
final class TLSAnswerServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) { self.channel = channel }

    static func start(certificate: NIOSSLCertificate, key: NIOSSLPrivateKey) async throws -> TLSAnswerServer {
        let context = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Answer())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TLSAnswerServer(channel: channel)
    }

    func stop() { channel.close(promise: nil) }

    final class Answer: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let body = ByteBuffer(string: "over tls")
            let head = HTTPResponseHead(
                version: .http1_1, status: .ok, headers: ["content-length": String(body.readableBytes)])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

#if canImport(Glibc)
    import Foundation
    import Glibc

    /// A loopback port that never completes a connection: a listening socket with a backlog of zero whose
    /// accept queue is already full, so the kernel drops every further SYN (the connect hangs, as it does for a
    /// host that has gone away). Closed by `close()`.
    final class Blackhole: Sendable {
        let port: Int
        private let descriptors: [Int32]

        init() throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
            }
            guard listener >= 0, bound == 0, listen(listener, 0) == 0 else { throw POSIXError(.EADDRINUSE) }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
            var descriptors = [listener]
            for _ in 0..<3 {  // fill the accept queue without waiting (non-blocking connects)
                let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                _ = fcntl(filler, F_SETFL, fcntl(filler, F_GETFL) | O_NONBLOCK)
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(filler, $0, length) }
                }
                descriptors.append(filler)
            }
            self.descriptors = descriptors
            Thread.sleep(forTimeInterval: 0.05)
        }

        func close() { for descriptor in descriptors { _ = Glibc.close(descriptor) } }
    }

    @Suite("The lean client against a host that does not answer", .serialized)
    struct LeanHTTPClientHangingConnectTests {
        static func call(_ client: LeanHTTPClient, port: Int) async throws {
            _ = try await client.execute(
                method: .POST, url: "http://127.0.0.1:\(port)/v1/chat/completions", headers: [:], body: [],
                timeout: .seconds(30))
        }

        @Test("an attempt's own connect timeout (UpstreamLimits) ends a connect that hangs")
        func attemptConnectTimeout() async throws {
            let hole = try Blackhole()
            defer { hole.close() }
            let client = LeanHTTPClient(connectTimeout: .seconds(10))
            defer { client.shutdown() }
            let start = ContinuousClock.now
            await #expect(throws: HTTPClientError.connectTimeout) {
                try await UpstreamLimits.$connectTimeout.withValue(.milliseconds(300)) {
                    try await Self.call(client, port: hole.port)
                }
            }
            #expect(ContinuousClock.now - start < .seconds(5), "the attempt's 300 ms, not the client's 10 s")
        }

        @Test("a cancelled call stops waiting for a connect that hangs at once, not after the connect timeout")
        func cancelledConnect() async throws {
            let hole = try Blackhole()
            defer { hole.close() }
            let client = LeanHTTPClient(connectTimeout: .seconds(10))
            defer { client.shutdown() }
            let port = hole.port
            let task = Task { try await Self.call(client, port: port) }
            try await Task.sleep(for: .milliseconds(200))
            let start = ContinuousClock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(ContinuousClock.now - start < .seconds(2))
        }
    }
#endif
