// Exercise 4.3: which streams may be stored.

import SiraCache
import SiraCore
import Testing

@Suite("4.3 The store-or-not decision for a stream")
struct StoreDecisionExercises {
    static func chunk(_ index: Int, _ text: String?, _ reason: FinishReason? = nil) -> ChatChunk {
        ChatChunk(
            id: "c", created: 1, model: "m",
            choices: [ChunkChoice(index: index, delta: MessageDelta(content: text), finishReason: reason)])
    }

    @Test("4.3 a stream whose choice stopped, or called tools, may be stored")
    func finished() {
        #expect(StoreDecision.isStorable([Self.chunk(0, "a"), Self.chunk(0, "b"), Self.chunk(0, nil, .stop)]))
        #expect(StoreDecision.isStorable([Self.chunk(0, nil), Self.chunk(0, nil, .toolCalls)]))
        #expect(StoreDecision.isStorable([Self.chunk(0, "done", .stop)]), "one chunk can carry text and its finish")
    }

    @Test("4.3 a cut stream, a `length` or `content_filter` stop, or no choice at all is not stored")
    func unfinished() {
        #expect(StoreDecision.isStorable([Self.chunk(0, "a"), Self.chunk(0, nil, .stop)]), "the finished one is")
        #expect(!StoreDecision.isStorable([Self.chunk(0, "a")]), "cut before its finish")
        #expect(!StoreDecision.isStorable([Self.chunk(0, "a", .length)]))
        #expect(!StoreDecision.isStorable([Self.chunk(0, "a", .contentFilter)]))
        #expect(!StoreDecision.isStorable([]))
        let usageOnly = ChatChunk(
            id: "c", created: 1, model: "m", choices: [], usage: Usage(promptTokens: 1, completionTokens: 1))
        #expect(!StoreDecision.isStorable([usageOnly]))
    }

    @Test("4.3 every choice must finish: n = 2 with one choice cut is not stored")
    func everyChoice() {
        let both = [Self.chunk(0, "a"), Self.chunk(1, "b"), Self.chunk(1, nil, .stop), Self.chunk(0, nil, .stop)]
        #expect(StoreDecision.isStorable(both))
        #expect(!StoreDecision.isStorable(Array(both.dropLast())))
        let finishedThenMore = [Self.chunk(0, "a", .stop), Self.chunk(0, nil)]
        #expect(StoreDecision.isStorable(finishedThenMore), "a later chunk without a reason does not undo the finish")
    }
}
