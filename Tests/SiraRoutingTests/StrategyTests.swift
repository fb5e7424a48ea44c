import SiraCore
import SiraProviders
import SiraRouting
import Testing

@Suite("Routing strategies, the planner and their composition")
struct StrategyTests {
    func targets(_ names: [String], weights: [Double]? = nil, facts: [ModelFacts]? = nil) -> [RouteTarget] {
        names.enumerated().map { index, name in
            RouteTarget(
                name: name, provider: MockProvider(name: name), upstreamModel: "m-\(name)",
                weight: weights?[index] ?? 1, facts: facts?[index] ?? ModelFacts())
        }
    }

    func firstPicks(_ group: ModelGroup, seed: UInt64 = 42, count: Int, facts: RequestFacts = RequestFacts())
        -> [String: Int]
    {
        let planner = Planner(group: group, random: RandomSource(seed: seed))
        var picks: [String: Int] = [:]
        for _ in 0..<count {
            if let first = planner.plan(facts).attempts.first { picks[group.targets[first].name, default: 0] += 1 }
        }
        return picks
    }

    @Test("weighted: 3:1 weights give 75% ± 2% of first picks over 10,000 plans (seeded)")
    func weighted() {
        let group = ModelGroup(
            name: "g", targets: targets(["a", "b"], weights: [3, 1]), strategy: .weighted([.target(0), .target(1)]))
        let picks = firstPicks(group, count: 10_000)
        let share = Double(picks["a", default: 0]) / 10_000
        #expect(abs(share - 0.75) < 0.02, "a got \(share)")
        let plan = Planner(group: group, random: RandomSource(seed: 1)).plan(RequestFacts())
        #expect(Set(plan.attempts) == [0, 1], "the other target is the fallback")
    }

    @Test("weighted pick: units map onto the weights' shares; zero weights never win")
    func weightedPick() {
        #expect(WeightedPick.index(weights: [3, 1], unit: 0) == 0)
        #expect(WeightedPick.index(weights: [3, 1], unit: 0.7499) == 0)
        #expect(WeightedPick.index(weights: [3, 1], unit: 0.75) == 1)
        #expect(WeightedPick.index(weights: [0, 2, 0], unit: 0.1) == 1)
        #expect(WeightedPick.index(weights: [0, 0], unit: 0.5) == 0)
    }

    @Test("round-robin is smooth: weights 5, 1, 1 give a a b a c a a, repeating")
    func smoothRoundRobin() {
        let group = ModelGroup(
            name: "g", targets: targets(["a", "b", "c"], weights: [5, 1, 1]),
            strategy: .roundRobin([.target(0), .target(1), .target(2)]))
        let planner = Planner(group: group, random: RandomSource(seed: 1))
        let sequence = (0..<14).map { _ in group.targets[planner.plan(RequestFacts()).attempts[0]].name }
        #expect(sequence.joined() == "aabacaaaabacaa")
    }

    @Test("least-latency with two choices: the fastest leads most often, never always (no herding)")
    func leastLatency() {
        let group = ModelGroup(
            name: "g", targets: targets(["fast", "mid", "slow"]),
            strategy: .leastLatency([.target(0), .target(1), .target(2)]))
        group.state.succeeded(0, latency: .milliseconds(10))
        group.state.succeeded(1, latency: .milliseconds(20))
        group.state.succeeded(2, latency: .milliseconds(30))
        let picks = firstPicks(group, count: 6000)
        let fast = Double(picks["fast", default: 0]) / 6000
        let mid = Double(picks["mid", default: 0]) / 6000
        #expect(abs(fast - 2.0 / 3) < 0.03, "fast \(fast)")
        #expect(abs(mid - 1.0 / 3) < 0.03, "mid \(mid)")
        #expect(picks["slow"] == nil, "the slowest loses every comparison")
        let unknown = ModelGroup(
            name: "g", targets: targets(["known", "new"]), strategy: .leastLatency([.target(0), .target(1)]))
        unknown.state.succeeded(0, latency: .milliseconds(5))
        #expect(firstPicks(unknown, count: 10)["new"] == 10, "a target without data is probed first")
    }

