import Foundation
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("/v1/embeddings: the mock, an OpenAI upstream (pass-through), Gemini (translated)")
struct EmbeddingsTests {
    static func post(_ body: String) -> String {
        "POST /v1/embeddings HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    func withGateway(
        openAI: FakeUpstream? = nil, gemini: FakeUpstream? = nil, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        let openAIFake = openAI ?? FakeUpstream(.answer("{}"), path: "/v1/embeddings")
        let geminiFake =
            gemini ?? FakeUpstream(.answer("{}"), path: "/v1/models/gemini-embedding-001:batchEmbedContents")
        try await openAIFake.run { openAIURL in
            try await geminiFake.run { geminiURL in
                let catalog = ModelCatalog([
                    .init(name: "mock", provider: MockProvider()),
                    .init(
                        name: "small",
                        provider: OpenAIProvider(name: "openai", baseURL: openAIURL, apiKey: Secret("k")),
                        upstreamModel: "text-embedding-3-small"),
                    .init(
                        name: "gem", provider: GeminiProvider(name: "gemini", baseURL: geminiURL, apiKey: Secret("g")),
                        upstreamModel: "gemini-embedding-001"),
                    .init(name: "claude", provider: AnthropicProvider(name: "anthropic", apiKey: nil)),
                ])
                try await TestGateway.with(catalog: catalog) { _, port in try await body(port) }
            }
        }
    }

    func exchange(_ port: Int, _ body: String) async throws -> RawHTTPResponse {
        try await RawHTTPConnection.exchange(port: port, Self.post(body))
    }

    static func floats(_ value: JSONValue?) -> [Float] {
        (value?.arrayValue ?? []).compactMap { $0.doubleValue.map(Float.init) }
    }

    static func decodeBase64(_ text: String) -> [Float] {
        let data = Data(base64Encoded: text) ?? Data()
        return stride(from: 0, to: data.count, by: 4).map { offset in
            let bits = data[offset..<offset + 4].enumerated().reduce(UInt32(0)) {
                $0 | UInt32($1.element) << (8 * $1.offset)
            }
            return Float(bitPattern: bits)
        }
    }

    @Test("the mock: one unit vector per input, the same text the same vector; base64 decodes to the same floats")
    func mock() async throws {
        try await withGateway { port in
            let floats = try await self.exchange(port, #"{"model":"mock","input":["a","b","a"],"dimensions":16}"#)
            #expect(floats.status == 200)
            let body = try JSONTesting.parse(floats.text).objectValue ?? [:]
            let data = body["data"]?.arrayValue ?? []
            #expect(data.count == 3)
            let vectors = data.map { Self.floats($0.objectValue?["embedding"]) }
            #expect(vectors[0].count == 16)
            #expect(vectors[0] == vectors[2] && vectors[0] != vectors[1])
            #expect(abs(vectors[0].reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
            #expect(body["usage"]?.objectValue?["prompt_tokens"] == 3)
            let encoded = try await self.exchange(
                port, #"{"model":"mock","input":"a","dimensions":16,"encoding_format":"base64"}"#)
            let text = try JSONTesting.parse(encoded.text).objectValue?["data"]?.arrayValue?.first?.objectValue?[
                "embedding"]?.stringValue
            #expect(Self.decodeBase64(text ?? "") == vectors[0])
        }
    }

    @Test("an OpenAI upstream gets the body as sent, model replaced, and its answer is forwarded")
    func passThrough() async throws {
        let answer =
            #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPw=="}],"model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}"#
        let upstream = FakeUpstream(.answer(answer), path: "/v1/embeddings")
        try await withGateway(openAI: upstream) { port in
            let response = try await self.exchange(
                port, #"{"model":"small","input":[1,2,3],"encoding_format":"base64"}"#)
            #expect(response.text == answer)
        }
        #expect(
            String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self)
                == #"{"model":"text-embedding-3-small","input":[1,2,3],"encoding_format":"base64"}"#)
    }

    @Test("Gemini: one batch request per call, dimensions as outputDimensionality, floats back in OpenAI's shape")
    func gemini() async throws {
        let upstream = FakeUpstream(
            .answer(#"{"embeddings":[{"values":[0.5,-0.25]},{"values":[1,0]}]}"#),
            path: "/v1/models/gemini-embedding-001:batchEmbedContents")
        try await withGateway(gemini: upstream) { port in
            let response = try await self.exchange(port, #"{"model":"gem","input":["a","b"],"dimensions":2}"#)
            #expect(response.status == 200)
            let data = try JSONTesting.parse(response.text).objectValue?["data"]?.arrayValue ?? []
            #expect(data.map { Self.floats($0.objectValue?["embedding"]) } == [[0.5, -0.25], [1, 0]])
        }
        let sent = try JSONTesting.parse(String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self))
        let first = sent.objectValue?["requests"]?.arrayValue?.first?.objectValue
        #expect(first?["model"] == "models/gemini-embedding-001")
        #expect(first?["outputDimensionality"] == 2)
        #expect(first?["content"] == ["parts": [["text": "a"]]])
    }

    @Test("bad input, and a provider without embeddings, are 400s that name the member")
    func errors() async throws {
        try await withGateway { port in
            for (body, param) in [
                (#"{"model":"mock"}"#, "input"), (#"{"input":"x"}"#, "model"),
                (#"{"model":"mock","input":"x","encoding_format":"hex"}"#, "encoding_format"),
                (#"{"model":"claude","input":"x"}"#, "model"),
            ] {
                let response = try await self.exchange(port, body)
                #expect(response.status == 400, "\(body)")
                #expect(
                    try JSONTesting.parse(response.text).objectValue?["error"]?.objectValue?["param"] == .string(param))
            }
        }
    }
}
