// The wire quirks of reasoning models on OpenAI-compatible servers (issue 15, part 3): reasoning text before
// the answer, thinking switches in the request, and cached input reported outside OpenAI's usage details.

import SiraCore
import SiraRouting
import SiraTesting
import Testing

@testable import SiraProviders

@Suite("Reasoning models' wire quirks: reasoning text, thinking switches, cached-token usage")
struct ReasoningProviderQuirksTests {
    static func event(_ data: String) -> ReceivedEvent { ReceivedEvent(name: "message", data: data) }

    static func chunk(_ json: String) throws -> ChatChunk {
        try SiraJSON.decode(ChatChunk.self, from: Array(json.utf8))
    }

    @Test("the commit point: reasoning text commits a stream; a role chunk with an empty reasoning member does not")
    func commitRule() throws {
        let stream = OpenAIFixtures.reasoningStream
        // Forwarded (same format): read by the forwarder's reader.
        var reader = ForwardedEventReader(format: .openAI)
        #expect(!reader.read(Self.event(stream[0])).hasContent, "role, content null, reasoning_content null")
        #expect(reader.read(Self.event(stream[1])).hasContent, "the first reasoning delta is the commit point")
        var vLLM = ForwardedEventReader(format: .openAI)
        #expect(vLLM.read(Self.event(#"{"choices":[{"index":0,"delta":{"reasoning":"Hmm"}}]}"#)).hasContent)
        var empty = ForwardedEventReader(format: .openAI)
        #expect(!empty.read(Self.event(#"{"choices":[{"index":0,"delta":{"reasoning_content":""}}]}"#)).hasContent)
        // The first non-empty name is read; OpenRouter's reasoning_details commit on both paths alike.
        let both = #"{"choices":[{"index":0,"delta":{"reasoning_content":"","reasoning":"x"}}]}"#
        var second = ForwardedEventReader(format: .openAI)
        #expect(second.read(Self.event(both)).hasContent)
        #expect(
            try Self.chunk(
                #"{"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"","reasoning":"x"}}]}"#
            ).choices[0].delta.reasoning == "x")
        let details =
            #"{"choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.encrypted","data":"…"}]}}]}"#
        var encrypted = ForwardedEventReader(format: .openAI)
        #expect(encrypted.read(Self.event(details)).hasContent)

