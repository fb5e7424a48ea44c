// Chapter 05 in routing: the circuit breaker behind the planner's cool-down checks, the share of a group
// that may be out at once, the retry budget for fallbacks, and when a request is hedged.

import Logging
import SiraCore
import SiraProviders
import SiraResilience
import SiraTesting
import Testing

@testable import SiraRouting

@Suite("Breakers, the fallback budget and hedging in routing")
struct BreakerRoutingTests {
    static let fault = GatewayError(.providerOverloaded, "busy")

    /// A group over `providers` whose breaker ejects after one fault for 30 s.
    static func group(
        _ providers: [any Provider], clock: ManualClock, hedge: HedgeSettings? = nil, budget: RetryBudget? = nil
    ) -> RoutedProvider {
        let targets = providers.map { RouteTarget(name: $0.name, provider: $0, upstreamModel: "\($0.name)-model") }
        let health = HealthSettings(failuresToCoolDown: 1, coolDown: .seconds(30), breaker: CircuitBreaker.Settings())
        return RoutedProvider(
            group: ModelGroup(
                name: "smart", targets: targets, health: health, hedge: hedge,
                deployments: DeploymentStates(clock: clock)),
            random: RandomSource(seed: 1), attempts: AttemptRunner(budget: budget))
    }

    @Test("after its ejection a target is probed by one request, and a good answer brings it back")
    func probeBringsBack() async throws {
        let clock = ManualClock()
        let flaky = ScriptedProvider("flaky", [.fail(Self.fault), .answer("back")])
        let steady = ScriptedProvider("steady", [.answer("steady")])
        let routed = Self.group([flaky, steady], clock: clock)
        #expect(try await text(of: routed.chat(chatCall(), context: testContext)) == "steady")
        #expect(try await text(of: routed.chat(chatCall(), context: testContext)) == "steady")
        #expect(flaky.callCount == 1, "ejected")
        clock.advance(by: .seconds(30))
        #expect(!routed.group.state.isCooling(0), "half-open: it may be probed")
        #expect(try await text(of: routed.chat(chatCall(), context: testContext)) == "back")
        #expect(routed.group.state.breaker(of: 0).position == .closed)
    }

    @Test("only the probe hands probing on: another attempt that ends without a verdict leaves the probe be")
    func onlyTheProbeReleases() async throws {
        let clock = ManualClock()
        let routed = Self.group(
            [ScriptedProvider("flaky", [.fail(Self.fault)]), ScriptedProvider("steady", [.answer("steady")])],
            clock: clock)
        _ = try await routed.chat(chatCall(), context: testContext)
        let state = routed.group.state
        let straggler = state.started(0)  // began while ejected, so not a probe
        clock.advance(by: .seconds(30))
        let probe = state.started(0)
        #expect(probe && !straggler)
        state.ended(0, probe: straggler)
        #expect(state.isCooling(0), "the probe is still under way: others skip the target")
        state.ended(0, probe: probe)
        #expect(!state.isCooling(0), "the probe left without a verdict: the next attempt may probe")
    }

    @Test("at most half of a group is ejected at once: the target back soonest is readmitted")
    func maximumEjectedShare() async throws {
        let clock = ManualClock()
        let first = ScriptedProvider("first", [.fail(Self.fault)])
        let second = ScriptedProvider("second", [.slowFail(clock, .seconds(1), Self.fault)])
        let routed = Self.group([first, second], clock: clock)
        await #expect(throws: GatewayError.self) { try await routed.chat(chatCall(), context: testContext) }
        #expect(routed.group.state.breaker(of: 0).isEjected(at: clock.now))
        #expect(routed.group.state.breaker(of: 1).isEjected(at: clock.now))
        #expect(routed.group.state.snapshot().map(\.cooling) == [false, true], "first's ejection ends a second sooner")
    }

    @Test("a 429 pauses its target for the Retry-After, without counting as a fault")
    func rateLimitPauses() async throws {
        let clock = ManualClock()
        let limited = ScriptedProvider(
            "limited", [.fail(GatewayError(.providerRateLimited, "slow down", retryAfter: .seconds(5))), .answer("ok")])
        let steady = ScriptedProvider("steady", [.answer("steady")])
        let routed = Self.group([limited, steady], clock: clock)
        #expect(try await text(of: routed.chat(chatCall(), context: testContext)) == "steady")
        #expect(routed.group.state.isCooling(0))
        #expect(routed.group.state.breaker(of: 0).position == .closed, "paused, not ejected")
        clock.advance(by: .seconds(5))
        #expect(try await text(of: routed.chat(chatCall(), context: testContext)) == "ok")
    }

