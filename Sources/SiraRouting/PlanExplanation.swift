import SiraCore
import SiraProviders

extension Planner {
    /// The plan for a request, as JSON an operator can read: the candidates, which were left out
    /// and why, the order of attempts, and what each strategy node decided. `sira explain` prints
    /// it; `POST /sira/explain` returns it.
    /// - Parameter facts: The request's facts.
    /// - Returns: The explanation.
    public func explain(_ facts: RequestFacts) -> JSONValue {
        let plan = plan(facts, explaining: true)
        func target(_ index: Int) -> JSONValue {
            let target = group.targets[index]
            var object: JSONObject = [
                "name": .string(target.name), "provider": .string(target.provider.name),
                "model": .string(target.upstreamModel), "weight": .double(target.weight),
            ]
            if let latency = group.state.latency(of: index) { object["latency_ms"] = .double(latency * 1000) }
            object["in_flight"] = .integer(Int64(group.state.inFlight(of: index)))
            object["health"] = .string(group.state.healthDescription(of: index))
            if let cost = target.estimatedCost(of: facts) {
                object["estimated_cost_\(target.facts.currency.rawValue.lowercased())"] = .double(cost)
            }
            return .object(object)
        }
        return [
            "model": .string(group.name),
            "strategy": .string(group.strategy.kind),
            "request": [
                "estimated_prompt_tokens": .integer(Int64(facts.estimatedPromptTokens)),
                "tools": .bool(facts.needsTools), "vision": .bool(facts.needsVision),
                "json_schema": .bool(facts.needsJSONSchema), "stream": .bool(facts.stream),
            ],
            "candidates": .array(group.targets.indices.map(target)),
            "excluded": .array(plan.excluded.map { ["target": .string($0.target), "reason": .string($0.reason)] }),
            "attempts": .array(plan.attempts.map { .string(group.targets[$0].name) }),
            "decisions": .array(plan.decisions.map(JSONValue.string)),
            "hedged": .bool(hedging(plan.attempts, facts: facts) != nil),
        ]
    }
}