    @Test("EWMA: the first sample is the average; later ones move it by alpha; it converges")
    func ewma() {
        var average = EWMA(alpha: 0.5)
        #expect(average.value == nil)
        average.add(100)
        #expect(average.value == 100)
        average.add(50)
        #expect(average.value == 75)
        for _ in 0..<40 { average.add(10) }
        #expect(abs((average.value ?? 0) - 10) < 0.001)
    }

    @Test("least-busy: the target with fewer requests in flight leads")
    func leastBusy() {
        let group = ModelGroup(
            name: "g", targets: targets(["a", "b"]), strategy: .leastBusy([.target(0), .target(1)]))
        group.state.started(0)
        group.state.started(0)
        group.state.started(1)
        #expect(firstPicks(group, count: 20)["b"] == 20)
        group.state.ended(0)
        group.state.ended(0)
        #expect(firstPicks(group, count: 20)["a"] == 20)
    }

    @Test("cost: the cheapest target for the request leads; unpriced targets go last")
    func cost() {
        let group = ModelGroup(
            name: "g",
            targets: targets(
                ["unpriced", "dear", "cheap"],
                facts: [
                    ModelFacts(), ModelFacts(inputPrice: 3, outputPrice: 15),
                    ModelFacts(inputPrice: 0.1, outputPrice: 0.4),
                ]),
            strategy: .cost([.target(0), .target(1), .target(2)]))
        let plan = Planner(group: group, random: RandomSource(seed: 1))
            .plan(RequestFacts(estimatedPromptTokens: 1000), explaining: true)
        #expect(plan.attempts == [2, 1, 0])
        #expect(plan.decisions.contains { $0.hasPrefix("cost: cheap is cheapest") })
    }

    @Test("conditional: the first matching rule decides, otherwise the default")
    func conditional() {
        let group = ModelGroup(
            name: "g", targets: targets(["gold", "stream", "default"]),
            strategy: .conditional(
                [.init(.metadata(key: "tier", value: "gold"), .target(0)), .init(.stream(true), .target(1))],
                otherwise: .target(2)))
        let planner = Planner(group: group, random: RandomSource(seed: 1))
        #expect(planner.plan(RequestFacts(stream: true, metadata: ["tier": "gold"])).attempts == [0])
        #expect(planner.plan(RequestFacts(stream: true)).attempts == [1])
        #expect(planner.plan(RequestFacts()).attempts == [2])
        #expect(Condition.all([]).holds(for: RequestFacts()))
        #expect(Condition.minPromptTokens(100).holds(for: RequestFacts(estimatedPromptTokens: 100)))
        #expect(!Condition.caller("k1").holds(for: RequestFacts(caller: "k2")))
    }

