import Foundation
import Logging
import NIOCore
import NIOPosix
import SiraCore
import SiraProviders
import SiraTesting
import Testing

@Suite("Outbound proxies from the environment")
struct UpstreamProxyTests {
    @Test("HTTPS_PROXY for https upstreams, HTTP_PROXY for http ones, lowercase first, with credentials")
    func schemes() throws {
        let environment = [
            "HTTPS_PROXY": "http://user:p%40ss@proxy.corp:3128", "http_proxy": "plain.corp:8080",
            "HTTP_PROXY": "ignored.corp:1",
        ]
        let https = try #require(UpstreamProxy(for: "https://api.openai.com/v1", environment: environment))
        #expect(https.host == "proxy.corp" && https.port == 3128)
        let http = try #require(UpstreamProxy(for: "http://10.0.0.5:8000/v1", environment: environment))
        #expect(http.host == "plain.corp" && http.port == 8080)
        #expect(UpstreamProxy(for: "https://api.openai.com/v1", environment: [:]) == nil)
    }

    @Test("NO_PROXY exempts hosts exactly or by domain suffix, and * exempts all")
    func exemptions() {
        let environment = ["HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "localhost, .internal.corp,example.com"]
        #expect(UpstreamProxy(for: "https://localhost/v1", environment: environment) == nil)
        #expect(UpstreamProxy(for: "https://llm.internal.corp/v1", environment: environment) == nil)
        #expect(UpstreamProxy(for: "https://api.example.com/v1", environment: environment) == nil)
        #expect(UpstreamProxy(for: "https://notexample.com/v1", environment: environment) != nil)
        #expect(
            UpstreamProxy(for: "https://api.openai.com/v1", environment: ["HTTPS_PROXY": "p:1", "NO_PROXY": "*"]) == nil
        )
    }

    @Test("a provider behind a proxy asks the proxy to CONNECT to the upstream, with the proxy's credentials")
    func throughTheProxy() async throws {
        let received = Recorder<String>()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.pipeline.addHandler(FirstBytesRecorder(recorder: received))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = server.localAddress?.port ?? 0
        let clients = UpstreamClients(environment: ["HTTPS_PROXY": "http://sira:s3cret@127.0.0.1:\(port)"])
        let client = clients.client(for: "https://upstream.invalid/v1")
        let provider = OpenAIProvider(
            name: "behind-proxy", baseURL: "https://upstream.invalid/v1", apiKey: nil, client: client,
            timeout: .seconds(2))
        let request = ChatRequest(model: "m", messages: [.text(.user, "hi")])
        let context = RequestContext(requestID: "r", clock: ManualClock(), logger: Logger(label: "test"))
        await #expect(throws: GatewayError.self, "the fake proxy refuses the CONNECT") {
            try await provider.chat(ChatCall(request: request, upstreamModel: "m"), context: context)
        }
        try await server.close()
        try await clients.shutdown()
        let head = try #require(received.values.first)
        #expect(head.hasPrefix("CONNECT upstream.invalid:443 HTTP/1.1\r\n"))
        #expect(head.contains("c2lyYTpzM2NyZXQ="), "basic authentication with sira:s3cret")
    }
}

/// Records the first bytes a connection sends (a proxy request's head), refuses with 407 and closes.
final class FirstBytesRecorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let recorder: Recorder<String>

    init(recorder: Recorder<String>) { self.recorder = recorder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        recorder.record(String(buffer: unwrapInboundIn(data)))
        let refusal = context.channel.allocator.buffer(string: "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
        context.writeAndFlush(NIOAny(refusal)).whenComplete { _ in context.close(promise: nil) }
    }
}
