import SiraCore
import SiraProviders
import SiraTesting
import Testing

@Suite("OpenAI ⇄ Anthropic translation")
struct AnthropicTranslationTests {
    func translate(_ json: String) throws -> JSONObject {
        let request = try JSONTesting.decode(ChatRequest.self, json)
        return try AnthropicRequestTranslator.translate(request, model: "claude-sonnet-4-6").objectValue ?? [:]
    }

    @Test("system and developer messages are hoisted; max_tokens gets a default")
    func systemHoisting() throws {
        let body = try translate(
            #"{"model":"x","messages":[{"role":"system","content":"A"},{"role":"user","content":"hi"},{"role":"developer","content":"B"}]}"#
        )
        #expect(body["system"] == "A\nB")
        #expect(body["max_tokens"] == 4096)
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "hi"]]]])
    }

    @Test("tool calls become tool_use blocks and tool results a user turn of tool_result blocks")
    func toolsRoundTrip() throws {
        let body = try translate(
            #"{"model":"x","messages":[{"role":"user","content":"weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"18C"},{"role":"user","content":"thanks"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],"tool_choice":"required","parallel_tool_calls":false}"#
        )
        let messages = body["messages"]?.arrayValue ?? []
        #expect(messages.count == 3, "user, assistant, then one merged user turn: \(messages)")
        #expect(
            messages[1] == [
                "role": "assistant",
                "content": [["type": "tool_use", "id": "call_1", "name": "get_weather", "input": ["city": "Paris"]]],
            ])
        #expect(
            messages[2] == [
                "role": "user",
                "content": [
                    ["type": "tool_result", "tool_use_id": "call_1", "content": "18C"],
                    ["type": "text", "text": "thanks"],
                ],
            ])
        #expect(body["tools"] == [["name": "get_weather", "input_schema": ["type": "object"]]])
        #expect(body["tool_choice"] == ["type": "any", "disable_parallel_tool_use": true])
    }

    @Test("images: data URLs become base64 sources, other URLs URL sources; unsupported types are 400")
    func images() throws {
        let body = try translate(
            #"{"model":"x","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}},{"type":"image_url","image_url":{"url":"https://e.com/a.jpg"}}]}]}"#
        )
        let blocks = body["messages"]?.arrayValue?.first?.objectValue?["content"]
        #expect(
            blocks == [
                ["type": "image", "source": ["type": "base64", "media_type": "image/png", "data": "iVBOR"]],
                ["type": "image", "source": ["type": "url", "url": "https://e.com/a.jpg"]],
            ]
        )
        #expect(throws: GatewayError.self) {
            _ = try translate(
                #"{"model":"x","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0"}}]}]}"#
            )
        }
    }

    @Test(
        "members with no Anthropic equivalent are refused by name",
        arguments: [
            (#""n":2"#, "n"), (#""logprobs":true"#, "logprobs"), (#""presence_penalty":0.5"#, "presence_penalty"),
            (
                #""response_format":{"type":"json_object"},"tools":[{"type":"function","function":{"name":"f"}}]"#,
                "response_format"
            ),
        ])
    func refusals(member: String, param: String) throws {
        do {
            _ = try translate(#"{"model":"x","messages":[{"role":"user","content":"hi"}],\#(member)}"#)
            Issue.record("\(member) was accepted")
        } catch let error as GatewayError {
            #expect(error.kind == .unsupportedParameter && error.param == param)
        }
    }

    @Test("audio input is refused, not dropped")
    func audio() {
        #expect(throws: GatewayError.self) {
            _ = try translate(
                #"{"model":"x","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}]}]}"#
            )
        }
    }

    @Test("JSON mode: json_object, and json_schema on a model without structured outputs, force a tool")
    func forcedJSONTool() throws {
        let request = try JSONTesting.decode(
            ChatRequest.self,
            #"{"model":"x","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}}"#)
        let body = try AnthropicRequestTranslator.translate(request, model: "claude-sonnet-4-6").objectValue ?? [:]
        #expect(body["tool_choice"] == ["type": "tool", "name": "json_tool_call"])
        #expect(body["tools"]?.arrayValue?.first?.objectValue?["input_schema"] == ["type": "object"])
        #expect(body["output_config"] == nil)
        let schema = try JSONTesting.decode(
            ChatRequest.self,
            #"{"model":"x","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}}}"#
        )
        let old = try AnthropicRequestTranslator.translate(schema, model: "claude-3-5-sonnet-latest").objectValue ?? [:]
        #expect(old["tool_choice"] == ["type": "tool", "name": "json_tool_call"])
        #expect(
            old["tools"]?.arrayValue?.first?.objectValue?["input_schema"]
                == ["type": "object", "properties": ["a": ["type": "integer"]]])
        let new = try AnthropicRequestTranslator.translate(schema, model: "claude-opus-4-1").objectValue ?? [:]
        #expect(new["tools"] == nil && new["output_config"] != nil, "structured outputs where the model has them")
        for model in ["claude-sonnet-4-0", "claude-opus-4-20250514", "claude-3-7-sonnet-latest"] {
            #expect(!ForcedJSONTool.hasStructuredOutputs(model), "\(model)")
        }
        for model in ["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5", "claude-sonnet-5"] {
            #expect(ForcedJSONTool.hasStructuredOutputs(model), "\(model)")
        }
    }

    @Test("JSON mode's forced call comes back as content, whole and streamed, with finish reason stop")
    func forcedJSONToolUnwrapped() throws {
        let call = ToolCall(id: "toolu_1", name: "json_tool_call", arguments: #"{"a":1}"#)
        var message = ChatMessage.text(.assistant, "")
        message.content = nil
        message.toolCalls = [call]
        let answer = ChatResponse(
            id: "r", created: 1, model: "m", choices: [ChatChoice(index: 0, message: message, finishReason: .toolCalls)]
        )
        let unwrapped = ForcedJSONTool.unwrap(answer)
        #expect(unwrapped.choices[0].message.content == .text(#"{"a":1}"#))
        #expect(unwrapped.choices[0].message.toolCalls == nil && unwrapped.choices[0].finishReason == .stop)

        var unwrapper = ForcedJSONTool.StreamUnwrapper()
        func chunk(_ delta: MessageDelta, finish: FinishReason? = nil) -> ChatChunk {
            ChatChunk(id: "s", created: 1, model: "m", choices: [ChunkChoice(delta: delta, finishReason: finish)])
        }
        let start = unwrapper.unwrap(
            chunk(
                MessageDelta(toolCalls: [
                    ToolCallDelta(index: 0, id: "toolu_1", type: "function", name: "json_tool_call", arguments: "")
                ])))
        #expect(start.choices[0].delta.toolCalls == nil && (start.choices[0].delta.content ?? "").isEmpty)
        let pieces = [#"{"a""#, ":1}"].map {
            unwrapper.unwrap(chunk(MessageDelta(toolCalls: [ToolCallDelta(index: 0, arguments: $0)])))
        }
        #expect(pieces.compactMap { $0.choices[0].delta.content }.joined() == #"{"a":1}"#)
        #expect(unwrapper.unwrap(chunk(MessageDelta(), finish: .toolCalls)).choices[0].finishReason == .stop)
    }

    @Test("sampling, stop sequences, user and JSON schema translate")
    func parameters() throws {
        let body = try translate(
            #"{"model":"x","messages":[{"role":"user","content":"hi"}],"temperature":1.7,"top_p":0.9,"stop":"END","user":"u1","max_completion_tokens":50,"response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"}}}}"#
        )
        #expect(body["temperature"] == 1.0, "temperature is clamped to Anthropic's 0–1")
        #expect(body["top_p"] == 0.9 && body["stop_sequences"] == ["END"] && body["metadata"] == ["user_id": "u1"])
        #expect(body["max_tokens"] == 50)
        #expect(body["output_config"] == ["format": ["type": "json_schema", "schema": ["type": "object"]]])
    }

    @Test("a whole Anthropic message becomes a chat.completion with tool calls and usage")
    func response() throws {
        let response = try AnthropicResponseTranslator.response(
            JSONTesting.parse(AnthropicFixtures.response), created: 7)
        let message = response.choices.first?.message
        #expect(message?.content == .text("I'll check."))
        #expect(message?.toolCalls?.first?.name == "get_weather")
        #expect(message?.toolCalls?.first?.arguments == #"{"location":"Paris"}"#)
        #expect(response.choices.first?.finishReason == .toolCalls)
        #expect(response.usage?.promptTokens == 377 && response.usage?.completionTokens == 65)
    }

    @Test(
        "stop reasons map to finish reasons",
        arguments: [
            ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"), ("tool_use", "tool_calls"),
            ("refusal", "content_filter"), ("pause_turn", "length"),
        ])
    func stopReasons(stop: String, finish: String) {
        #expect(AnthropicResponseTranslator.finishReason(stop)?.rawValue == finish)
    }

    func translateStream(_ events: [String]) -> (ChatResponse, finished: Bool) {
        var parser = ServerSentEventParser()
        var translator = AnthropicStreamTranslator(created: 1)
        var accumulator = StreamAccumulator()
        var finished = false
        for text in events {
            for event in (try? parser.parse(Array(text.utf8))) ?? [] {
                switch translator.receive(event) {
                case .chunks(let chunks):
                    for chunk in chunks { accumulator.apply(chunk) }
                case .finished(let chunks):
                    for chunk in chunks { accumulator.apply(chunk) }
                    finished = true
                case .failed: break
                }
            }
        }
        return (accumulator.response, finished)
    }

    @Test("the recorded text stream becomes chunks that merge into the answer, with usage")
    func textStream() {
        let (response, finished) = translateStream(AnthropicFixtures.textStream)
        #expect(finished)
        #expect(response.choices.first?.message.content == .text("Hello there"))
        #expect(response.choices.first?.finishReason == .stop)
        #expect(response.usage?.promptTokens == 11 && response.usage?.completionTokens == 6)
        #expect(response.id == "msg_4Qp" && response.model == "claude-3-opus-latest")
    }

    @Test("tool_use blocks become tool calls indexed from 0, arguments assembled from fragments")
    func toolStream() {
        let (response, _) = translateStream(AnthropicFixtures.toolStream)
        let call = response.choices.first?.message.toolCalls?.first
        #expect(call?.id == "toolu_01NRL" && call?.name == "get_weather")
        #expect(call?.arguments == #"{"location": "Paris"}"#)
        #expect(response.choices.first?.message.toolCalls?.count == 1)
        #expect(response.choices.first?.finishReason == .toolCalls)
        #expect(response.usage?.promptTokens == 477 && response.usage?.cachedTokens == 100)
    }

    @Test("an error event mid-stream fails the stream with the provider's fault")
    func errorEvent() {
        var translator = AnthropicStreamTranslator(created: 1)
        let output = translator.receive(
            ReceivedEvent(
                name: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#))
        guard case .failed(let error) = output else {
            Issue.record("expected a failure, got \(output)")
            return
        }
        #expect(error.kind == .providerOverloaded)
    }
}