    @Test("priority tiers: the lowest number first, weighted within a tier, then the next tier")
    func priorityTiers() {
        #expect(
            Strategy.priorityTiers([1, 0, 0, 2])
                == .fallback([.weighted([.target(1), .target(2)]), .target(0), .target(3)]))
        #expect(Strategy.priorityTiers([5]) == .fallback([.target(0)]))
    }

    @Test("a tree: a weighted split first, then the fallback; every target once")
    func tree() {
        let group = ModelGroup(
            name: "g", targets: targets(["a", "b", "c"], weights: [1, 1, 1]),
            strategy: .fallback([.weighted([.target(0), .target(1)]), .target(2), .target(0)]))
        let planner = Planner(group: group, random: RandomSource(seed: 9))
        var firsts = Set<Int>()
        for _ in 0..<50 {
            let plan = planner.plan(RequestFacts())
            #expect(plan.attempts.count == 3 && plan.attempts.last == 2, "\(plan.attempts)")
            firsts.insert(plan.attempts[0])
        }
        #expect(firsts == [0, 1])
    }

    @Test("capability filtering: unsuitable targets are left out up front, with the reason")
    func capabilities() {
        let group = ModelGroup(
            name: "g",
            targets: targets(
                ["no-tools", "small", "big"],
                facts: [ModelFacts(tools: false), ModelFacts(contextWindow: 8000), ModelFacts(contextWindow: 200_000)]))
        let plan = Planner(group: group, random: RandomSource(seed: 1))
            .plan(RequestFacts(estimatedPromptTokens: 20_000, needsTools: true))
        #expect(plan.attempts == [2])
        #expect(plan.excluded.map(\.target) == ["no-tools", "small"])
        #expect(plan.excluded[0].reason == "does not support tools")
        #expect(plan.excluded[1].reason.contains("context window 8000"))
    }

    @Test("passive health: failures cool a target down; it is skipped, then tried again after the cool-down")
    func coolDown() {
        let clock = ManualClock()
        let group = ModelGroup(
            name: "g", targets: targets(["a", "b"]),
            health: HealthSettings(failuresToCoolDown: 2, coolDown: .seconds(30)),
            deployments: DeploymentStates(clock: clock))
        let planner = Planner(group: group, random: RandomSource(seed: 1))
        group.state.failed(0)
        #expect(planner.plan(RequestFacts()).attempts == [0, 1], "one failure is not enough")
        group.state.failed(0)
        let cooling = planner.plan(RequestFacts())
        #expect(cooling.attempts == [1])
        #expect(cooling.excluded.first?.reason == "cooling down after failures")
        clock.advance(by: .seconds(31))
        #expect(planner.plan(RequestFacts()).attempts == [0, 1])
        group.state.failed(1)
        group.state.failed(1)
        group.state.failed(0)
        group.state.failed(0)
        let all = planner.plan(RequestFacts())
        #expect(all.attempts.count == 2, "when every target cools, they are tried anyway")
    }

    @Test("request facts: tokens estimated from text, tools, images and JSON schema detected")
    func facts() throws {
        var request = ChatRequest(model: "m", messages: [.text(.user, String(repeating: "a", count: 4000))])
        request.maxTokens = 500
        request.tools = [.function(FunctionTool(name: "f"))]
        let facts = RequestFacts(request)
        #expect((1000...1010).contains(facts.estimatedPromptTokens))
        #expect(facts.estimatedTokens == facts.estimatedPromptTokens + 500)
        #expect(facts.needsTools && !facts.needsVision && !facts.needsJSONSchema)
    }
}

@Suite("Routing edge cases found in review")
struct RoutingReviewTests {
    @Test("a max_tokens near Int.max does not overflow the context check")
    func hugeMaxTokens() {
        var request = ChatRequest(model: "m", messages: [.text(.user, "hi")])
        request.maxTokens = Int.max
        let facts = RequestFacts(request)
        let target = RouteTarget(
            provider: MockProvider(), upstreamModel: "m", facts: ModelFacts(contextWindow: 128_000))
        #expect(target.unsuitability(for: facts) != nil)
    }

    @Test("explaining does not move round-robin's turn")
    func explainIsReadOnly() {
        let targets = ["a", "b"].map { RouteTarget(name: $0, provider: MockProvider(name: $0), upstreamModel: $0) }
        let group = ModelGroup(name: "g", targets: targets, strategy: .roundRobin([.target(0), .target(1)]))
        let planner = Planner(group: group, random: RandomSource(seed: 1))
        for _ in 0..<3 { _ = planner.explain(RequestFacts()) }
        #expect(planner.plan(RequestFacts()).attempts.first == 0)
        #expect(planner.plan(RequestFacts()).attempts.first == 1)
    }

    @Test("a failure counts as a slow sample, so least-latency stops preferring a target that only fails")
    func failuresAreSlow() {
        let group = ModelGroup(name: "g", targets: [RouteTarget(provider: MockProvider(), upstreamModel: "m")])
        group.state.failed(0, after: .milliseconds(5))
        #expect(group.state.latency(of: 0) == 1, "at least a second")
    }
}
