// Exercise 0.2: a stream of deltas merges into the whole message.

import SiraCore
import SiraTesting
import Testing

@Suite("0.2 A stream of deltas merges into the whole answer")
struct StreamMergeExercises {
    func accumulate(_ payloads: [String]) throws -> ChatResponse {
        var accumulator = StreamAccumulator()
        for payload in payloads { accumulator.apply(try JSONTesting.decode(ChatChunk.self, payload)) }
        return accumulator.response
    }

    @Test("0.2 text deltas concatenate in order and the first role is kept")
    func textConcatenates() throws {
        let response = try accumulate(OpenAIFixtures.textStream)
        let message = response.choices.first?.message
        #expect(message?.content == .text("Hello there"), "got \(String(describing: message?.content))")
        #expect(message?.role == .assistant)
    }

    @Test("0.2 the finish reason and the final usage are kept")
    func finishAndUsage() throws {
        let response = try accumulate(OpenAIFixtures.textStream)
        #expect(response.choices.first?.finishReason == .stop)
        #expect(response.usage?.totalTokens == 21)
    }

    @Test("0.2 tool-call fragments merge by index: id and name once, arguments appended")
    func toolCallsMergeByIndex() throws {
        let response = try accumulate(OpenAIFixtures.toolCallStream)
        let calls = response.choices.first?.message.toolCalls ?? []
        #expect(calls.count == 2, "expected 2 calls, got \(calls.count)")
        #expect(calls.first?.id == "call_DdmO9pD3xa9XTPNJ32zg2hcA")
        #expect(calls.first?.name == "get_weather")
        #expect(calls.first?.arguments == #"{"city":"Paris"}"#, "got \(calls.first?.arguments ?? "nil")")
        #expect(calls.last?.name == "get_time")
        #expect(response.choices.first?.finishReason == .toolCalls)
    }

    @Test("0.2 choices of n > 1 are merged apart")
    func choicesStayApart() {
        var accumulator = StreamAccumulator()
        for (index, text) in [(0, "a"), (1, "x"), (0, "b"), (1, "y")] {
            accumulator.apply(
                ChatChunk(
                    id: "c",
                    created: 1,
                    model: "m",
                    choices: [ChunkChoice(index: index, delta: MessageDelta(content: text))]
                )
            )
        }
        let texts = accumulator.response.choices.map { $0.message.content?.joinedText }
        #expect(texts == ["ab", "xy"], "got \(texts)")
    }
}
