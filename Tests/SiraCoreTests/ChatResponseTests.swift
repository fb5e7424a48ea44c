import SiraCore
import SiraTesting
import Testing

@Suite("ChatResponse, ChatChunk and Usage")
struct ChatResponseTests {
    @Test("the reference response decodes with usage details")
    func response() throws {
        let response = try JSONTesting.decode(ChatResponse.self, OpenAIFixtures.response)
        #expect(response.id == "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")
        #expect(response.choices.first?.message.content == .text("Hello! How can I assist you today?"))
        #expect(response.choices.first?.finishReason == .stop)
        #expect(response.usage?.totalTokens == 29 && response.usage?.cachedTokens == 0)
        #expect(response.usage?.completionDetailsExtra["accepted_prediction_tokens"] == 0)
        #expect(response.systemFingerprint == "fp_44709d6fcb")
        #expect(response.extra["service_tier"] == "default")
    }

    @Test("the reference response round-trips")
    func responseRoundTrip() throws {
        let response = try JSONTesting.decode(ChatResponse.self, OpenAIFixtures.response)
        let encoded = try JSONTesting.encodeToJSON(response).droppingNullMembers
        let original = try JSONTesting.parse(OpenAIFixtures.response).droppingNullMembers
        #expect(encoded.differences(from: original).isEmpty, "\(encoded.differences(from: original))")
    }

    @Test("every chunk of the reference streams decodes and round-trips")
    func chunks() throws {
        for payload in OpenAIFixtures.textStream + OpenAIFixtures.toolCallStream {
            let chunk = try JSONTesting.decode(ChatChunk.self, payload)
            let encoded = try JSONTesting.encodeToJSON(chunk).droppingNullMembers
            let original = try JSONTesting.parse(payload).droppingNullMembers
            #expect(encoded.differences(from: original).isEmpty, "\(payload): \(encoded.differences(from: original))")
        }
    }

    @Test("the usage chunk has no choices and the totals")
    func usageChunk() throws {
        let chunk = try JSONTesting.decode(ChatChunk.self, OpenAIFixtures.textStream[4])
        #expect(chunk.choices.isEmpty)
        #expect(chunk.usage == Usage(promptTokens: 9, completionTokens: 12, cachedTokens: 0, reasoningTokens: 0))
    }

    @Test("a chunk choice writes finish_reason as null until the end")
    func finishReasonNull() throws {
        let chunk = ChatChunk(
            id: "c", created: 1, model: "m", choices: [ChunkChoice(delta: MessageDelta(content: "x"))])
        let choice = try JSONTesting.encodeToJSON(chunk).objectValue?["choices"]?.arrayValue?.first?.objectValue
        #expect(choice?["finish_reason"] == .null)
    }

    @Test("usage total defaults to the sum, and details are omitted when empty")
    func usageDefaults() throws {
        let usage = Usage(promptTokens: 3, completionTokens: 4)
        #expect(usage.totalTokens == 7)
        #expect(try JSONTesting.encodeToJSON(usage) == ["prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7])
    }

    @Test("an accumulated stream equals the whole response it stands for")
    func accumulatorMatchesWhole() throws {
        var accumulator = StreamAccumulator()
        for payload in OpenAIFixtures.textStream { accumulator.apply(try JSONTesting.decode(ChatChunk.self, payload)) }
        let response = accumulator.response
        #expect(response.id == "chatcmpl-123" && response.model == "gpt-4o-mini" && response.created == 1_694_268_190)
        #expect(response.choices.count == 1)
    }

    @Test("usage read from its members: counts, details, extras; null counts are absent; bad counts throw")
    func usageWithoutADecoder() throws {
        let full = try #require(
            try JSONTesting.parse(
                #"{"prompt_tokens":7,"completion_tokens":null,"prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},"#
                    + #""completion_tokens_details":{"reasoning_tokens":2,"x":1},"prompt_cache_hit_tokens":3,"z":null}"#
            ).objectValue)
        let usage = try Usage(openAI: full)
        #expect(usage.promptTokens == 7 && usage.completionTokens == 0 && usage.totalTokens == 7)
        #expect(usage.cachedTokens == 3 && usage.cacheWriteTokens == nil && usage.reasoningTokens == 2)
        #expect(usage.promptDetailsExtra == ["audio_tokens": 0] && usage.completionDetailsExtra == ["x": 1])
        #expect(usage.extra == ["prompt_cache_hit_tokens": 3, "z": nil])
        let plain = try Usage(openAI: ["prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 30])
        #expect(plain == Usage(promptTokens: 19, completionTokens: 10, totalTokens: 30))
        for bad: JSONObject in [
            ["completion_tokens": 1], ["prompt_tokens": "1"], ["prompt_tokens": 1.5],
            ["prompt_tokens": 1, "prompt_tokens_details": 3],
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try Usage(openAI: bad) }
        }
    }
}
