import SiraCore
import SiraProviders

/// One deployment a model group can send a request to.
public struct RouteTarget: Sendable {
    /// The target's name in plans and configuration (`claude`, or `provider/model` by default).
    public var name: String
    /// The provider.
    public var provider: any Provider
    /// The model name sent upstream.
    public var upstreamModel: String
    /// The weight for weighted and round-robin strategies (> 0).
    public var weight: Double
    /// Free-form tags, for conditions and for operators.
    public var tags: [String]
    /// Prices, context window and capabilities: configured, else from `ModelFacts.known`, else
    /// unknown (`ModelFacts()`: capable of everything, no window, no price).
    public var facts: ModelFacts

    /// Creates a target.
    /// - Parameters:
    ///   - name: The name; `provider/model` by default.
    ///   - provider: The provider.
    ///   - upstreamModel: The upstream model.
    ///   - weight: The weight; 1 by default.
    ///   - tags: Tags.
    ///   - facts: Prices, window and capabilities; the model table's by default.
    public init(
        name: String? = nil, provider: any Provider, upstreamModel: String, weight: Double = 1, tags: [String] = [],
        facts: ModelFacts? = nil
    ) {
        self.name = name ?? "\(provider.name)/\(upstreamModel)"
        self.provider = provider
        self.upstreamModel = upstreamModel
        self.weight = weight
        self.tags = tags
        self.facts = facts ?? ModelFacts.known(upstreamModel) ?? ModelFacts()
    }

    /// The deployment: the provider's name and the upstream model.
    public var deployment: Deployment { Deployment(provider: provider.name, model: upstreamModel) }

    /// Why this target cannot serve a request, or `nil` when it can.
    /// - Parameter request: The request's facts.
    /// - Returns: The reason, in words for `sira explain`.
    public func unsuitability(for request: RequestFacts) -> String? {
        if request.needsEmbeddings { return provider is any EmbeddingProvider ? nil : "does not offer embeddings" }
        if request.needsTools && !facts.tools { return "does not support tools" }
        if request.needsVision && !facts.vision { return "does not accept images" }
        if request.needsJSONSchema && !facts.jsonSchema { return "does not support JSON schema output" }
        if let window = facts.contextWindow, request.estimatedTokens > window {
            return "context window \(window) is smaller than the request (about \(request.estimatedTokens) tokens)"
        }
        return nil
    }

    /// The estimated cost of a request on this target, in its prices' currency (`facts.currency`), or
    /// `nil` without prices.
    /// - Parameter request: The request's facts.
    /// - Returns: The cost.
    public func estimatedCost(of request: RequestFacts) -> Double? {
        guard let input = facts.inputPrice, let output = facts.outputPrice else { return nil }
        return (Double(request.estimatedPromptTokens) * input + Double(request.expectedOutputTokens) * output) / 1e6
    }
}
