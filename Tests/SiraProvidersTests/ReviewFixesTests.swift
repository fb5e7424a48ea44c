import Foundation
import Logging
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("Edge cases found in review")
struct ReviewFixesTests {
    @Test("Gemini: thought signatures and Gemini's own call ids round-trip through the OpenAI tool-call id")
    func thoughtSignatures() throws {
        let answer =
            #"{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"f","args":{},"id":"fc_9"},"thoughtSignature":"SIG=="}]},"finishReason":"STOP"}],"responseId":"r"}"#
        let response = try GeminiResponseTranslator.response(JSONTesting.parse(answer), model: "g", created: 1)
        let call = try #require(response.choices.first?.message.toolCalls?.first)
        #expect(call.id == "fc_9__thought__SIG==")
        var assistant = ChatMessage(role: .assistant, content: nil, toolCalls: [call])
        assistant.content = nil
        var result = ChatMessage.text(.tool, "ok")
        result.toolCallID = call.id
        let body = try GeminiRequestTranslator.translate(
            ChatRequest(model: "g", messages: [.text(.user, "hi"), assistant, result]))
        let contents = body.objectValue?["contents"]?.arrayValue ?? []
        #expect(
            contents[1].objectValue?["parts"]
                == [["functionCall": ["name": "f", "args": [:], "id": "fc_9"], "thoughtSignature": "SIG=="]])
        #expect(
            contents[2].objectValue?["parts"]
                == [["functionResponse": ["name": "f", "response": ["output": "ok"], "id": "fc_9"]]])
        let synthesized = try GeminiRequestTranslator.translate(
            ChatRequest(
                model: "g",
                messages: [
                    ChatMessage(
                        role: .assistant, content: nil,
                        toolCalls: [ToolCall(id: "call_r_0", name: "f", arguments: "{}")])
                ]))
        #expect(
            synthesized.objectValue?["contents"]?.arrayValue?.first?.objectValue?["parts"]
                == [["functionCall": ["name": "f", "args": [:]]]], "ids Sira made up are not sent to Gemini")
    }

    @Test("Gemini: URLs it cannot fetch are refused by name; an answer without candidates is an error")
    func geminiEdges() throws {
        var request = ChatRequest(
            model: "g",
            messages: [ChatMessage(role: .user, content: .parts([.image(ImagePart(url: "https://x/cat.png"))]))])
        let error = #expect(throws: GatewayError.self) { try GeminiRequestTranslator.translate(request) }
        #expect(error?.param == "messages[0].content[0]")
        request.messages = [.text(.user, "hi")]
        #expect(throws: GatewayError.self) {
            try GeminiResponseTranslator.response(JSONTesting.parse(#"{"candidates":[]}"#), model: "g", created: 1)
        }
    }

    @Test("Gemini: with two candidates, the stream is complete only when both have finished")
    func twoCandidates() throws {
        var translator = GeminiStreamTranslator(model: "g", created: 1)
        _ = try translator.translate(
            ReceivedEvent(
                name: "message",
                data:
                    #"{"candidates":[{"index":0,"content":{"parts":[{"text":"a"}]}},{"index":1,"content":{"parts":[{"text":"b"}]}}]}"#
            ))
        _ = try translator.translate(
            ReceivedEvent(
                name: "message", data: #"{"candidates":[{"index":0,"content":{"parts":[]},"finishReason":"STOP"}]}"#))
        #expect(throws: GatewayError.self, "candidate 1 never finished") { try translator.endOfBody() }
    }

    @Test("Anthropic requests with tool-result images or text documents are not refused when they pass through")
    func anthropicShapes() throws {
        let inbound = try AnthropicRequestDecoder.decode(
            Array(
                #"""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"see"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA=="}}]},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain"}}]}]}
                """#.utf8))
        #expect(inbound.untranslatable == ["messages[0].content[0].content[1]", "messages[0].content[1].source"])
    }

    @Test("Anthropic clients get OpenAI's refusal as text with stop reason refusal")
    func refusal() {
        var message = ChatMessage(role: .assistant, content: nil)
        message.refusal = "I can't help with that."
        let encoded = AnthropicMessageEncoder.message(
            ChatResponse(
                id: "c", created: 1, model: "m", choices: [ChatChoice(index: 0, message: message, finishReason: .stop)])
        )
        #expect(encoded.objectValue?["stop_reason"] == "refusal")
        #expect(encoded.objectValue?["content"] == [["type": "text", "text": "I can't help with that."]])
    }

    @Test("an OpenAI or Azure provider sends Anthropic clients' max_tokens as max_completion_tokens")
    func maxCompletionTokens() async throws {
        let upstream = FakeUpstream(.answer(OpenAIProviderTests.answer))
        try await upstream.run { baseURL in
            var provider = OpenAIProvider(name: "openai", baseURL: baseURL, apiKey: nil)
            provider.sendsMaxCompletionTokens = true
            var request = ChatRequest(model: "m", messages: [.text(.user, "hi")])
            request.maxTokens = 50
            let context = RequestContext(requestID: "r", clock: ManualClock(), logger: Logger(label: "t"))
            _ = try await provider.chat(
                ChatCall(request: request, upstreamModel: "o3", clientFormat: .anthropic), context: context)
        }
        let sent = try JSONTesting.parse(String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self))
        #expect(sent.objectValue?["max_completion_tokens"] == 50)
        #expect(sent.objectValue?["max_tokens"] == nil)
    }

    @Test("an upstream's own mid-stream error event is forwarded once, with no second one added")
    func upstreamErrorEventOnce() async throws {
        let upstream = FakeUpstream(
            .stream(
                [
                    #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"}}]}"#,
                    #"{"error":{"message":"boom","type":"server_error"}}"#,
                ], done: false))
        try await upstream.run { baseURL in
            let provider = OpenAIProvider(name: "o", baseURL: baseURL, apiKey: nil)
            try await TestGateway.with(catalog: ModelCatalog([.init(name: "m", provider: provider)])) { _, port in
                let response = try await RawHTTPConnection.exchange(
                    port: port,
                    OpenAIProviderTests.post(
                        #"{"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#))
                #expect(response.text.components(separatedBy: #"{"error""#).count == 2, "exactly one error event")
            }
        }
    }
}
