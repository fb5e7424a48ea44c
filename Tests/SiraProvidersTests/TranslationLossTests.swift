import Foundation
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("Members a translation leaves behind are named, never silently lost")
struct TranslationLossTests {
    func request(_ json: String) throws -> ChatRequest { try JSONTesting.decode(ChatRequest.self, json) }

    @Test("Anthropic: seed, OpenAI's metadata and unknown members are named; the rest is translated")
    func anthropic() throws {
        let provider = AnthropicProvider(name: "a", apiKey: nil)
        let dropped = provider.droppedMembers(
            of: try request(
                #"{"model":"m","messages":[],"seed":7,"metadata":{"k":"v"},"reasoning_effort":"low","store":true,"temperature":1}"#
            ))
        #expect(dropped == ["seed", "metadata", "reasoning_effort", "store"])
        #expect(provider.droppedMembers(of: try request(#"{"model":"m","messages":[],"temperature":1}"#)).isEmpty)
    }

    @Test("Gemini: user, metadata, parallel_tool_calls and unknown members are named")
    func gemini() throws {
        let provider = GeminiProvider(name: "g", apiKey: nil)
        let dropped = provider.droppedMembers(
            of: try request(
                #"{"model":"m","messages":[],"user":"u","parallel_tool_calls":false,"service_tier":"auto"}"#))
        #expect(dropped == ["user", "parallel_tool_calls", "service_tier"])
    }

    @Test("a same-format provider drops nothing; the surface sends x-sira-dropped only when something was")
    func header() async throws {
        let upstream = FakeUpstream(.answer(AnthropicFixtures.response), path: "/v1/messages")
        try await upstream.run { baseURL in
            let provider = AnthropicProvider(name: "anthropic", baseURL: baseURL, apiKey: nil)
            try await TestGateway.with(catalog: ModelCatalog([.init(name: "claude", provider: provider)])) { _, port in
                let connection = try await RawHTTPConnection.connect(port: port)
                try await connection.send(
                    OpenAIProviderTests.post(
                        #"{"model":"claude","seed":1,"x_new":true,"messages":[{"role":"user","content":"Hi"}]}"#))
                let response = try await connection.readResponse()
                #expect(response.status == 200)
                #expect(response["x-sira-dropped"] == "seed, x_new")
                try await connection.send(
                    OpenAIProviderTests.post(#"{"model":"claude","messages":[{"role":"user","content":"Hi"}]}"#))
                #expect(try await connection.readResponse()["x-sira-dropped"] == nil)
                await connection.close()
            }
        }
        #expect(
            OpenAIProvider(name: "o", baseURL: "http://127.0.0.1:9/v1", apiKey: nil).droppedMembers(
                of: try request(#"{"model":"m","messages":[],"x":1}"#)
            ).isEmpty)
    }
}
