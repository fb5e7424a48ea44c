import Foundation
import Logging
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

/// Gemini shapes from the Gemini API reference (generateContent) (§3 response, §4 recorded CRLF stream).
enum GeminiFixtures {
    static let response = #"""
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me check.","thought":false},
          {"text":"(thinking…)","thought":true},
          {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CqgB"}]},
          "finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":29,"candidatesTokenCount":12,"thoughtsTokenCount":59,
          "cachedContentTokenCount":8,"totalTokenCount":100},
         "modelVersion":"gemini-2.5-flash","responseId":"EdDHavuSDILGjMcPvefFoQg"}
        """#

    /// The recorded capture of the reference (§4): a thought chunk, then text ending at MAX_TOKENS.
    static let stream = [
        #"data: {"candidates": [{"content": {"parts": [{"text": "**Initiating the Descent**\n\n","thought": true}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 29,"totalTokenCount": 88,"thoughtsTokenCount": 59},"modelVersion": "gemini-2.5-flash","responseId": "EdDHavuSDILGjMcPvefFoQg"}"#
            + "\r\n\r\n",
        #"data: {"candidates": [{"content": {"parts": [{"text": "We"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 29,"totalTokenCount": 88,"thoughtsTokenCount": 59},"modelVersion": "gemini-2.5-flash","responseId": "EdDHavuSDILGjMcPvefFoQg"}"#
            + "\r\n\r\n",
        #"data: {"candidates": [{"content": {"parts": [{"text": " descend"}],"role": "model"},"finishReason": "MAX_TOKENS","index": 0}],"usageMetadata": {"promptTokenCount": 29,"candidatesTokenCount": 2,"totalTokenCount": 90,"thoughtsTokenCount": 59},"modelVersion": "gemini-2.5-flash","responseId": "EdDHavuSDILGjMcPvefFoQg"}"#
            + "\r\n\r\n",
    ]

    static let toolStream = [
        #"data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},{"functionCall":{"name":"get_time","args":{}}}],"role":"model"},"finishReason":"STOP","index":0}],"responseId":"r1"}"#
            + "\r\n\r\n"
    ]
}

@Suite("Gemini translation: requests, answers and streams")
struct GeminiTranslationTests {
    func translate(_ json: String) throws -> JSONObject {
        let request = try JSONTesting.decode(ChatRequest.self, json)
        return try #require(try GeminiRequestTranslator.translate(request).objectValue)
    }

    @Test("system messages become systemInstruction; assistant turns are model turns; tool results name their function")
    func conversation() throws {
        let body = try translate(
            #"""
            {"model":"g","messages":[
              {"role":"system","content":"Be terse."},
              {"role":"user","content":[{"type":"text","text":"Weather?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"{\"temp\":21}"},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
             "max_tokens":50,"stop":"END","temperature":0.5,"seed":7,
             "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"}}},
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}}}
            """#)
        #expect(body["systemInstruction"] == ["parts": [["text": "Be terse."]]])
        let contents = try #require(body["contents"]?.arrayValue)
        #expect(contents.map { $0.objectValue?["role"] } == ["user", "model", "user"])
        let userParts = contents[0].objectValue?["parts"]?.arrayValue ?? []
        #expect(userParts[1] == ["inlineData": ["mimeType": "image/png", "data": "iVBORw0KGgo="]])
        #expect(
            contents[1].objectValue?["parts"] == [["functionCall": ["name": "get_weather", "args": ["city": "Paris"]]]])
        #expect(
            contents[2].objectValue?["parts"] == [
                ["functionResponse": ["name": "get_weather", "response": ["temp": 21]]],
                ["functionResponse": ["name": "get_weather", "response": ["output": "sunny"]]],
            ], "consecutive tool results share one user turn; non-object results go under output")
        let config = try #require(body["generationConfig"]?.objectValue)
        #expect(config["maxOutputTokens"] == 50)
        #expect(config["stopSequences"] == ["END"])
        #expect(config["seed"] == 7)
        #expect(config["responseMimeType"] == "application/json")
        #expect(config["responseJsonSchema"] == ["type": "object"])
        #expect(
            body["toolConfig"] == ["functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": ["get_weather"]]])
        #expect(
            body["tools"] == [
                ["functionDeclarations": [["name": "get_weather", "parametersJsonSchema": ["type": "object"]]]]
            ])
        #expect(body["model"] == nil, "the model is part of Gemini's URL")
    }

    @Test("a tool result that answers no earlier call is a 400 naming it")
    func orphanToolResult() throws {
        let error = #expect(throws: GatewayError.self) {
            try translate(#"{"model":"g","messages":[{"role":"tool","tool_call_id":"x","content":"1"}]}"#)
        }
        #expect(error?.param == "messages[0].tool_call_id")
        #expect(error?.kind.status == 400)
    }

    @Test("members Gemini has no equivalent for are refused by name")
    func untranslatable() throws {
        let error = #expect(throws: GatewayError.self) {
            try translate(#"{"model":"g","messages":[{"role":"user","content":"x"}],"logit_bias":{"1":2}}"#)
        }
        #expect(error?.param == "logit_bias")
    }

    @Test("an answer with a function call reports tool_calls, a stable synthesized id, and thoughts as reasoning")
    func response() throws {
        let response = try GeminiResponseTranslator.response(
            JSONTesting.parse(GeminiFixtures.response), model: "gemini-2.5-flash", created: 5)
        let choice = try #require(response.choices.first)
        #expect(choice.finishReason == .toolCalls)
        #expect(choice.message.content == .text("Let me check."), "thought parts are not content")
        let call = try #require(choice.message.toolCalls?.first)
        #expect(call.id == "call_EdDHavuSDILGjMcPvefFoQg_0__thought__CqgB", "the thought signature rides in the id")
        #expect(call.name == "get_weather")
        #expect(try JSONTesting.parse(call.arguments) == ["city": "Paris"])
        let again = try GeminiResponseTranslator.response(
            JSONTesting.parse(GeminiFixtures.response), model: "gemini-2.5-flash", created: 5)
        #expect(again.choices.first?.message.toolCalls?.first?.id == call.id, "the same answer gives the same id")
        #expect(
            response.usage
                == Usage(promptTokens: 29, completionTokens: 71, totalTokens: 100, cachedTokens: 8, reasoningTokens: 59)
        )
        #expect(response.model == "gemini-2.5-flash")
    }

    @Test("a blocked prompt is a content_filter error, not an empty answer")
    func blocked() throws {
        let error = #expect(throws: GatewayError.self) {
            try GeminiResponseTranslator.response(
                JSONTesting.parse(#"{"promptFeedback":{"blockReason":"SAFETY"}}"#), model: "g", created: 1)
        }
        #expect(error?.kind == .contentFiltered)
    }

    func run(_ events: [String], splitEveryByte: Bool = false) throws -> (ChatResponse, [ChatChunk]) {
        var parser = ServerSentEventParser()
        var translator = GeminiStreamTranslator(model: "gemini-2.5-flash", created: 1)
        var chunks: [ChatChunk] = []
        let bytes = Array(events.joined().utf8)
        let pieces = splitEveryByte ? bytes.map { [$0] } : [bytes]
        for piece in pieces {
            for event in try parser.parse(piece) { chunks += try translator.translate(event).chunks }
        }
        chunks += try translator.endOfBody()
        var accumulator = StreamAccumulator()
        for chunk in chunks { accumulator.apply(chunk) }
        return (accumulator.response, chunks)
    }

    @Test("the recorded CRLF stream becomes role, text deltas, a length finish and a usage chunk")
    func recordedStream() throws {
        let (response, chunks) = try run(GeminiFixtures.stream)
        #expect(response.choices.first?.message.content == .text("We descend"))
        #expect(response.choices.first?.finishReason == .length)
        #expect(response.usage?.completionTokens == 61)
        #expect(response.usage?.reasoningTokens == 59)
        #expect(chunks.first?.choices.first?.delta.role == .assistant)
        #expect(chunks.last?.choices.isEmpty == true, "usage comes last, in a chunk of its own")
        #expect(try run(GeminiFixtures.stream, splitEveryByte: true).1 == chunks, "network splits do not matter")
    }

    @Test("function calls in a stream arrive whole, with stable indexes and ids, and finish as tool_calls")
    func toolStream() throws {
        let (response, _) = try run(GeminiFixtures.toolStream)
        let calls = response.choices.first?.message.toolCalls ?? []
        #expect(calls.map(\.name) == ["get_weather", "get_time"])
        #expect(calls.map(\.id) == ["call_r1_0", "call_r1_1"])
        #expect(response.choices.first?.finishReason == .toolCalls)
    }

    @Test("a stream that ends before a finish reason was cut short; an error event fails it")
    func cutAndError() throws {
        #expect(throws: GatewayError.self) { try run(Array(GeminiFixtures.stream.prefix(2))) }
        let error = #expect(throws: GatewayError.self) {
            try run([#"data: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}"# + "\r\n\r\n"])
        }
        #expect(error?.kind == .providerOverloaded)
    }

    @Test("Gemini's 400 API_KEY_INVALID is the gateway's key (502), not the caller's request")
    func badKey() {
        let body =
            #"{"error":{"code":400,"message":"API key not valid. key=AIza-secret","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#
        let error = UpstreamErrorMapper.map(status: 400, headers: [:], body: Array(body.utf8), provider: "gemini")
        #expect(error.kind == .providerAuthenticationFailed)
        #expect(!error.message.contains("AIza"))
        let quota = UpstreamErrorMapper.map(
            status: 429, headers: ["retry-after": "3"], body: Array(#"{"error":{"status":"RESOURCE_EXHAUSTED"}}"#.utf8),
            provider: "gemini")
        #expect(quota.kind == .providerRateLimited)
        #expect(quota.retryAfter == .seconds(3))
    }
}

@Suite("Gemini provider behind the OpenAI surface, against a fake Gemini upstream")
struct GeminiProviderTests {
    static let paths = [
        "/v1/models/gemini-2.5-flash:generateContent", "/v1/models/gemini-2.5-flash:streamGenerateContent",
    ]

    func withGateway(_ upstream: FakeUpstream, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await upstream.run { baseURL in
            let provider = GeminiProvider(
                name: "fake-gemini", baseURL: baseURL, apiKey: Secret("AIza-secret-key"), timeout: .seconds(10))
            try await TestGateway.with(
                catalog: ModelCatalog([.init(name: "flash", provider: provider, upstreamModel: "gemini-2.5-flash")])
            ) { _, port in try await body(port) }
        }
    }

    @Test("a whole answer: the model in the URL, the key in x-goog-api-key and never in the URL")
    func whole() async throws {
        let upstream = FakeUpstream(.answer(GeminiFixtures.response), paths: Self.paths)
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(#"{"model":"flash","messages":[{"role":"user","content":"Weather?"}]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 200)
            let decoded = try JSONTesting.decode(ChatResponse.self, response.text)
            #expect(decoded.choices.first?.message.toolCalls?.first?.name == "get_weather")
            await connection.close()
        }
        let sent = try #require(upstream.requests.values.first)
        #expect(sent.target == "/v1/models/gemini-2.5-flash:generateContent")
        #expect(sent.headers["x-goog-api-key"] == "AIza-secret-key")
    }

    @Test("a stream: ?alt=sse upstream, OpenAI chunks and [DONE] to the client")
    func streamed() async throws {
        let upstream = FakeUpstream(.events(GeminiFixtures.stream), paths: Self.paths)
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(
                    #"{"model":"flash","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"#
                ))
            let response = try await connection.readResponse()
            let (answer, done) = try JSONTesting.openAIStream(response.text)
            #expect(done)
            #expect(answer.choices.first?.message.content == .text("We descend"))
            #expect(answer.usage?.promptTokens == 29)
            await connection.close()
        }
        #expect(upstream.requests.values.first?.target == "/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
    }

    @Test("a Gemini stream cut before its finish reason ends with an error event, no [DONE]")
    func cut() async throws {
        let upstream = FakeUpstream(.events(Array(GeminiFixtures.stream.prefix(2))), paths: Self.paths)
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(
                    #"{"model":"flash","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#))
            let response = try await connection.readResponse()
            #expect(response.text.contains("We") && response.text.contains("provider_error"))
            #expect(!response.text.contains("[DONE]"))
            await connection.close()
        }
    }

    @Test("Gemini's bad-key answer reaches the client as a 502 without the key")
    func badKey() async throws {
        let body =
            #"{"error":{"code":400,"message":"API key not valid: AIza-secret-key","status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}"#
        let upstream = FakeUpstream(.fail(status: 400, body: body), paths: Self.paths)
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(
                OpenAIProviderTests.post(#"{"model":"flash","messages":[{"role":"user","content":"Hi"}]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 502)
            #expect(!response.text.contains("AIza"))
            await connection.close()
        }
    }
}
