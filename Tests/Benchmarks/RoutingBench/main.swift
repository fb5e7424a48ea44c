// Planning cost per request: how long `Planner.plan` takes for groups of 2, 10 and 100 targets
// under each strategy, with chapter 03's cool-downs and with chapter 05's breakers; and what a hedge race
// costs when its first attempt answers at once (the price every hedged request pays).
// Built and run by scripts/bench-routing (release mode).

import Foundation
import SiraCore
import SiraProviders
import SiraResilience
import SiraRouting

func measure(
    _ name: String, targets count: Int, breakers: Bool = false, strategy: (([Strategy]) -> Strategy)
) -> Double {
    var targets: [RouteTarget] = []
    for index in 0..<count {
        let facts = ModelFacts(inputPrice: Double(index % 7 + 1), outputPrice: 2, contextWindow: 128_000)
        let provider = MockProvider(name: "p\(index)")
        let weight = Double(index % 5 + 1)
        targets.append(
            RouteTarget(name: "t\(index)", provider: provider, upstreamModel: "m\(index)", weight: weight, facts: facts)
        )
    }
    let health = HealthSettings(breaker: breakers ? CircuitBreaker.Settings() : nil)
    let group = ModelGroup(
        name: name, targets: targets, strategy: strategy(targets.indices.map(Strategy.target)), health: health)
    for index in targets.indices where index % 2 == 0 {
        group.state.succeeded(index, latency: Duration.milliseconds(Int64(index + 1)))
    }
    let planner = Planner(group: group, random: RandomSource(seed: 7))
    let facts = RequestFacts(estimatedPromptTokens: 1200, needsTools: true)
    var samples: [Double] = []
    for _ in 0..<7 {
        let iterations = max(2000, 200_000 / count)
        let start = DispatchTime.now().uptimeNanoseconds
        var sink = 0
        for _ in 0..<iterations { sink &+= planner.plan(facts).attempts.count }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
        precondition(sink > 0)
        samples.append(elapsed / Double(iterations) / 1000)
    }
    return samples.sorted()[samples.count / 2]
}

let strategies: [(String, ([Strategy]) -> Strategy)] = [
    ("fallback", { .fallback($0) }), ("weighted", { .weighted($0) }), ("round-robin", { .roundRobin($0) }),
    ("least-latency", { .leastLatency($0) }), ("least-busy", { .leastBusy($0) }), ("cost", { .cost($0) }),
]
print("planning cost per request (µs, median of 7 runs)")
print("strategy".padding(toLength: 18, withPad: " ", startingAt: 0) + "      2 targets   10 targets  100 targets")
for (name, strategy) in strategies {
    let values = [2, 10, 100].map { measure(name, targets: $0, strategy: strategy) }
    print(
        name.padding(toLength: 18, withPad: " ", startingAt: 0) + values.map { String(format: "%13.2f", $0) }.joined())
}
let breakerValues = [2, 10, 100].map { measure("fallback", targets: $0, breakers: true, strategy: { .fallback($0) }) }
print(
    "fallback, breakers".padding(toLength: 18, withPad: " ", startingAt: 0)
        + breakerValues.map { String(format: "%13.2f", $0) }.joined())

// A hedge race whose first attempt answers at once: a task group, the attempt's task and the timer's.
var raceSamples: [Double] = []
for _ in 0..<7 {
    let iterations = 20_000
    let start = DispatchTime.now().uptimeNanoseconds
    var sink = 0
    for _ in 0..<iterations {
        let outcome = try await HedgeRace.race(
            count: 2, after: .seconds(1), clock: SystemClock(), mayStart: { true }, attempt: { $0 + 1 })
        sink &+= outcome.reply
    }
    precondition(sink == iterations)
    raceSamples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000)
}
print(String(format: "hedge race, first attempt answers at once: %.2f µs (median of 7 runs)", raceSamples.sorted()[3]))