    @Test("a fallback spends from the retry budget; with the budget spent the last failure is the answer")
    func fallbacksSpendTheBudget() async throws {
        let clock = ManualClock()
        let budget = RetryBudget(ratio: 0, minimumPerSecond: 0, capacity: 1, clock: clock)
        let a = ScriptedProvider("a", [.fail(GatewayError(.providerOverloaded, "a is busy"))])
        let b = ScriptedProvider("b", [.fail(GatewayError(.providerUnreachable, "b is down"))])
        let c = ScriptedProvider("c", [.answer("c")])
        let routed = Self.group([a, b, c], clock: clock, budget: budget)
        let error = await #expect(throws: GatewayError.self) {
            try await routed.chat(chatCall(), context: testContext)
        }
        #expect(error?.kind == .providerUnreachable, "b's failure: one token paid for the fallback to b, none was left")
        #expect(c.callCount == 0)
    }

    @Test("a group hedging after its p95 waits for 20 samples; requests with tools are not hedged unless configured")
    func whenToHedge() async throws {
        let clock = ManualClock()
        let routed = Self.group(
            [ScriptedProvider("a", [.answer("a")]), ScriptedProvider("b", [.answer("b")])], clock: clock,
            hedge: HedgeSettings(delay: .p95))
        let facts = RequestFacts(ChatRequest(model: "smart", messages: [.text(.user, "Hi")]))
        for _ in 0..<19 { routed.group.state.succeeded(0, latency: .milliseconds(100)) }
        #expect(routed.planner.hedging([0, 1], facts: facts) == nil, "19 samples are not enough")
        routed.group.state.succeeded(0, latency: .milliseconds(900))
        #expect(
            routed.planner.hedging([0, 1], facts: facts)?.delay == .milliseconds(100),
            "the 19th of 20: one slow answer in 20 is the 5%")
        routed.group.state.succeeded(0, latency: .milliseconds(900))
        #expect(
            routed.planner.hedging([0, 1], facts: facts)?.delay == .milliseconds(900), "two in 21 are more than 5%")
        #expect(routed.planner.hedging([0], facts: facts) == nil, "nothing to hedge on")
        var withTools = facts
        withTools.needsTools = true
        #expect(routed.planner.hedging([0, 1], facts: withTools) == nil)
    }

    @Test("a hedge that wins leaves the loser recorded as cancelled, and its prompt as abandoned usage")
    func hedgeLoserIsRecorded() async throws {
        let clock = ManualClock()
        let slow = NappingProvider(name: "slow", clock: clock, nap: .seconds(10))
        let fast = NappingProvider(name: "fast", clock: clock, nap: .seconds(1))
        let routed = Self.group([slow, fast], clock: clock, hedge: HedgeSettings(delay: .fixed(.seconds(2))))
        let context = RequestContext(requestID: "r", clock: clock, logger: Logger(label: "t"))
        let task = Task { try await routed.chat(chatCall("a question of some length"), context: context) }
        await clock.advance(by: .seconds(2), whenSleeping: 2)  // the slow attempt and the hedge's timer
        await clock.advance(by: .seconds(1), whenSleeping: 2)  // the slow attempt and the hedge
        #expect(try await text(of: task.value) == "fast")
        #expect(context.report.attempts.map(\.provider) == ["fast", "slow"])
        #expect(context.report.attempts.map(\.error) == [nil, CallReport.AttemptRecord.cancelled])
        let prompt = RequestFacts(try chatCall("a question of some length").decodedRequest()).estimatedPromptTokens
        #expect(prompt > 0 && context.report.abandonedUsage?.promptTokens == prompt)
        #expect(routed.group.state.breaker(of: 0).consecutiveFailures == 0, "a cancelled loser is not a fault")
    }
}

/// Answers after a nap on a manual clock; cancelled, it stops at once.
final class NappingProvider: Provider, Sendable {
    let name: String
    let clock: ManualClock
    let nap: Duration

    init(name: String, clock: ManualClock, nap: Duration) {
        self.name = name
        self.clock = clock
        self.nap = nap
    }

    func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        try await clock.sleep(for: nap)
        return .whole(
            ChatResponse(
                id: "r", created: 1, model: call.upstreamModel,
                choices: [ChatChoice(index: 0, message: .text(.assistant, name), finishReason: .stop)]))
    }
}
