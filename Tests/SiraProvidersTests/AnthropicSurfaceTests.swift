import Foundation
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("Anthropic Messages requests decoded into the neutral model")
struct AnthropicRequestDecoderTests {
    func decode(_ json: String) throws -> AnthropicInboundRequest {
        try AnthropicRequestDecoder.decode(Array(json.utf8))
    }

    @Test("system blocks, images, tool_use and tool_result become OpenAI's system, parts, tool calls and tool messages")
    func conversation() throws {
        let inbound = try decode(
            #"""
            {"model":"m","max_tokens":100,"system":[{"type":"text","text":"Be terse.","cache_control":{"type":"ephemeral"}}],
             "messages":[
              {"role":"user","content":[{"type":"text","text":"Weather?"},
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}}]},
              {"role":"assistant","content":[{"type":"text","text":"Checking."},
                {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"21C"}]},
                {"type":"text","text":"And tomorrow?"}]}],
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object"}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "stop_sequences":["END"],"temperature":0.2,"metadata":{"user_id":"u-1"},"stream":true}
            """#)
        let request = inbound.request
        #expect(request.messages.map(\.role) == [.system, .user, .assistant, .tool, .user])
        #expect(request.messages[0].content == .text("Be terse."))
        guard case .parts(let parts)? = request.messages[1].content else {
            Issue.record("expected parts")
            return
        }
        #expect(parts[1] == .image(ImagePart(url: "data:image/png;base64,iVBO")))
        #expect(request.messages[2].toolCalls?.first?.name == "get_weather")
        #expect(try JSONTesting.parse(request.messages[2].toolCalls?.first?.arguments ?? "") == ["city": "Paris"])
        #expect(request.messages[3].toolCallID == "toolu_1")
        #expect(request.messages[3].content == .text("21C"))
        #expect(request.maxTokens == 100)
        #expect(request.toolChoice == .required)
        #expect(request.parallelToolCalls == false)
        #expect(request.stop?.values == ["END"])
        #expect(request.user == "u-1")
        #expect(request.isStreaming)
        #expect(inbound.untranslatable.isEmpty)
        #expect(inbound.droppable == ["cache_control"])
    }

    @Test("members with no neutral equivalent are listed by name: thinking, server tools, unknown members")
    func untranslatable() throws {
        let inbound = try decode(
            #"""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
             "thinking":{"type":"enabled","budget_tokens":2048},"service_tier":"auto",
             "tools":[{"type":"web_search_20250305","name":"web_search"}]}
            """#)
        #expect(inbound.untranslatable == ["tools[0]", "thinking", "service_tier"])
    }

    @Test("a missing or mistyped required member is a 400 that names it")
    func required() throws {
        for (json, param) in [
            (#"{"model":"m","messages":[]}"#, "max_tokens"),
            (#"{"max_tokens":1,"messages":[]}"#, "model"),
            (#"{"model":"m","max_tokens":"x","messages":[]}"#, "max_tokens"),
            (#"{"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]}"#, "messages[0].role"),
        ] {
            let error = #expect(throws: GatewayError.self) { try decode(json) }
            #expect(error?.param == param, "\(json)")
        }
        #expect(throws: GatewayError.self) { try decode("{not json") }
    }
}

@Suite("Neutral answers written in Anthropic's shapes")
struct AnthropicEncoderTests {
    @Test("a whole answer: text and tool_use blocks, tool_use stop reason, input tokens without cache reads")
    func message() throws {
        var response = ChatResponse(
            id: "chatcmpl-1", created: 1, model: "gpt-4o",
            choices: [
                ChatChoice(
                    index: 0,
                    message: ChatMessage(
                        role: .assistant, content: .text("Checking."),
                        toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)]),
                    finishReason: .toolCalls)
            ])
        response.usage = Usage(promptTokens: 100, completionTokens: 7, cachedTokens: 40)
        let message = AnthropicMessageEncoder.message(response)
        #expect(
            message == [
                "id": "msg_chatcmpl-1", "type": "message", "role": "assistant", "model": "gpt-4o",
                "content": [
                    ["type": "text", "text": "Checking."],
                    ["type": "tool_use", "id": "call_1", "name": "get_weather", "input": ["city": "Paris"]],
                ],
                "stop_reason": "tool_use", "stop_sequence": .null,
                "usage": [
                    "input_tokens": 60, "output_tokens": 7, "cache_read_input_tokens": 40,
                    "cache_creation_input_tokens": 0,
                ],
            ])
    }

    static let chunks: [ChatChunk] = {
        func chunk(_ delta: MessageDelta, _ finish: FinishReason? = nil) -> ChatChunk {
            ChatChunk(id: "c1", created: 1, model: "gpt-4o", choices: [ChunkChoice(delta: delta, finishReason: finish)])
        }
        var usage = ChatChunk(id: "c1", created: 1, model: "gpt-4o", choices: [])
        usage.usage = Usage(promptTokens: 11, completionTokens: 6)
        return [
            chunk(MessageDelta(role: .assistant, content: "")),
            chunk(MessageDelta(content: "Check")),
            chunk(MessageDelta(content: "ing.")),
            chunk(
                MessageDelta(toolCalls: [
                    ToolCallDelta(index: 0, id: "call_1", type: "function", name: "get_weather", arguments: "")
                ])),
            chunk(MessageDelta(toolCalls: [ToolCallDelta(index: 0, arguments: #"{"city":"#)])),
            chunk(MessageDelta(toolCalls: [ToolCallDelta(index: 0, arguments: #""Paris"}"#)])),
            chunk(
                MessageDelta(toolCalls: [
                    ToolCallDelta(index: 1, id: "call_2", type: "function", name: "get_time", arguments: "{}")
                ])),
            chunk(MessageDelta(), .toolCalls),
            usage,
        ]
    }()

    @Test("chunks become Anthropic's exact event sequence, blocks numbered in order")
    func eventSequence() throws {
        var encoder = AnthropicEventEncoder(model: "gpt-4o")
        var events: [AnthropicEvent] = []
        for chunk in Self.chunks { events += try encoder.receive(chunk) }
        events += encoder.finish()
        #expect(
            events.map(\.name) == [
                "message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop",
            ])
        #expect(events.allSatisfy { $0.data.objectValue?["type"]?.stringValue == $0.name })
        let indexes = events.compactMap { $0.data.objectValue?["index"]?.intValue }
        #expect(indexes == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2])
        let delta = try #require(events.first { $0.name == "message_delta" }?.data.objectValue)
        #expect(delta["delta"]?.objectValue?["stop_reason"] == "tool_use")
        #expect(delta["usage"]?.objectValue?["output_tokens"] == 6)
    }

    @Test("round trip: encoded events read back by the Anthropic translator give the same answer")
    func roundTrip() throws {
        var encoder = AnthropicEventEncoder(model: "gpt-4o")
        var bytes: [UInt8] = []
        for chunk in Self.chunks { bytes += try encoder.receive(chunk).flatMap(\.bytes) }
        bytes += encoder.finish().flatMap(\.bytes)
        var parser = ServerSentEventParser()
        var translator = AnthropicStreamTranslator(created: 1)
        var back = StreamAccumulator()
        var complete = false
        for event in try parser.parse(bytes) {
            let (chunks, done) = try translator.translate(event)
            for chunk in chunks { back.apply(chunk) }
            complete = complete || done
        }
        var original = StreamAccumulator()
        for chunk in Self.chunks { original.apply(chunk) }
        #expect(complete)
        #expect(back.response.choices.first?.message.content == original.response.choices.first?.message.content)
        #expect(back.response.choices.first?.message.toolCalls == original.response.choices.first?.message.toolCalls)
        #expect(back.response.choices.first?.finishReason == .toolCalls)
        #expect(back.response.usage?.completionTokens == 6)
    }

    @Test("a failure is an Anthropic error event")
    func errorEvent() {
        let event = AnthropicEventEncoder.errorEvent(GatewayError(.providerOverloaded, "busy"))
        #expect(event.name == "error")
        #expect(event.data == ["type": "error", "error": ["type": "overloaded_error", "message": "busy"]])
    }
}

@Suite("/v1/messages over HTTP: the mock, an Anthropic upstream (pass-through) and an OpenAI upstream (translated)")
struct AnthropicSurfaceTests {
    static func post(_ body: String, extra: String = "") -> String {
        "POST /v1/messages HTTP/1.1\r\nHost: t\r\nx-api-key: sk-client\r\nanthropic-version: 2023-06-01\r\n\(extra)"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    func withGateway(
        anthropic: FakeUpstream? = nil, openAI: FakeUpstream? = nil,
        _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        let anthropicFake = anthropic ?? FakeUpstream(.answer("{}"), path: "/v1/messages")
        let openAIFake = openAI ?? FakeUpstream(.answer("{}"))
        try await anthropicFake.run { anthropicURL in
            try await openAIFake.run { openAIURL in
                let catalog = ModelCatalog([
                    .init(name: "mock", provider: MockProvider()),
                    .init(
                        name: "claude",
                        provider: AnthropicProvider(name: "anthropic", baseURL: anthropicURL, apiKey: Secret("sk-ant")),
                        upstreamModel: "claude-sonnet-4-6"),
                    .init(
                        name: "gpt",
                        provider: OpenAIProvider(name: "openai", baseURL: openAIURL, apiKey: Secret("sk-oai")),
                        upstreamModel: "gpt-4o"),
                ])
                try await TestGateway.with(catalog: catalog) { _, port in try await body(port) }
            }
        }
    }

    func exchange(_ port: Int, _ request: String) async throws -> RawHTTPResponse {
        try await RawHTTPConnection.exchange(port: port, request)
    }

    @Test("the mock answers in Anthropic's message shape, and streams Anthropic's events")
    func mock() async throws {
        try await withGateway { port in
            let whole = try await self.exchange(
                port, Self.post(#"{"model":"mock","max_tokens":50,"messages":[{"role":"user","content":"Hi"}]}"#))
            #expect(whole.status == 200)
            let message = try JSONTesting.parse(whole.text).objectValue ?? [:]
            #expect(message["type"] == "message")
            #expect(message["stop_reason"] == "end_turn")
            let streamed = try await self.exchange(
                port,
                Self.post(
                    #"{"model":"mock","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"#))
            #expect(streamed["content-type"] == "text/event-stream")
            #expect(streamed.text.hasPrefix("event: message_start\n"))
            #expect(streamed.text.hasSuffix("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
        }
    }

    @Test(
        "to an Anthropic upstream the body goes byte for byte, model replaced, anthropic-beta forwarded; the answer comes back as it was"
    )
    func passThrough() async throws {
        let upstream = FakeUpstream(.answer(AnthropicFixtures.response), path: "/v1/messages")
        let body =
            #"{"model":"claude","max_tokens":50,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"Hi"}],"x_new":1}"#
        try await withGateway(anthropic: upstream) { port in
            let response = try await self.exchange(
                port, Self.post(body, extra: "anthropic-beta: context-1m-2025-08-07\r\n"))
            #expect(response.status == 200)
            #expect(response.text == AnthropicFixtures.response)
        }
        let sent = try #require(upstream.requests.values.first)
        #expect(
            String(decoding: sent.body, as: UTF8.self)
                == body.replacingOccurrences(of: #""model":"claude""#, with: #""model":"claude-sonnet-4-6""#))
        #expect(sent.headers["anthropic-beta"] == "context-1m-2025-08-07")
        #expect(sent.headers["x-api-key"] == "sk-ant", "the gateway's key, never the client's")
    }

    @Test("an Anthropic stream is forwarded as it is; one cut short gets an Anthropic error event")
    func passThroughStream() async throws {
        let upstream = FakeUpstream(.events(AnthropicFixtures.textStream), path: "/v1/messages")
        let body = #"{"model":"claude","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
        try await withGateway(anthropic: upstream) { port in
            let whole = try await self.exchange(port, Self.post(body))
            #expect(whole.text == AnthropicFixtures.textStream.joined())
            upstream.set(.events(Array(AnthropicFixtures.textStream.prefix(4))))
            let cut = try await self.exchange(port, Self.post(body))
            let last = try #require(cut.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.last)
            #expect(last.hasPrefix("event: error\ndata: "))
            let error = try JSONTesting.parse(String(last.dropFirst("event: error\ndata: ".count)))
            #expect(error.objectValue?["type"] == "error")
            #expect(error.objectValue?["error"]?.objectValue?["type"] == "api_error")
            #expect(!cut.text.contains("message_stop"))
        }
    }

    @Test("to an OpenAI upstream the request is translated, and the stream comes back as Anthropic events")
    func translated() async throws {
        let upstream = FakeUpstream(.answer(OpenAIProviderTests.answer))
        try await withGateway(openAI: upstream) { port in
            let whole = try await self.exchange(
                port,
                Self.post(
                    #"{"model":"gpt","max_tokens":50,"system":"Be brief.","messages":[{"role":"user","content":"Hi"}]}"#
                ))
            #expect(whole.status == 200)
            let message = try JSONTesting.parse(whole.text).objectValue ?? [:]
            #expect(message["content"] == [["type": "text", "text": "Hi!"]])
            #expect(message["usage"]?.objectValue?["input_tokens"] == 3)
            upstream.set(.stream(OpenAIFixtures.textStream))
            let streamed = try await self.exchange(
                port,
                Self.post(#"{"model":"gpt","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            )
            #expect(streamed.text.hasPrefix("event: message_start\n"))
            #expect(streamed.text.contains("event: message_stop"))
        }
        let sent = try JSONTesting.parse(String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self))
        #expect(sent.objectValue?["model"] == "gpt-4o")
        #expect(sent.objectValue?["messages"]?.arrayValue?.first == ["role": "system", "content": "Be brief."])
        #expect(sent.objectValue?["max_tokens"] == 50)
    }

    @Test("errors are in Anthropic's shape: an unknown model, and a member an OpenAI model cannot take")
    func errors() async throws {
        let upstream = FakeUpstream(.answer(OpenAIProviderTests.answer))
        try await withGateway(openAI: upstream) { port in
            let unknown = try await self.exchange(
                port, Self.post(#"{"model":"nope","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}"#))
            #expect(unknown.status == 404)
            #expect(
                try JSONTesting.parse(unknown.text).objectValue?["error"]?.objectValue?["type"] == "not_found_error")
            let thinking = try await self.exchange(
                port,
                Self.post(
                    #"{"model":"gpt","max_tokens":5,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"Hi"}]}"#
                ))
            #expect(thinking.status == 400)
            let body = try JSONTesting.parse(thinking.text).objectValue ?? [:]
            #expect(body["type"] == "error")
            #expect(body["error"]?.objectValue?["message"]?.stringValue?.contains("thinking") == true)
            let missing = try await self.exchange(port, Self.post(#"{"model":"gpt","messages":[]}"#))
            #expect(missing.status == 400)
            #expect(missing.text.contains("max_tokens"))
        }
        #expect(upstream.requests.values.isEmpty, "nothing reached the upstream")
    }
}