        // Translated (neutral chunks): the same rule.
        #expect(try !Self.chunk(stream[0]).hasContent)
        #expect(try Self.chunk(stream[1]).hasContent)
        #expect(try Self.chunk(stream[1]).choices[0].delta.reasoning == "Compare 9.11")
    }

    @Test("cached input: DeepSeek's prompt_cache_hit_tokens and a top-level cached_tokens map into the neutral usage")
    func cachedTokens() throws {
        func usage(_ json: String) throws -> Usage { try SiraJSON.decode(Usage.self, from: Array(json.utf8)) }
        let deepSeek = try usage(
            #"{"prompt_tokens":15,"completion_tokens":120,"total_tokens":135,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":7}"#
        )
        #expect(deepSeek.cachedTokens == 8 && deepSeek.promptTokens == 15)
        #expect(deepSeek.extra["prompt_cache_miss_tokens"] == 7, "the provider's own members are kept")
        let stepFun = try usage(#"{"prompt_tokens":20,"completion_tokens":3,"total_tokens":23,"cached_tokens":16}"#)
        #expect(stepFun.cachedTokens == 16)
        let openAI = try usage(
            #"{"prompt_tokens":20,"completion_tokens":3,"prompt_tokens_details":{"cached_tokens":4},"cached_tokens":16}"#
        )
        #expect(openAI.cachedTokens == 4, "OpenAI's own place wins")
        // The pass-through path reads the same usage from the forwarded bytes.
        let forwarded = ForwardedEventReader.usage(
            inWhole: Array(OpenAIFixtures.reasoningResponse.utf8), format: .openAI)
        #expect(forwarded?.cachedTokens == 8)
    }

    @Test("an Anthropic client sees reasoning as a thinking block before the text, streamed and whole")
    func thinkingBlocks() throws {
        var encoder = AnthropicEventEncoder(model: "deepseek")
        var events: [AnthropicEvent] = []
        for json in OpenAIFixtures.reasoningStream { events += try encoder.receive(Self.chunk(json)) }
        events += encoder.finish()
        let starts = events.filter { $0.name == "content_block_start" }.map {
            $0.data.objectValue?["content_block"]?.objectValue?["type"]?.stringValue
        }
        #expect(starts == ["thinking", "text"])
        let thinking = events.compactMap { event -> String? in
            guard let delta = event.data.objectValue?["delta"]?.objectValue, delta["type"] == "thinking_delta" else {
                return nil
            }
            return delta["thinking"]?.stringValue
        }
        #expect(thinking.joined() == "Compare 9.11 and 9.8.")
        #expect(events.filter { $0.name == "content_block_stop" }.count == 2)

        let response = try SiraJSON.decode(ChatResponse.self, from: Array(OpenAIFixtures.reasoningResponse.utf8))
        let content = AnthropicMessageEncoder.message(response).objectValue?["content"]?.arrayValue ?? []
        #expect(content.first == ["type": "thinking", "thinking": "Compare 9.11 and 9.8.", "signature": ""])
        #expect(content.last == ["type": "text", "text": "9.8 is larger."])
    }

    @Test(
        "thinking switches: asking for thinking is refused by name for Anthropic and Gemini; turning it off is dropped")
    func thinkingSwitches() throws {
        func request(_ extra: String) throws -> ChatRequest {
            try SiraJSON.decode(
                ChatRequest.self,
                from: Array(#"{"model":"m","messages":[{"role":"user","content":"Hi"}],\#(extra)}"#.utf8))
        }
        for (extra, member) in [
            (#""enable_thinking":true"#, "enable_thinking"), (#""thinking":{"type":"enabled"}"#, "thinking"),
            (#""thinking_budget":1024"#, "thinking_budget"),
        ] {
            let asking = try request(extra)
            let anthropic = #expect(throws: GatewayError.self) {
                try AnthropicRequestTranslator.translate(asking, model: "claude")
            }
            #expect(anthropic?.param == member && anthropic?.kind == .unsupportedParameter)
            let gemini = #expect(throws: GatewayError.self) { try GeminiRequestTranslator.translate(asking) }
            #expect(gemini?.param == member)
        }
        for (extra, member) in [
            (#""enable_thinking":false"#, "enable_thinking"), (#""thinking":{"type":"disabled"}"#, "thinking"),
            (#""thinking":false"#, "thinking"), (#""thinking_budget":0"#, "thinking_budget"),
            (#""enable_thinking":false,"thinking_budget":512"#, "thinking_budget"),
        ] {
            let off = try request(extra)
            _ = try AnthropicRequestTranslator.translate(off, model: "claude")
            _ = try GeminiRequestTranslator.translate(off)
            let provider = AnthropicProvider(name: "claude", baseURL: "http://127.0.0.1:1", apiKey: nil)
            #expect(provider.droppedMembers(of: off).contains(member), "named in x-sira-dropped: \(extra)")
        }
    }

    @Test("an unsigned thinking block (another provider's reasoning) is left out before a Claude model sees it")
    func unsignedThinkingToClaude() throws {
        let body =
            #"{"model":"claude","max_tokens":9,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"thinking", "thinking": "Compare", "signature": ""},{"type":"thinking","thinking":"Mine","signature":"EqQB"},{"type":"text","text":"9.8"}]},{"role":"user","content":"Why?"}]}"#
        let sent = try JSONValue(parsing: AnthropicProvider.droppingUnsignedThinking(Array(body.utf8))).objectValue
        let assistant = sent?["messages"]?.arrayValue?[1].objectValue?["content"]?.arrayValue ?? []
        #expect(
            assistant.map { $0.objectValue?["type"]?.stringValue } == ["thinking", "text"],
            "Claude's own signed block stays")
        #expect(assistant.first?.objectValue?["signature"] == "EqQB")
        let plain = Array(#"{"model":"claude","messages":[{"role":"user","content":"Hi"}]}"#.utf8)
        #expect(AnthropicProvider.droppingUnsignedThinking(plain) == plain, "forwarded byte for byte")
        let signed = Array(
            #"{"model":"claude","messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"Mine","signature":"EqQB"}]}]}"#
                .utf8)
        #expect(
            AnthropicProvider.droppingUnsignedThinking(signed) == signed, "Claude's own thinking: no parse, no change")
    }

    @Test("providers' own finish reasons: a capacity or network cut is a truncation, GLM's sensitive a refusal")
    func finishReasons() {
        for (reason, stop) in [
            ("insufficient_system_resource", "max_tokens"), ("network_error", "max_tokens"), ("sensitive", "refusal"),
            ("length", "max_tokens"), ("stop", "end_turn"),
        ] {
            #expect(AnthropicMessageEncoder.stopReason(FinishReason(rawValue: reason)) == stop, "\(reason)")
        }
        let cut = ChatResponse(
            id: "x", created: 1, model: "deepseek-v4-pro",
            choices: [
                ChatChoice(
                    index: 0, message: ChatMessage(role: .assistant, content: .text("9.8")),
                    finishReason: .insufficientSystemResource)
            ])
        let response = ResponsesEncoder.response(cut, model: "deepseek").objectValue
        #expect(response?["status"] == "incomplete")
        #expect(response?["incomplete_details"] == ["reason": "max_output_tokens"])
    }
}
