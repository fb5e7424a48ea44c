/// How a model group orders its targets: a tree whose leaves are targets.
///
/// Strategies compose: `fallback([weighted([a, b]), c])` splits traffic between `a` and `b` and
/// falls back to `c` when the chosen one and then the other fail. Every strategy produces a full
/// order (the first is tried first, the rest are the fallbacks in order), so any node can sit
/// anywhere in a tree.
public indirect enum Strategy: Sendable, Hashable {
    /// One target, by its index in the group.
    case target(Int)
    /// The children in order.
    case fallback([Strategy])
    /// One child at random in proportion to its weight first, then the others the same way.
    case weighted([Strategy])
    /// Children in smooth weighted round-robin order (nginx's algorithm: an even spread, no bursts).
    case roundRobin([Strategy])
    /// The child with the lower latency (EWMA) of two picked at random first (power of two
    /// choices), then the rest by latency.
    case leastLatency([Strategy])
    /// The child with the fewest requests in flight first.
    case leastBusy([Strategy])
    /// The cheapest child for this request first (prices × estimated tokens); unpriced last.
    case cost([Strategy])
    /// The first rule whose condition holds decides; `otherwise` when none does.
    case conditional([Rule], otherwise: Strategy)

    /// Priority tiers (Envoy's priority levels, LiteLLM's `order`): the targets with the lowest
    /// priority number first, spread by weight within their tier; the next tier is the fallback.
    /// `[0, 0, 1]` gives `fallback([weighted([0, 1]), 1→2])`: two primaries sharing the traffic and
    /// a backup used only when both fail.
    /// - Parameter priorities: Each target's priority, by index.
    /// - Returns: The strategy.
    public static func priorityTiers(_ priorities: [Int]) -> Strategy {
        let tiers = Dictionary(grouping: priorities.indices, by: { priorities[$0] }).sorted { $0.key < $1.key }
        let nodes = tiers.map { _, members in
            members.count == 1 ? Strategy.target(members[0]) : .weighted(members.map(Strategy.target))
        }
        return .fallback(nodes)
    }

    /// A branch of a conditional strategy.
    public struct Rule: Sendable, Hashable {
        /// When the branch applies.
        public var condition: Condition
        /// The branch.
        public var strategy: Strategy

        /// Creates a rule.
        /// - Parameters:
        ///   - condition: When it applies.
        ///   - strategy: The branch.
        public init(_ condition: Condition, _ strategy: Strategy) {
            self.condition = condition
            self.strategy = strategy
        }
    }

    /// The strategy's name in configuration and plans.
    public var kind: String {
        switch self {
        case .target: return "target"
        case .fallback: return "fallback"
        case .weighted: return "weighted"
        case .roundRobin: return "round-robin"
        case .leastLatency: return "least-latency"
        case .leastBusy: return "least-busy"
        case .cost: return "cost"
        case .conditional: return "conditional"
        }
    }

    /// The tree in one line, with target names: `fallback(weighted(a, b), c)`. For `sira check`.
    /// - Parameter names: The targets' names, by index.
    /// - Returns: The line.
    public func rendered(_ names: [String]) -> String {
        func list(_ children: [Strategy]) -> String { children.map { $0.rendered(names) }.joined(separator: ", ") }
        switch self {
        case .target(let index): return names.indices.contains(index) ? names[index] : "#\(index)"
        case .fallback(let children), .weighted(let children), .roundRobin(let children),
            .leastLatency(let children), .leastBusy(let children), .cost(let children):
            return "\(kind)(\(list(children)))"
        case .conditional(let rules, let otherwise):
            let branches = rules.map { "if \($0.condition) then \($0.strategy.rendered(names))" }
            return "conditional(\((branches + ["otherwise \(otherwise.rendered(names))"]).joined(separator: "; ")))"
        }
    }
}

/// A condition on a request's facts, for conditional routing.
public enum Condition: Sendable, Hashable, CustomStringConvertible {
    /// The answer is (or is not) streamed.
    case stream(Bool)
    /// The request does (or does not) offer tools.
    case tools(Bool)
    /// The request does (or does not) contain images.
    case vision(Bool)
    /// A metadata key has this value (`x-sira-metadata: {"tier":"gold"}`).
    case metadata(key: String, value: String)
    /// The caller's key id is this one.
    case caller(String)
    /// The estimated prompt is at least this many tokens.
    case minPromptTokens(Int)
    /// Every condition holds.
    case all([Condition])

    /// The condition as the configuration writes it: `stream: true`, `metadata.tier: gold`.
    public var description: String {
        switch self {
        case .stream(let value): return "stream: \(value)"
        case .tools(let value): return "tools: \(value)"
        case .vision(let value): return "vision: \(value)"
        case .metadata(let key, let value): return "metadata.\(key): \(value)"
        case .caller(let id): return "caller: \(id)"
        case .minPromptTokens(let tokens): return "min_prompt_tokens: \(tokens)"
        case .all(let conditions): return conditions.map(\.description).joined(separator: " and ")
        }
    }

    /// Whether the condition holds for a request.
    /// - Parameter facts: The request's facts.
    /// - Returns: `true` when it holds.
    public func holds(for facts: RequestFacts) -> Bool {
        switch self {
        case .stream(let value): return facts.stream == value
        case .tools(let value): return facts.needsTools == value
        case .vision(let value): return facts.needsVision == value
        case .metadata(let key, let value): return facts.metadata[key] == value
        case .caller(let id): return facts.caller == id
        case .minPromptTokens(let tokens): return facts.estimatedPromptTokens >= tokens
        case .all(let conditions): return conditions.allSatisfy { $0.holds(for: facts) }
        }
    }
}
