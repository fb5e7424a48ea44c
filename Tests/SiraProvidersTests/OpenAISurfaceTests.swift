import Foundation
import Logging
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

/// A provider that streams two chunks and then fails, to test the mid-stream error event.
struct FailingStreamProvider: Provider {
    let name = "failing"

    func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        let upstreamModel = call.upstreamModel
        let delta = MessageDelta(role: .assistant, content: "partial")
        return .stream(
            .chunks(
                [ChatChunk(id: "c", created: 1, model: upstreamModel, choices: [ChunkChoice(delta: delta)])],
                failing: GatewayError(.providerUnreachable, "The provider went away.")
            )
        )
    }
}

@Suite("OpenAI surface: /v1/chat/completions and /v1/models over HTTP")
struct OpenAISurfaceTests {
    static let catalog = ModelCatalog([
        .init(name: "mock", provider: MockProvider()),
        .init(name: "broken", provider: FailingStreamProvider(), upstreamModel: "broken-1"),
    ])

    static func post(_ body: String) -> String {
        "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test("a chat request is answered with a chat.completion object")
    func whole() async throws {
        try await TestGateway.with(catalog: Self.catalog) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"mock","messages":[{"role":"user","content":"Hi"}]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 200)
            #expect(response["x-sira-provider"] == "mock" && response["x-sira-model"] == "mock")
            let decoded = try JSONTesting.decode(ChatResponse.self, response.text)
            #expect(decoded.choices.first?.message.content == .text("Mock answer to: Hi"))
            #expect(response.text.contains(#""object":"chat.completion""#))
            await connection.close()
        }
    }

    @Test("a streamed request gets chunk events and [DONE], with usage only when asked")
    func streamed() async throws {
        try await TestGateway.with(catalog: Self.catalog) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                Self.post(#"{"model":"mock","stream":true,"messages":[{"role":"user","content":"Hi there"}]}"#)
            )
            let plain = try await connection.readResponse()
            #expect(plain["content-type"] == "text/event-stream")
            let events = plain.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.last == "data: [DONE]")
            #expect(!plain.text.contains(#""usage""#), "no usage chunk unless include_usage")
            var accumulator = StreamAccumulator()
            for event in events.dropLast() {
                accumulator.apply(try JSONTesting.decode(ChatChunk.self, String(event.dropFirst("data: ".count))))
            }
            #expect(accumulator.response.choices.first?.message.content == .text("Mock answer to: Hi there"))

            try await connection.send(
                Self.post(
                    #"{"model":"mock","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"#
                )
            )
            let withUsage = try await connection.readResponse()
            let usageEvent = withUsage.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.dropLast().last ?? ""
            let usageChunk = try JSONTesting.decode(ChatChunk.self, String(usageEvent.dropFirst("data: ".count)))
            #expect(usageChunk.choices.isEmpty && usageChunk.usage?.completionTokens == 4)
            await connection.close()
        }
    }

    @Test("a provider failing mid-stream ends the stream with an error event and no [DONE]")
    func midStreamError() async throws {
        try await TestGateway.with(catalog: Self.catalog) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"broken","stream":true,"messages":[]}"#))
            let response = try await connection.readResponse()
            #expect(response.text.contains("partial"))
            #expect(response.text.contains(#""code":"provider_unreachable""#))
            #expect(!response.text.contains("[DONE]"))
            await connection.close()
        }
    }

    @Test("an unknown model is a 404 naming the model member")
    func unknownModel() async throws {
        try await TestGateway.with(catalog: Self.catalog) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"gpt-9","messages":[]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 404)
            #expect(response.text.contains(#""code":"model_not_found""#) && response.text.contains(#""param":"model""#))
            await connection.close()
        }
    }

    @Test("bad bodies are 400s that name the member at fault without echoing values")
    func badBodies() async throws {
        try await TestGateway.with(catalog: Self.catalog) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post("{not json"))
            let notJSON = try await connection.readResponse()
            #expect(notJSON.status == 400 && notJSON.text.contains("invalid_json"))

            try await connection.send(Self.post(#"{"model":"mock","messages":[{"content":"sk-secret-value"}]}"#))
            let missingRole = try await connection.readResponse()
            #expect(missingRole.status == 400)
            #expect(missingRole.text.contains(#""param":"messages[0].role""#), "\(missingRole.text)")
            #expect(!missingRole.text.contains("sk-secret"))

            try await connection.send(Self.post(#"{"model":"mock","messages":[],"temperature":"hot"}"#))
            let wrongType = try await connection.readResponse()
            #expect(wrongType.status == 400 && wrongType.text.contains(#""param":"temperature""#))
            await connection.close()
        }
    }

    @Test("/v1/models lists the catalog in OpenAI's shape")
    func models() async throws {
        try await TestGateway.with(catalog: Self.catalog) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /v1/models HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await connection.readResponse()
            let body = try JSONTesting.parse(response.text)
            #expect(body.objectValue?["object"] == "list")
            let ids = body.objectValue?["data"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue }
            #expect(ids == ["mock", "broken"])
            await connection.close()
        }
    }
}
