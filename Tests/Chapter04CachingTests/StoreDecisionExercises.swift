// Exercise 4.3: which streams may be stored.

import SiraCache
import SiraCore
import SiraTesting
import Testing

@Suite("4.3 The store-or-not decision for a stream")
struct StoreDecisionExercises {
    @Test("4.3 a stream whose choice stopped, or called tools, may be stored")
    func finished() {
        #expect(
            StoreDecision.isStorable([
                ChatChunk.testing(0, "a"), ChatChunk.testing(0, "b"), ChatChunk.testing(0, nil, .stop),
            ]))
        #expect(StoreDecision.isStorable([ChatChunk.testing(0, nil), ChatChunk.testing(0, nil, .toolCalls)]))
        #expect(
            StoreDecision.isStorable([ChatChunk.testing(0, "done", .stop)]), "one chunk can carry text and its finish")
    }

    @Test("4.3 a cut stream, a `length` or `content_filter` stop, or no choice at all is not stored")
    func unfinished() {
        #expect(
            StoreDecision.isStorable([ChatChunk.testing(0, "a"), ChatChunk.testing(0, nil, .stop)]),
            "the finished one is")
        #expect(!StoreDecision.isStorable([ChatChunk.testing(0, "a")]), "cut before its finish")
        #expect(!StoreDecision.isStorable([ChatChunk.testing(0, "a", .length)]))
        #expect(!StoreDecision.isStorable([ChatChunk.testing(0, "a", .contentFilter)]))
        #expect(!StoreDecision.isStorable([]))
        let usageOnly = ChatChunk(
            id: "c", created: 1, model: "m", choices: [], usage: Usage(promptTokens: 1, completionTokens: 1))
        #expect(!StoreDecision.isStorable([usageOnly]))
    }

    @Test("4.3 every choice must finish: n = 2 with one choice cut is not stored")
    func everyChoice() {
        let both = [
            ChatChunk.testing(0, "a"), ChatChunk.testing(1, "b"), ChatChunk.testing(1, nil, .stop),
            ChatChunk.testing(0, nil, .stop),
        ]
        #expect(StoreDecision.isStorable(both))
        #expect(!StoreDecision.isStorable(Array(both.dropLast())))
        let finishedThenMore = [ChatChunk.testing(0, "a", .stop), ChatChunk.testing(0, nil)]
        #expect(StoreDecision.isStorable(finishedThenMore), "a later chunk without a reason does not undo the finish")
    }
}
