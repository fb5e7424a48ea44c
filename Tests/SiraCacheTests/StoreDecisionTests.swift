import Logging
import SiraCache
import SiraCore
import SiraTesting
import Testing

@Suite("What may be stored, and how it is replayed")
struct StoreDecisionTests {
    static func response(_ reasons: [FinishReason?]) -> ChatResponse {
        ChatResponse(
            id: "c", created: 1, model: "m",
            choices: reasons.enumerated().map {
                ChatChoice(index: $0, message: .text(.assistant, "x"), finishReason: $1)
            })
    }

    @Test("a whole answer is stored only when every choice stopped or called tools")
    func wholeAnswers() {
        #expect(StoreDecision.isStorable(Self.response([.stop])))
        #expect(StoreDecision.isStorable(Self.response([.toolCalls, .stop])))
        #expect(!StoreDecision.isStorable(Self.response([.length])))
        #expect(!StoreDecision.isStorable(Self.response([.contentFilter])))
        #expect(!StoreDecision.isStorable(Self.response([.stop, nil])))
        #expect(!StoreDecision.isStorable(Self.response([])), "no choices, nothing to replay")
    }

    @Test("a forwarded body or stream is judged in its own format, terminal event included")
    func clientFormats() {
        let openAI = Array(OpenAIFixtures.response.utf8)
        #expect(StoreDecision.isStorable(body: openAI, format: .openAI))
        #expect(!StoreDecision.isStorable(body: Array("not json".utf8), format: .openAI))
        #expect(StoreDecision.isStorable(body: Array(AnthropicFixtures.response.utf8), format: .anthropic))
        let maxed = AnthropicFixtures.response.replacingOccurrences(
            of: #""stop_reason":"tool_use""#, with: #""stop_reason":"max_tokens""#)
        #expect(maxed != AnthropicFixtures.response)
        #expect(!StoreDecision.isStorable(body: Array(maxed.utf8), format: .anthropic))

        let events = OpenAIFixtures.textStream.map { Array("data: \($0)\n\n".utf8) }
        let done = Array("data: [DONE]\n\n".utf8)
        #expect(StoreDecision.isStorable(events: events + [done], format: .openAI))
        #expect(!StoreDecision.isStorable(events: events, format: .openAI), "no [DONE]: cut")
        // Split anywhere, the bytes are the same stream.
        let joined = (events + [done]).flatMap { $0 }
        #expect(StoreDecision.isStorable(events: [Array(joined[..<37]), Array(joined[37...])], format: .openAI))

        let anthropic = AnthropicFixtures.textStream.map { Array($0.utf8) }
        #expect(StoreDecision.isStorable(events: anthropic, format: .anthropic))
        #expect(!StoreDecision.isStorable(events: Array(anthropic.dropLast()), format: .anthropic))

        let response = OpenAIFixtures.responsesAnswer
        #expect(StoreDecision.isStorable(body: Array(response.utf8), format: .responses))
        let incomplete = response.replacingOccurrences(
            of: #""status":"completed","error""#, with: #""status":"incomplete","error""#)
        #expect(incomplete != response && !StoreDecision.isStorable(body: Array(incomplete.utf8), format: .responses))
        let responses = OpenAIFixtures.responsesStream.map { Array($0.utf8) }
        #expect(StoreDecision.isStorable(events: responses, format: .responses))
        #expect(!StoreDecision.isStorable(events: Array(responses.dropLast()), format: .responses), "cut")
    }

    @Test("a replayed answer is the stored one: whole, chunks, body, and pieces in order")
    func replay() async throws {
        guard case .whole(let whole) = CachedAnswer.whole(Self.response([.stop])).reply else {
            Issue.record("not whole")
            return
        }
        #expect(whole == Self.response([.stop]))
        let chunks = [ChatChunk.testing(0, "a"), ChatChunk.testing(0, nil, .stop)]
        guard case .stream(let stream) = CachedAnswer.chunks(chunks).reply else {
            Issue.record("another form of reply")
            return
        }
        var replayed: [ChatChunk] = []
        for try await chunk in stream { replayed.append(chunk) }
        #expect(replayed == chunks)
        let pieces: [[UInt8]] = [Array("data: 1\n\n".utf8), Array("data: [DONE]\n\n".utf8)]
        guard case .forwarded(let headers, let events) = CachedAnswer.events(headers: ["a": "b"], pieces: pieces).reply
        else {
            Issue.record("another form of reply")
            return
        }
        var bytes: [[UInt8]] = []
        for try await piece in events { bytes.append(piece.bytes) }
        #expect(bytes == pieces && headers["a"] == "b")
        #expect(CachedAnswer.events(headers: [:], pieces: pieces).cost >= 23)
    }

    /// A policy that records at most 4 KiB of a stream, over a store that would take far more: only the
    /// recording's limit can keep a long stream out.
    static func recordingAtMost4KiB() -> (CachePolicy, MemoryCacheStore<CachedAnswer>) {
        let store = MemoryCacheStore<CachedAnswer>(
            limits: .init(maximumBytes: 1 << 20, maximumEntryBytes: 1 << 20, timeToLive: .seconds(60)),
            clock: ManualClock())
        let limits = MemoryCacheStore<CachedAnswer>.Limits(
            maximumBytes: 1 << 20, maximumEntryBytes: 4096, timeToLive: .seconds(60))
        return (CachePolicy(settings: .init(limits: limits), store: store, clock: ManualClock()), store)
    }

    @Test("a stream larger than the per-entry limit reaches the client whole and is not stored")
    func oversizedStream() async throws {
        let (cache, store) = Self.recordingAtMost4KiB()
        let body = Array(#"{"model":"m","stream":true,"messages":[]}"#.utf8)
        let call = ChatCall(
            scanned: try ChatRequestScan(body), body: body, upstreamModel: "m", clientFormat: .openAI,
            decode: { try SiraJSON.decode(ChatRequest.self, from: $0) })
        @Sendable func stream(_ pieces: Int) -> [[UInt8]] {
            let head =
                #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":"#
            return (0..<pieces).map { Array("data: \(head){\"content\":\"\($0)\"}}]}\n\n".utf8) }
                + [Array("data: \(head){},\"finish_reason\":\"stop\"}]}\n\n".utf8)]
                + [Array("data: [DONE]\n\n".utf8)]
        }
        let big = stream(100)
        let context = RequestContext(requestID: "r", clock: ManualClock(), logger: Logger(label: "t"))
        let reply = try await cache.handle(call, context: context) { _, _ in
            .forwarded(headers: [:], events: ForwardedStream(PiecesSequence(pieces: big)))
        }
        guard case .forwarded(_, let events) = reply else {
            Issue.record("another form of reply")
            return
        }
        var count = 0
        for try await _ in events { count += 1 }
        #expect(count == big.count)
        #expect(store.usage.entries == 0)

        let small = try await cache.handle(call, context: context) { _, _ in
            .forwarded(headers: [:], events: ForwardedStream(PiecesSequence(pieces: stream(3))))
        }
        guard case .forwarded(_, let smallEvents) = small else {
            Issue.record("another form of reply")
            return
        }
        for try await _ in smallEvents {}
        #expect(store.usage.entries == 1, "the same stream, shorter, is stored")
    }
}

extension StoreDecisionTests {
    @Test("a chunk stream whose text outgrows the per-entry limit is passed on whole and not stored")
    func oversizedChunks() async throws {
        let (cache, store) = Self.recordingAtMost4KiB()
        let call = ChatCall(
            request: ChatRequest(model: "m", messages: []), upstreamModel: "m",
            originalBody: Array(#"{"model":"m","stream":true,"messages":[]}"#.utf8))
        let text = String(repeating: "x", count: 1000)
        let chunks = (0..<10).map { _ in ChatChunk.testing(0, text) } + [ChatChunk.testing(0, nil, .stop)]
        #expect(CachedAnswer.estimatedSize(of: chunks[0]) > 1000)
        let context = RequestContext(requestID: "r", clock: ManualClock(), logger: Logger(label: "t"))
        let reply = try await cache.handle(call, context: context) { _, _ in .stream(.chunks(chunks)) }
        guard case .stream(let stream) = reply else {
            Issue.record("another form of reply")
            return
        }
        var count = 0
        for try await _ in stream { count += 1 }
        #expect(count == chunks.count)
        #expect(store.usage.entries == 0)

        let small = [ChatChunk.testing(0, "short"), ChatChunk.testing(0, nil, .stop)]
        let again = try await cache.handle(call, context: context) { _, _ in .stream(.chunks(small)) }
        guard case .stream(let smallStream) = again else {
            Issue.record("another form of reply")
            return
        }
        for try await _ in smallStream {}
        #expect(store.usage.entries == 1, "a stream within the limit is stored")
    }
}

/// Pieces as an async sequence (the replayed type is internal to SiraCache).
struct PiecesSequence: AsyncSequence, Sendable {
    let pieces: [[UInt8]]
    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<[UInt8]>
        mutating func next() async throws -> ForwardedPiece? {
            remaining.popFirst().map { ForwardedPiece(bytes: $0, hasContent: true) }
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: pieces[...]) }
}

/// A store that keeps nothing and always misses: a shared store that is down.
final class DownStore: CacheStore {
    let asked = Recorder<CacheKey>()
    func answer(for key: CacheKey) async -> CachedAnswer? {
        asked.record(key)
        return nil
    }
    func keep(_ answer: CachedAnswer, cost: Int, for key: CacheKey) async -> Bool { false }
    func removeAnswer(for key: CacheKey) async {}
}

@Suite("The policy over any store")
struct CacheStoreProtocolTests {
    @Test("another store behind the same three operations: a store that is down costs a miss, never a failure")
    func downStore() async throws {
        let store = DownStore()
        let cache = CachePolicy(
            settings: .init(limits: .init(maximumBytes: 1 << 20, timeToLive: .seconds(60))), store: store,
            clock: ManualClock())
        let call = ChatCall(
            request: ChatRequest(model: "m", messages: []), upstreamModel: "m",
            originalBody: Array(#"{"model":"m","messages":[]}"#.utf8))
        let calls = Recorder<Int>()
        for _ in 0..<2 {
            let context = RequestContext(requestID: "r", clock: ManualClock(), logger: Logger(label: "t"))
            let reply = try await cache.handle(call, context: context) { _, _ in
                calls.record(1)
                return .whole(StoreDecisionTests.response([.stop]))
            }
            guard case .whole = reply else { throw CancellationError() }
            #expect(context.report.responseHeaders["x-sira-cache"] == "miss")
        }
        #expect(calls.values.count == 2 && store.asked.values.count == 4, "each call looked before and after leading")
    }
}
