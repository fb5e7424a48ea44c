// The latency average and the conditions of a conditional strategy: small enough to check directly.

import SiraRouting
import Testing

@Suite("A latency average that forgets")
struct EWMATests {
    @Test("no samples, no average; the first sample is the average")
    func first() {
        var average = EWMA(alpha: 0.2)
        #expect(average.value == nil)
        average.add(40)
        #expect(average.value == 40)
    }

    @Test("each sample moves the average alpha of the way towards it")
    func moves() {
        var average = EWMA(alpha: 0.25)
        average.add(100)
        average.add(200)
        #expect(average.value == 125)
        average.add(25)
        #expect(average.value == 100)
    }

    @Test("a target that slows down is noticed within a few samples; old data fades")
    func converges() {
        var average = EWMA(alpha: 0.3)
        for _ in 0..<50 { average.add(0.010) }
        for _ in 0..<10 { average.add(0.500) }
        #expect((average.value ?? 0) > 0.45, "\(average.value ?? 0)")
    }
}

@Suite("Conditions on a request")
struct ConditionTests {
    @Test("stream, tools and vision compare with the request")
    func flags() {
        let facts = RequestFacts(needsTools: true, stream: true)
        #expect(Condition.stream(true).holds(for: facts))
        #expect(!Condition.stream(false).holds(for: facts))
        #expect(Condition.tools(true).holds(for: facts))
        #expect(Condition.vision(false).holds(for: facts))
    }

    @Test("metadata needs the key with exactly that value; caller and prompt size")
    func metadata() {
        let facts = RequestFacts(estimatedPromptTokens: 500, metadata: ["tier": "gold"], caller: "key_1")
        #expect(Condition.metadata(key: "tier", value: "gold").holds(for: facts))
        #expect(!Condition.metadata(key: "tier", value: "silver").holds(for: facts))
        #expect(!Condition.metadata(key: "team", value: "gold").holds(for: facts))
        #expect(Condition.caller("key_1").holds(for: facts))
        #expect(Condition.minPromptTokens(500).holds(for: facts))
        #expect(!Condition.minPromptTokens(501).holds(for: facts))
    }

    @Test("all: every condition must hold; an empty list holds")
    func all() {
        let facts = RequestFacts(stream: true)
        #expect(Condition.all([]).holds(for: facts))
        #expect(Condition.all([.stream(true), .tools(false)]).holds(for: facts))
        #expect(!Condition.all([.stream(true), .tools(true)]).holds(for: facts))
    }
}
