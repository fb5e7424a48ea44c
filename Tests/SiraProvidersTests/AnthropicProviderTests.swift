import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("Anthropic provider behind the OpenAI surface, against a fake Anthropic upstream")
struct AnthropicProviderTests {
    func withGateway(_ upstream: FakeUpstream, _ body: @escaping @Sendable (Int) async throws -> Void)
        async throws
    {
        try await upstream.run { baseURL in
            let provider = AnthropicProvider(
                name: "fake-anthropic", baseURL: baseURL, apiKey: Secret("sk-ant-secret"), timeout: .seconds(10))
            try await TestGateway.with(
                catalog: ModelCatalog([.init(name: "claude", provider: provider, upstreamModel: "claude-sonnet-4-6")])
            ) { _, port in try await body(port) }
        }
    }

    @Test("an OpenAI request is translated for Anthropic and the answer translated back")
    func whole() async throws {
        let upstream = FakeUpstream(.answer(AnthropicFixtures.response), path: "/v1/messages")
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(
                    #"{"model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather?"}]}"#
                ))
            let response = try await connection.readResponse()
            #expect(response.status == 200)
            let decoded = try JSONTesting.decode(ChatResponse.self, response.text)
            #expect(decoded.choices.first?.message.toolCalls?.first?.name == "get_weather")
            await connection.close()
        }
        let sent = try JSONTesting.parse(String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self))
        #expect(sent.objectValue?["system"] == "Be brief.")
        #expect(sent.objectValue?["model"] == "claude-sonnet-4-6")
        #expect(upstream.requests.values.first?.headers["x-api-key"] == "sk-ant-secret")
        #expect(upstream.requests.values.first?.headers["anthropic-version"] == "2023-06-01")
    }

    @Test("an Anthropic stream reaches an OpenAI client as chunks, [DONE] and usage on request")
    func streamed() async throws {
        let upstream = FakeUpstream(.events(AnthropicFixtures.textStream), path: "/v1/messages")
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(
                    #"{"model":"claude","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"#
                ))
            let response = try await connection.readResponse()
            let (answer, done) = try JSONTesting.openAIStream(response.text)
            #expect(done)
            #expect(answer.choices.first?.message.content == .text("Hello there"))
            #expect(answer.usage?.completionTokens == 6)
            await connection.close()
        }
    }

    @Test("an Anthropic stream cut before message_stop ends with an error event, no [DONE]")
    func cut() async throws {
        let upstream = FakeUpstream(.events(Array(AnthropicFixtures.textStream.prefix(4))), path: "/v1/messages")
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(
                    #"{"model":"claude","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#))
            let response = try await connection.readResponse()
            #expect(response.text.contains("Hello") && response.text.contains("provider_error"))
            #expect(!response.text.contains("[DONE]"))
            await connection.close()
        }
    }

    @Test("an untranslatable member is a 400 naming it, and nothing is sent upstream")
    func refusedBeforeUpstream() async throws {
        let upstream = FakeUpstream(.answer(AnthropicFixtures.response), path: "/v1/messages")
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(#"{"model":"claude","n":3,"messages":[{"role":"user","content":"Hi"}]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 400 && response.text.contains(#""param":"n""#))
            await connection.close()
        }
        #expect(upstream.requests.values.isEmpty)
    }
}
