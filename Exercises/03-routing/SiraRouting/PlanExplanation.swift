// Generated from Sources/SiraRouting/PlanExplanation.swift by scripts/make-starters. Nothing to write here.
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
            if let cost = target.estimatedCost(of: facts) { object["estimated_cost_usd"] = .double(cost) }
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
        ]
    }
}

/// `POST /sira/explain`: the routing plan for a chat request body, without sending it.
public struct ExplainEndpoint: Sendable {
    /// The models on offer.
    public var catalog: ModelCatalog

    /// Creates the endpoint.
    /// - Parameter catalog: The models on offer.
    public init(catalog: ModelCatalog) { self.catalog = catalog }

    /// Plans the request in the body (a chat completions request) and returns the explanation.
    /// - Parameters:
    ///   - request: The HTTP request.
    ///   - context: Its context.
    /// - Returns: The explanation as JSON.
    /// - Throws: `GatewayError` for a bad body or an unknown model.
    public func handle(_ request: GatewayRequest, context: RequestContext) throws -> GatewayResponse {
        let chat = try OpenAIChatEndpoint.decode(request.body)
        guard let entry = catalog[chat.model] else {
            throw GatewayError(.unknownModel, "The model '\(chat.model.prefix(100))' does not exist.", param: "model")
        }
        var metadata: [String: String] = [:]
        if let header = request.headers["x-sira-metadata"],
            let object = (try? JSONValue(parsing: header.utf8))?.objectValue
        {
            metadata = object.compactMapValues(\.stringValue)
        }
        guard let routed = entry.provider as? RoutedProvider else {
            return .json([
                "model": .string(chat.model), "strategy": "single",
                "attempts": [.string("\(entry.provider.name)/\(entry.upstreamModel)")],
            ])
        }
        return .json(routed.planner.explain(RequestFacts(chat, metadata: metadata, caller: context.caller?.keyID)))
    }
}
