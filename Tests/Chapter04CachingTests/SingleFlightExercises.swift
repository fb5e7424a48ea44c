// Exercise 4.4: a hit is replayed; concurrent identical misses make one upstream call.

import Logging
import SiraCache
import SiraCore
import SiraTesting
import Synchronization
import Testing

@Suite("4.4 Hits and the single flight, in the cache policy")
struct SingleFlightExercises {
    static let body = Array(#"{"model":"m","messages":[{"role":"user","content":"Hi"}]}"#.utf8)

    static func policy() -> CachePolicy {
        CachePolicy(
            settings: .init(limits: .init(maximumBytes: 1 << 20, timeToLive: .seconds(60)), flightWait: .seconds(30)))
    }

    static func call() -> ChatCall {
        ChatCall(
            request: ChatRequest(model: "m", messages: [.text(.user, "Hi")]), upstreamModel: "up", originalBody: body)
    }

    static func context() -> RequestContext {
        RequestContext(requestID: "r", clock: SystemClock(), logger: Logger(label: "t"))
    }

    static func answer(_ reason: FinishReason = .stop) -> ProviderReply {
        .whole(
            ChatResponse(
                id: "c", created: 1, model: "up",
                choices: [ChatChoice(index: 0, message: .text(.assistant, "Hello"), finishReason: reason)],
                usage: Usage(promptTokens: 3, completionTokens: 1)))
    }

    /// The upstream: counts its calls and answers after `delay`.
    static func upstream(_ calls: Recorder<Int>, delay: Duration = .zero, reason: FinishReason = .stop)
        -> Next<ChatCall, ProviderReply>
    {
        { _, _ in
            calls.record(1)
            if delay > .zero { try await Task.sleep(for: delay) }
            return answer(reason)
        }
    }

    @Test("4.4 the second identical call is a hit: no upstream call, the stored answer, and nothing billed")
    func hit() async throws {
        let policy = Self.policy()
        let calls = Recorder<Int>()
        let first = Self.context()
        _ = try await policy.handle(Self.call(), context: first, next: Self.upstream(calls))
        let second = Self.context()
        let reply = try await policy.handle(Self.call(), context: second, next: Self.upstream(calls))
        #expect(calls.values.count == 1)
        guard case .whole(let response) = reply else {
            Issue.record("expected the stored whole answer")
            return
        }
        #expect(response.choices.first?.message.content == .text("Hello"))
        #expect(first.report.responseHeaders["x-sira-cache"] == "miss")
        #expect(second.report.responseHeaders["x-sira-cache"] == "hit")
        #expect(second.report.isFromCache && second.report.usage?.totalTokens == 0)
    }

    @Test("4.4 ten concurrent identical misses make one upstream call; the nine others are hits")
    func concurrentMisses() async throws {
        let policy = Self.policy()
        let calls = Recorder<Int>()
        let contexts = (0..<10).map { _ in Self.context() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for context in contexts {
                group.addTask {
                    _ = try await policy.handle(
                        Self.call(), context: context, next: Self.upstream(calls, delay: .milliseconds(200)))
                }
            }
            try await group.waitForAll()
        }
        #expect(calls.values.count == 1)
        let fields = contexts.map { $0.report.responseHeaders["x-sira-cache"] }
        #expect(fields.filter { $0 == "miss" }.count == 1 && fields.filter { $0 == "hit" }.count == 9)
    }

    @Test("4.4 when the leader's answer may not be stored, one waiter leads the next try: calls one at a time")
    func unstoredAnswer() async throws {
        let policy = Self.policy()
        let calls = Recorder<Int>()
        let active = Mutex((now: 0, most: 0))
        let upstream: Next<ChatCall, ProviderReply> = { _, _ in
            calls.record(1)
            active.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            try await Task.sleep(for: .milliseconds(50))
            active.withLock { $0.now -= 1 }
            return Self.answer(.length)  // never stored
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { _ = try await policy.handle(Self.call(), context: Self.context(), next: upstream) }
            }
            try await group.waitForAll()
        }
        #expect(calls.values.count == 3, "nothing was stored, so each caller asked the upstream")
        #expect(active.withLock { $0.most } == 1, "one at a time: each waited for the flight before it")
        #expect(policy.flights.lead(try #require(policy.key(for: Self.call(), context: Self.context()))) != nil)
    }

    @Test("4.4 a waiter whose task is cancelled stops waiting and throws; the leader goes on")
    func cancelledWaiter() async throws {
        let policy = Self.policy()
        let calls = Recorder<Int>()
        let leader = Task {
            try await policy.handle(
                Self.call(), context: Self.context(), next: Self.upstream(calls, delay: .milliseconds(500)))
        }
        for _ in 0..<200 where calls.values.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        let waiter = Task { try await policy.handle(Self.call(), context: Self.context(), next: Self.upstream(calls)) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        _ = try await leader.value
        #expect(calls.values.count == 1)
    }
}
