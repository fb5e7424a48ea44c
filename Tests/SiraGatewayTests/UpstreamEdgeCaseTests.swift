// Provider edge cases real clients hit (issue 14, part 2): an upstream that answers 200 with something that is
// not what was asked for must reach the client as a clear 502 in its API's error shape, not as a body its SDK
// fails to parse.

import SiraCore
import SiraGateway
import SiraHTTP
import SiraTesting
import Testing

@Suite("An upstream's 200 that is not what was asked for is a 502")
struct UpstreamEdgeCaseTests {
    static let portal = FakeUpstream.Behaviour.fail(
        status: 200, headers: [("content-type", "text/html")],
        body: "<html><body>Please log in to the hotel Wi-Fi</body></html>")

    func withGateway(
        _ upstream: FakeUpstream, path: String = "/v1/chat/completions",
        _ body: @escaping @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        try await upstream.run { url in
            let yaml = """
                providers:
                  up: {kind: openai-compatible, base_url: "\(url)"}
                  claude: {kind: anthropic, base_url: "\(url)"}
                models:
                  gpt: {provider: up, model: up-model}
                  sonnet: {provider: claude, model: claude-sonnet-4-6}
                """
            try await TestGateway.with(yaml: yaml) { _, port in try await body(port) }
        }
    }

    static func post(_ port: Int, _ path: String, _ json: String) async throws -> RawHTTPResponse {
        try await RawHTTPConnection.exchange(port: port, RawHTTPConnection.post(path, json: json))
    }

    @Test("pass-through: an HTML page with status 200 is a 502 in OpenAI's error shape that names the provider")
    func captivePortal() async throws {
        try await withGateway(FakeUpstream(Self.portal)) { port in
            let response = try await Self.post(
                port, "/v1/chat/completions", #"{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == 502)
            let error = try JSONValue(parsing: response.body).objectValue?["error"]?.objectValue
            #expect(error?["code"]?.stringValue == "provider_error")
            let message = error?["message"]?.stringValue ?? ""
            #expect(message.contains("'up'") && message.contains("not JSON") && message.contains("text/html"))
            #expect(!message.contains("Wi-Fi"), "the upstream's body is never quoted")
        }
    }

    @Test("pass-through streams: an HTML page, or a whole JSON answer to a stream request, is a 502")
    func streamOfTheWrongKind() async throws {
        let json = FakeUpstream.Behaviour.answer(OpenAIFixtures.response)
        let upstream = FakeUpstream(.sequence([Self.portal, json]))
        try await withGateway(upstream) { port in
            for expected in ["text/html", "application/json"] {
                let response = try await Self.post(
                    port, "/v1/chat/completions",
                    #"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
                #expect(response.status == 502, "\(expected)")
                #expect(response.text.contains("not an event stream") && response.text.contains(expected))
            }
        }
    }

    @Test("translated: an HTML page from an Anthropic upstream reaches an OpenAI client as a 502")
    func translated() async throws {
        try await withGateway(FakeUpstream(Self.portal, path: "/v1/messages")) { port in
            for stream in [false, true] {
                let response = try await Self.post(
                    port, "/v1/chat/completions",
                    #"{"model":"sonnet","stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#)
                #expect(response.status == 502, "stream: \(stream)")
            }
        }
    }

    @Test("an Anthropic client gets the 502 in Anthropic's error shape")
    func anthropicShape() async throws {
        try await withGateway(FakeUpstream(Self.portal, path: "/v1/messages")) { port in
            let response = try await Self.post(
                port, "/v1/messages",
                #"{"model":"sonnet","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == 502)
            let body = try JSONValue(parsing: response.body).objectValue
            #expect(body?["type"]?.stringValue == "error")
            #expect(body?["error"]?.objectValue?["message"]?.stringValue?.contains("not JSON") == true)
        }
    }
}
