import Logging
import SiraCore
import SiraProviders
import SiraResilience
import SiraRouting
import SiraTesting
import Synchronization
import Testing

/// Answers after a real delay per call (the first call's delay, then the next's; the last repeats), or
/// streams two chunks with a pause between them.
final class SleepyProvider: Provider, Sendable {
    let name = "sleepy"
    private let delays: Mutex<[Duration]>
    private let pauseInStream: Duration?
    let calls = Mutex(0)

    init(_ delays: [Duration], pauseInStream: Duration? = nil) {
        self.delays = Mutex(delays)
        self.pauseInStream = pauseInStream
    }

    func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        calls.withLock { $0 += 1 }
        let delay = delays.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
        try await Task.sleep(for: delay)
        if let pause = pauseInStream {
            let first = ChatChunk(
                id: "s", created: 1, model: "m", choices: [ChunkChoice(delta: MessageDelta(content: "first"))])
            let second = ChatChunk(
                id: "s", created: 1, model: "m", choices: [ChunkChoice(delta: MessageDelta(content: "second"))])
            let stream = AsyncThrowingStream<ChatChunk, any Error> { continuation in
                let producer = Task {
                    continuation.yield(first)
                    try? await Task.sleep(for: pause)
                    continuation.yield(second)
                    continuation.finish()
                }
                continuation.onTermination = { _ in producer.cancel() }
            }
            return .stream(ChunkStream(stream))
        }
        return .whole(
            ChatResponse(
                id: "r", created: 1, model: "m",
                choices: [ChatChoice(index: 0, message: .text(.assistant, "ok"), finishReason: .stop)]))
    }
}

@Suite("Split timeouts: first token, idle, total")
struct TimeoutPolicyTests {
    static func context(deadline: ClockInstant? = nil) -> RequestContext {
        RequestContext(requestID: "r", clock: SystemClock(), logger: Logger(label: "t"), deadline: deadline)
    }

    @Test("no first token in time is a provider timeout, and the slow attempt is given up at once")
    func firstToken() async throws {
        let runner = AttemptRunner(policies: [TimeoutPolicy(models: ["group": .init(firstToken: .milliseconds(100))])])
        let provider = SleepyProvider([.seconds(5)])
        let start = ContinuousClock.now
        let error = await #expect(throws: GatewayError.self) {
            try await runner.single(chatCall(), on: provider, model: "m", context: Self.context())
        }
        #expect(error?.kind == .providerTimeout)
        // Well under the provider's 5 s (a loaded machine running the whole suite may be slow to wake).
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test("a first-token timeout is retried, and the retry answers")
    func firstTokenThenRetry() async throws {
        let budget = RetryBudget(ratio: 1, minimumPerSecond: 0, capacity: 10)
        let retry = RetryPolicy(
            models: ["group": .init(attempts: 2, backoff: Backoff(base: .milliseconds(1)))], budget: budget, draw: { 0 }
        )
        let timeout = TimeoutPolicy(models: ["group": .init(firstToken: .milliseconds(100))])
        let runner = AttemptRunner(policies: [retry, timeout])
        let provider = SleepyProvider([.seconds(5), .zero])
        let context = Self.context()
        let reply = try await runner.single(chatCall(), on: provider, model: "m", context: context)
        #expect(try await text(of: reply) == "ok")
        #expect(provider.calls.withLock { $0 } == 2)
        #expect(context.report.attempts.map(\.error) == ["provider_timeout", nil])
    }

    @Test("a committed stream that falls silent longer than idle ends with a provider timeout, and is not retried")
    func idle() async throws {
        let runner = AttemptRunner(policies: [TimeoutPolicy(models: ["group": .init(idle: .milliseconds(100))])])
        let provider = SleepyProvider([.zero], pauseInStream: .seconds(5))
        let reply = try await runner.single(chatCall(stream: true), on: provider, model: "m", context: Self.context())
        guard case .stream(let chunks) = reply else {
            Issue.record("expected a stream")
            return
        }
        var texts: [String] = []
        let error = await #expect(throws: GatewayError.self) {
            for try await chunk in chunks { texts.append(chunk.choices.first?.delta.content ?? "") }
        }
        #expect(error?.kind == .providerTimeout && texts == ["first"])
        #expect(provider.calls.withLock { $0 } == 1)

        let patient = AttemptRunner(policies: [TimeoutPolicy(models: ["group": .init(idle: .seconds(5))])])
        let quick = SleepyProvider([.zero], pauseInStream: .milliseconds(10))
        #expect(
            try await text(
                of: try await patient.single(chatCall(stream: true), on: quick, model: "m", context: Self.context()))
                == "firstsecond")
    }

    @Test("the total is one deadline from arrival, kept when the context already has an earlier one")
    func total() async throws {
        let policy = DeadlinePolicy(totals: ["group": .seconds(120)])
        let seen = Mutex<ClockInstant?>(nil)
        let capture: Next<ChatCall, ProviderReply> = { _, context in
            seen.withLock { $0 = context.deadline }
            return .whole(ChatResponse(id: "r", created: 1, model: "m", choices: []))
        }
        let context = Self.context()
        _ = try await policy.handle(chatCall(), context: context, next: capture)
        #expect(seen.withLock { $0 } == context.receivedAt + .seconds(120))
        let hurried = Self.context(deadline: SystemClock().now + .seconds(1))
        _ = try await policy.handle(chatCall(), context: hurried, next: capture)
        #expect(seen.withLock { $0 } == hurried.deadline)
    }

    @Test("the total cuts the attempt still running when it passes: a provider timeout, at once")
    func totalCutsARunningAttempt() async throws {
        let policy = DeadlinePolicy(totals: ["group": .milliseconds(200)])
        let runner = AttemptRunner()
        let slow = SleepyProvider([.seconds(5)])
        let context = Self.context()
        let start = ContinuousClock.now
        let error = await #expect(throws: GatewayError.self) {
            try await policy.handle(chatCall(), context: context) { call, context in
                try await runner.single(call, on: slow, model: "m", context: context)
            }
        }
        #expect(error?.kind == .providerTimeout)
        #expect(ContinuousClock.now - start < .seconds(4))
        #expect(context.report.attempts.map(\.error) == ["provider_timeout"])
    }
}

/// Reads the connect timeout its attempt bound.
final class ConnectTimeoutReader: Provider, Sendable {
    let name = "reader"
    let seen = Mutex<Duration??>(nil)

    func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        seen.withLock { $0 = .some(UpstreamLimits.connectTimeout) }
        return .whole(
            ChatResponse(
                id: "r", created: 1, model: "m",
                choices: [ChatChoice(index: 0, message: .text(.assistant, "ok"), finishReason: .stop)]))
    }
}

@Suite("The connect timeout reaches the HTTP client")
struct ConnectTimeoutTests {
    @Test("a model's timeouts.connect is bound for its attempt, and only for its models")
    func bound() async throws {
        let runner = AttemptRunner(policies: [TimeoutPolicy(models: ["group": .init(connect: .seconds(2))])])
        let reader = ConnectTimeoutReader()
        _ = try await runner.single(chatCall(), on: reader, model: "m", context: TimeoutPolicyTests.context())
        #expect(reader.seen.withLock { $0 } == .some(.seconds(2)))
        let other = ChatCall(
            request: ChatRequest(model: "other", messages: [.text(.user, "Hi")]), upstreamModel: "other")
        _ = try await runner.single(other, on: reader, model: "m", context: TimeoutPolicyTests.context())
        #expect(reader.seen.withLock { $0 } == .some(nil))
    }
}
