// Exercise 2.3: Anthropic's stream events as OpenAI chunks.

import SiraCore
import SiraProviders
import Testing

@Suite("2.3 Anthropic stream events as OpenAI chunks")
struct AnthropicStreamExercises {
    /// Events shaped like Anthropic's Messages API reference.
    static let events: [(String, String)] = [
        (
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-6","usage":{"input_tokens":10,"output_tokens":1}}}"#
        ),
        ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking"}}"#
        ),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" now."}}"#
        ),
        ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        (
            "content_block_start",
            #"{"type":"content_block_start","index":1,"content_block":{"type":"thinking","thinking":""}}"#
        ),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":1,"delta":{"type":"thinking_delta","thinking":"hmm"}}"#
        ),
        ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
        (
            "content_block_start",
            #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}}"#
        ),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"#
        ),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}"#
        ),
        (
            "content_block_start",
            #"{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_b","name":"get_time","input":{}}}"#
        ),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}"#
        ),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{}"}}"#
        ),
        ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":30}}"#),
        ("message_stop", #"{"type":"message_stop"}"#),
    ]

    func translate() -> [ChatChunk] {
        var translator = AnthropicStreamTranslator(created: 1)
        var chunks: [ChatChunk] = []
        for (name, data) in Self.events {
            switch translator.receive(ReceivedEvent(name: name, data: data)) {
            case .chunks(let more), .finished(let more): chunks += more
            case .failed(let error): Issue.record("unexpected failure: \(error)")
            }
        }
        return chunks
    }

    @Test("2.3 text deltas become content deltas")
    func text() {
        let content = translate().compactMap { $0.choices.first?.delta.content }.joined()
        #expect(content == "Checking now.")
    }

    @Test("2.3 a tool_use block starts a tool call with its id, name and type; indexes count tool calls only")
    func toolStart() {
        let starts = translate().flatMap { $0.choices.first?.delta.toolCalls ?? [] }.filter { $0.id != nil }
        #expect(starts.map(\.index) == [0, 1], "block indexes 2 and 3 are tool calls 0 and 1")
        #expect(starts.map(\.id) == ["toolu_a", "toolu_b"])
        #expect(starts.map(\.name) == ["get_weather", "get_time"])
        #expect(starts.allSatisfy { $0.type == "function" })
    }

    @Test("2.3 argument fragments go to the call of their block, even when blocks interleave")
    func arguments() {
        var accumulator = StreamAccumulator()
        for chunk in translate() { accumulator.apply(chunk) }
        let calls = accumulator.response.choices.first?.message.toolCalls ?? []
        #expect(calls.map(\.arguments) == [#"{"city":"Paris"}"#, "{}"])
        #expect(accumulator.response.choices.first?.finishReason == .toolCalls)
    }

    @Test("2.3 thinking blocks produce no chunks")
    func thinking() {
        let chunks = translate()
        #expect(!chunks.contains { $0.choices.first?.delta.content?.contains("hmm") == true })
        let text = chunks.compactMap { $0.choices.first?.delta.content }.joined()
        #expect(text.contains("Checking"), "the text around the thinking block still comes through: \(text)")
    }
}
