import SiraCore
import SiraProviders
import Testing

@Suite("OpenAI's Responses API: requests into the neutral model, answers and streams back")
struct ResponsesAPITests {
    func decode(_ json: String) throws -> ChatRequest { try ResponsesRequestDecoder.decode(Array(json.utf8)) }

    func refusal(_ json: String) -> GatewayError? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return error as? GatewayError
        }
    }

    @Test("input as a string with instructions; items as messages, function calls and their outputs")
    func requests() throws {
        let simple = try decode(#"{"model":"m","input":"Hi","instructions":"Be brief.","max_output_tokens":50}"#)
        #expect(simple.messages.map(\.role) == [.system, .user])
        #expect(simple.messages[1].content == .text("Hi") && simple.maxTokens == 50)
        let items = try decode(
            #"""
            {"model":"m","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}],
             "tool_choice":{"type":"function","name":"get_weather"},"text":{"format":{"type":"json_schema","name":"w","schema":{"type":"object"}}},
             "input":[{"role":"user","content":[{"type":"input_text","text":"weather?"},{"type":"input_image","image_url":"https://x/y.png"}]},
                      {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{}"},
                      {"type":"function_call","call_id":"c2","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"},
                      {"type":"function_call_output","call_id":"c1","output":"sunny"},
                      {"type":"function_call_output","call_id":"c2","output":"snow"}]}
            """#)
        #expect(items.messages.map(\.role) == [.user, .assistant, .tool, .tool])
        #expect(items.messages[1].toolCalls?.map(\.id) == ["c1", "c2"], "consecutive calls share one assistant turn")
        #expect(items.messages[2].toolCallID == "c1" && items.messages[3].content == .text("snow"))
        #expect(items.tools?.count == 1 && items.toolChoice == .function(name: "get_weather"))
        if case .jsonSchema(let format)? = items.responseFormat {
            #expect(format.name == "w")
        } else {
            Issue.record("text.format json_schema becomes response_format")
        }
    }

    @Test("what Sira cannot keep or translate is refused by name")
    func refusals() {
        #expect(
            refusal(#"{"model":"m","input":"Hi","previous_response_id":"resp_1"}"#)?.param == "previous_response_id")
        #expect(refusal(#"{"model":"m","input":"Hi","store":true}"#)?.param == "store")
        #expect(refusal(#"{"model":"m","input":"Hi","store":false}"#) == nil)
        #expect(refusal(#"{"model":"m","input":"Hi","background":true}"#)?.param == "background")
        #expect(refusal(#"{"model":"m","input":"Hi","tools":[{"type":"web_search"}]}"#)?.param == "tools[0].type")
        #expect(
            refusal(#"{"model":"m","input":[{"type":"function_call_output","output":"x"}]}"#)?.param
                == "input[0].call_id")
        #expect(refusal(#"{"model":"m","input":[{"type":"reasoning","summary":[]}]}"#)?.param == "input[0].type")
        #expect(refusal(#"{"model":"m"}"#)?.param == "input")
        #expect(refusal(#"{"model":"m","input":"Hi","include":["reasoning.encrypted_content"]}"#)?.param == "include")
        #expect(refusal(#"{"model":"m","input":"Hi","truncation":"auto"}"#)?.param == "truncation")
    }

    @Test("the defaults agent frameworks send are accepted; reasoning effort carries over")
    func defaults() throws {
        let request = try decode(
            #"{"model":"m","input":"Hi","include":[],"truncation":"disabled","reasoning":{"effort":"low"},"store":false}"#
        )
        #expect(request.messages.count == 1)
        #expect(request.extra["reasoning_effort"] == "low")
    }

    @Test("a whole answer: text and calls as output items, usage renamed, a cut answer incomplete")
    func wholeAnswers() {
        var message = ChatMessage.text(.assistant, "Let me check.")
        message.toolCalls = [ToolCall(id: "call_1", name: "get_weather", arguments: "{}")]
        let answer = ChatResponse(
            id: "chatcmpl-9", created: 5, model: "m",
            choices: [ChatChoice(index: 0, message: message, finishReason: .toolCalls)])
        var withUsage = answer
        withUsage.usage = Usage(promptTokens: 7, completionTokens: 3, cachedTokens: 2)
        let object = ResponsesEncoder.response(withUsage, model: "m").objectValue ?? [:]
        #expect(object["id"] == "resp_9" && object["status"] == "completed")
        let output = object["output"]?.arrayValue ?? []
        #expect(output.map { $0.objectValue?["type"]?.stringValue } == ["message", "function_call"])
        #expect(output[1].objectValue?["call_id"] == "call_1")
        #expect(object["usage"]?.objectValue?["input_tokens_details"] == ["cached_tokens": 2])
        var cut = answer
        cut.choices[0].finishReason = .length
        let incomplete = ResponsesEncoder.response(cut, model: "m").objectValue ?? [:]
        #expect(incomplete["status"] == "incomplete")
        #expect(incomplete["incomplete_details"] == ["reason": "max_output_tokens"])
    }

    /// The events' types and data, in order.
    func events(_ bytes: [UInt8]) -> [(type: String, data: JSONObject)] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n\n").compactMap { event in
            guard let line = event.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }),
                let data = (try? JSONValue(parsing: Array(line.dropFirst(6).utf8)))?.objectValue
            else { return nil }
            return (data["type"]?.stringValue ?? "", data)
        }
    }

    @Test("a stream: typed events in order, numbered, text then a function call, completed with the whole response")
    func streams() {
        var encoder = ResponsesStreamEncoder(model: "m")
        func chunk(_ delta: MessageDelta, finish: FinishReason? = nil) -> ChatChunk {
            ChatChunk(
                id: "chatcmpl-1", created: 1, model: "m", choices: [ChunkChoice(delta: delta, finishReason: finish)])
        }
        var bytes = encoder.receive(chunk(MessageDelta(role: .assistant, content: "")))
        bytes += encoder.receive(chunk(MessageDelta(content: "Hel")))
        bytes += encoder.receive(chunk(MessageDelta(content: "lo")))
        bytes += encoder.receive(
            chunk(
                MessageDelta(toolCalls: [
                    ToolCallDelta(index: 0, id: "call_1", type: "function", name: "f", arguments: "")
                ])))
        bytes += encoder.receive(chunk(MessageDelta(toolCalls: [ToolCallDelta(index: 0, arguments: "{}")])))
        bytes += encoder.receive(chunk(MessageDelta(), finish: .toolCalls))
        bytes += encoder.finish()
        let all = events(bytes)
        #expect(
            all.map(\.type) == [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed",
            ])
        #expect(all.map { $0.data["sequence_number"]?.intValue } == all.indices.map { $0 })
        let output = all.last?.data["response"]?.objectValue?["output"]?.arrayValue ?? []
        #expect(output.count == 2 && output[1].objectValue?["arguments"] == "{}")
        var failing = ResponsesStreamEncoder(model: "m")
        _ = failing.receive(chunk(MessageDelta(content: "x")))
        let error = events(failing.fail(GatewayError(.providerOverloaded, "busy")))
        #expect(error.map(\.type) == ["error"] && error.first?.data["code"] == "provider_overloaded")
    }

    @Test("an agent without tools sends tools: []; an earlier refusal comes back as input")
    func agentShapes() throws {
        let request = try decode(
            #"{"model":"m","tools":[],"tool_choice":"auto","parallel_tool_calls":true,"input":[{"role":"user","content":"Hi"},{"type":"message","role":"assistant","content":[{"type":"refusal","refusal":"No."}]},{"role":"user","content":"Please?"}]}"#
        )
        #expect(request.tools == nil && request.toolChoice == nil && request.parallelToolCalls == nil)
        #expect(request.messages.map(\.role) == [.user, .assistant, .user])
    }

    @Test("streamed refusals are refusal parts; a message after a tool call has an id of its own")
    func refusalsAndIDs() {
        var encoder = ResponsesStreamEncoder(model: "m")
        func chunk(_ delta: MessageDelta) -> ChatChunk {
            ChatChunk(id: "chatcmpl-1", created: 1, model: "m", choices: [ChunkChoice(delta: delta)])
        }
        var refusing = MessageDelta()
        refusing.refusal = "I can't."
        var bytes = encoder.receive(chunk(refusing))
        bytes += encoder.receive(
            chunk(
                MessageDelta(toolCalls: [
                    ToolCallDelta(index: 0, id: "call_1", type: "function", name: "f", arguments: "{}")
                ])))
        bytes += encoder.receive(chunk(MessageDelta(content: "After.")))
        bytes += encoder.finish()
        let all = events(bytes)
        #expect(all.map(\.type).contains("response.refusal.delta") && all.map(\.type).contains("response.refusal.done"))
        let output = all.last?.data["response"]?.objectValue?["output"]?.arrayValue ?? []
        #expect(output.map { $0.objectValue?["type"]?.stringValue } == ["message", "function_call", "message"])
        #expect(output[0].objectValue?["content"]?.arrayValue?.first == ["type": "refusal", "refusal": "I can't."])
        let ids = output.compactMap { $0.objectValue?["id"]?.stringValue }
        #expect(Set(ids).count == 3, "\(ids)")
    }

    /// A Responses API event as OpenAI sends it: named, with its `type` in the data.
    static func event(_ type: String, _ data: String) -> ReceivedEvent {
        ReceivedEvent(name: type, data: #"{"type":"\#(type)",\#(data)}"#)
    }

    @Test("a forwarded Responses stream is read by its event names: content, usage, its end and its failures")
    func forwardedEvents() throws {
        var reader = ForwardedEventReader(format: .responses, provider: "openai")
        let created = reader.read(Self.event("response.created", #""response":{"id":"resp_1","status":"in_progress"}"#))
        #expect(!created.hasContent && created.end == nil)
        let message = reader.read(
            Self.event("response.output_item.added", #""item":{"type":"message","id":"msg_1","content":[]}"#))
        #expect(!message.hasContent, "a message item opens empty: not yet the commit point")
        #expect(reader.read(Self.event("response.output_text.delta", #""delta":"Hi""#)).hasContent)
        let completed = reader.read(
            Self.event(
                "response.completed",
                #""response":{"status":"completed","usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":8},"output_tokens":5,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":17}}"#
            ))
        #expect(completed.end == .complete && completed.hasContent)
        #expect(completed.usage == Usage(promptTokens: 12, completionTokens: 5, cachedTokens: 8, reasoningTokens: 2))

        var tool = ForwardedEventReader(format: .responses)
        #expect(
            tool.read(Self.event("response.output_item.added", #""item":{"type":"function_call","name":"f"}"#))
                .hasContent, "a function call is part of the answer from its first event")
        // Unnamed events are told apart by their `type`.
        var unnamed = ForwardedEventReader(format: .responses)
        #expect(
            unnamed.read(ReceivedEvent(name: "message", data: #"{"type":"response.output_text.delta","delta":"x"}"#))
                .hasContent)

        var failing = ForwardedEventReader(format: .responses, provider: "openai")
        let error = failing.read(
            Self.event("error", #""code":"rate_limit_exceeded","message":"Slow down.","param":null"#))
        #expect(error.end == .failed && error.error?.kind == .providerRateLimited)
        var nested = ForwardedEventReader(format: .responses, provider: "openai")
        let live = nested.read(
            Self.event(
                "error", #""error":{"type":"tokens","code":"rate_limit_exceeded","message":"Slow down.","param":null}"#)
        )
        #expect(live.end == .failed && live.error?.kind == .providerRateLimited, "the shape OpenAI sends: nested")
        var thinking = ForwardedEventReader(format: .responses)
        #expect(thinking.read(Self.event("response.reasoning_summary_text.delta", #""delta":"First,""#)).hasContent)
        var failed = ForwardedEventReader(format: .responses, provider: "openai")
        let response = failed.read(
            Self.event(
                "response.failed", #""response":{"status":"failed","error":{"code":"server_error","message":"Oops."}}"#)
        )
        #expect(response.end == .failed && response.error?.kind == .providerError)
        var usedSome = ForwardedEventReader(format: .responses)
        let withUsage = usedSome.read(
            Self.event(
                "response.failed",
                #""response":{"status":"failed","error":{"code":"server_error","message":"Oops."},"usage":{"input_tokens":5,"output_tokens":1}}"#
            ))
        #expect(withUsage.usage == Usage(promptTokens: 5, completionTokens: 1), "what a failed response used is billed")

        let whole =
            #"{"id":"resp_1","object":"response","output":[],"usage":{"input_tokens":3,"output_tokens":4,"total_tokens":7}}"#
        #expect(
            ForwardedEventReader.usage(inWhole: Array(whole.utf8), format: .responses)
                == Usage(promptTokens: 3, completionTokens: 4))
    }
}
