import Logging
import SiraCore
import SiraResilience
import SiraRouting
import SiraTesting
import Testing

@Suite("Retries on the same deployment, before the commit point, within the budget")
struct RetryPolicyTests {
    static let overloaded = GatewayError(.providerOverloaded, "busy")

    /// A runner whose retry policy gives the model `group` `attempts` tries, with no jitter.
    static func runner(attempts: Int = 3, budget: RetryBudget? = nil, clock: ManualClock = ManualClock())
        -> AttemptRunner
    {
        let budget = budget ?? RetryBudget(ratio: 1, minimumPerSecond: 0, capacity: 100, clock: clock)
        let retry = RetryPolicy(
            models: ["group": .init(attempts: attempts, backoff: Backoff(base: .milliseconds(100)))], budget: budget,
            draw: { 0 })
        return AttemptRunner(policies: [retry])
    }

    static func context(_ clock: ManualClock, deadline: ClockInstant? = nil) -> RequestContext {
        RequestContext(requestID: "r", clock: clock, logger: Logger(label: "t"), deadline: deadline)
    }

    @Test("a 503 then an answer is an answer after two upstream calls, both in the report")
    func retriesAProviderFault() async throws {
        let clock = ManualClock()
        let provider = ScriptedProvider("p", [.fail(Self.overloaded), .answer("ok")])
        let context = Self.context(clock)
        let reply = try await Self.runner(clock: clock).single(chatCall(), on: provider, model: "m", context: context)
        #expect(try await text(of: reply) == "ok")
        #expect(provider.callCount == 2)
        #expect(context.report.attempts.map(\.error) == ["provider_overloaded", nil])
    }

    @Test("the caller's fault is not retried, and neither is a refused gateway key")
    func callerFaultsAreNotRetried() async throws {
        for failure in [
            GatewayError(.upstreamRejectedRequest, "bad"), GatewayError(.providerAuthenticationFailed, "key"),
        ] {
            let provider = ScriptedProvider("p", [.fail(failure), .answer("ok")])
            await #expect(throws: GatewayError.self) {
                try await Self.runner().single(
                    chatCall(), on: provider, model: "m", context: Self.context(ManualClock()))
            }
            #expect(provider.callCount == 1, "\(failure.kind)")
        }
    }

    @Test("tries stop at the configured number; a model without settings is tried once")
    func attemptsAreBounded() async throws {
        let provider = ScriptedProvider("p", [.fail(Self.overloaded)])
        await #expect(throws: GatewayError.self) {
            try await Self.runner(attempts: 3).single(
                chatCall(), on: provider, model: "m", context: Self.context(ManualClock()))
        }
        #expect(provider.callCount == 3)
        let other = ScriptedProvider("p", [.fail(Self.overloaded)])
        var call = chatCall()
        call.content = .decoded(ChatRequest(model: "unlisted", messages: []))
        await #expect(throws: GatewayError.self) {
            try await Self.runner().single(call, on: other, model: "m", context: Self.context(ManualClock()))
        }
        #expect(other.callCount == 1)
    }

    @Test("Retry-After is waited for, on the request's clock, and not a moment less")
    func waitsForRetryAfter() async throws {
        let clock = ManualClock()
        var limited = GatewayError(.providerRateLimited, "slow down")
        limited.retryAfter = .seconds(2)
        let provider = ScriptedProvider("p", [.fail(limited), .answer("ok")])
        let runner = Self.runner(clock: clock)
        let task = Task { try await runner.single(chatCall(), on: provider, model: "m", context: Self.context(clock)) }
        for _ in 0..<500 where clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(clock.sleeperCount == 1 && provider.callCount == 1)
        clock.advance(by: .milliseconds(1999))
        try await Task.sleep(for: .milliseconds(20))
        #expect(provider.callCount == 1, "not retried before Retry-After")
        clock.advance(by: .milliseconds(1))
        #expect(try await text(of: try await task.value) == "ok")
        #expect(provider.callCount == 2)
    }

    @Test("a wait that would pass the request's deadline is not taken: the failure is returned at once")
    func deadline() async throws {
        let clock = ManualClock()
        var limited = GatewayError(.providerRateLimited, "slow down")
        limited.retryAfter = .seconds(10)
        let provider = ScriptedProvider("p", [.fail(limited), .answer("ok")])
        let context = Self.context(clock, deadline: clock.now + .seconds(1))
        await #expect(throws: GatewayError.self) {
            try await Self.runner(clock: clock).single(chatCall(), on: provider, model: "m", context: context)
        }
        #expect(provider.callCount == 1 && clock.sleeperCount == 0)
    }

    @Test("when the budget is spent the failure is returned at once")
    func budgetSpent() async throws {
        let clock = ManualClock()
        let budget = RetryBudget(ratio: 0, minimumPerSecond: 0, capacity: 1, clock: clock)
        let runner = Self.runner(budget: budget, clock: clock)
        let first = ScriptedProvider("p", [.fail(Self.overloaded), .answer("ok")])
        _ = try await runner.single(chatCall(), on: first, model: "m", context: Self.context(clock))
        #expect(first.callCount == 2, "the one token paid for a retry")
        let second = ScriptedProvider("p", [.fail(Self.overloaded), .answer("ok")])
        await #expect(throws: GatewayError.self) {
            try await runner.single(chatCall(), on: second, model: "m", context: Self.context(clock))
        }
        #expect(second.callCount == 1)
    }

    @Test("a stream cut after its first content is not retried: the client has seen part of an answer")
    func notAfterTheCommitPoint() async throws {
        let provider = ScriptedProvider("p", [.stream(["a", "b"], failAfter: 1), .answer("ok")])
        let reply = try await Self.runner().single(
            chatCall(stream: true), on: provider, model: "m", context: Self.context(ManualClock()))
        await #expect(throws: GatewayError.self) { _ = try await text(of: reply) }
        #expect(provider.callCount == 1)
    }
}
