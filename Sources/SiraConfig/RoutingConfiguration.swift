// Model groups in the configuration file (chapter 03):
//
//     models:
//       smart:
//         strategy: fallback                 # or a tree, see below
//         targets:
//           - {provider: claude, model: claude-sonnet-4-6}
//           - {provider: openai, model: gpt-4o, context_window: 128000}
//       fast:
//         strategy:
//           fallback:
//             - weighted: [groq-a, groq-b]   # target names
//             - local
//         targets:
//           - {name: groq-a, provider: groq, model: llama-3.1-8b-instant, weight: 3}
//           - {name: groq-b, provider: groq2, model: llama-3.1-8b-instant}
//           - {name: local, provider: ollama, model: llama3.2, tools: false}
//         cooldown: {failures: 3, seconds: 30}      # the breaker's first two numbers, for this group
//         hedge: {after: p95, max: 1}               # chapter 05
//         content_filter_fallback: [local]
//       tiered:                              # no strategy: priority tiers, weighted within a tier
//         targets:
//           - {provider: openai, model: gpt-4o, priority: 0}
//           - {provider: azure, model: gpt-4o, priority: 0}
//           - {provider: claude, model: claude-sonnet-4-6, priority: 1}
//         fallback: {on: [provider_overloaded, provider_timeout], context_overflow: true, deadline: 60s}
//     aliases: {default: smart}

import SiraCore
import SiraProviders
import SiraResilience
import SiraRouting

/// A model group as configured; built into a `RoutedProvider` by `GatewayConfiguration.catalog()`.
public struct GroupSettings: Sendable {
    /// One target as configured.
    public struct Target: Sendable {
        /// The target's name.
        public var name: String
        /// The provider's name.
        public var provider: String
        /// The upstream model.
        public var model: String
        /// The weight.
        public var weight: Double
        /// Tags.
        public var tags: [String]
        /// Prices, window and capabilities: the model table's, overridden by what is configured.
        public var facts: ModelFacts
        /// The priority tier (lower first), when configured.
        public var priority: Int?
    }

    /// The targets, in file order.
    public var targets: [Target]
    /// The strategy tree over target indexes.
    public var strategy: Strategy
    /// Targets for prompts a content filter refused.
    public var contentFilterChain: [Int]?
    /// The group's `cooldown:` (consecutive failures and the first ejection), when it has one; the
    /// breaker's settings apply otherwise.
    public var health: HealthSettings?
    /// Which failures fall back, and until when.
    public var fallback = FallbackSettings()
    /// When a slow first attempt is hedged on the next target (chapter 05).
    public var hedge: HedgeSettings?

    static let strategyKinds = ["fallback", "weighted", "round-robin", "least-latency", "least-busy", "cost"]

    static func parse(_ node: ConfigNode, providers: [GatewayConfiguration.ProviderSettings]) throws -> GroupSettings {
        let entries = try node.mapping(allowed: [
            "targets", "strategy", "cooldown", "content_filter_fallback", "fallback", "cache", "retry", "timeouts",
            "hedge",
        ])
        guard let targetsNode = entries.first(where: { $0.key == "targets" })?.value else {
            throw node.error("a model needs 'provider' or 'targets'")
        }
        var targets: [Target] = []
        for item in try targetsNode.sequence() {
            let target = try self.target(item, providers: providers)
            guard !targets.contains(where: { $0.name == target.name }) else {
                throw item.error("two targets are named '\(target.name)': give them distinct 'name's")
            }
            targets.append(target)
        }
        guard !targets.isEmpty else { throw targetsNode.error("must list at least one target") }
        // Without a strategy: the targets in file order, or priority tiers when any has a priority.
        let prioritized = targets.contains { $0.priority != nil }
        var group = GroupSettings(
            targets: targets,
            strategy: prioritized
                ? .priorityTiers(targets.map { $0.priority ?? 0 }) : .fallback(targets.indices.map(Strategy.target)),
            health: nil)
        if prioritized, let strategy = entries.first(where: { $0.key == "strategy" })?.value {
            throw strategy.error("targets with a 'priority' are ordered by it; give either priorities or a strategy")
        }
        if prioritized, let index = targets.firstIndex(where: { $0.priority == nil }) {
            // A backup whose priority was forgotten would otherwise join the first tier silently.
            throw try targetsNode.sequence()[index].error("give every target a 'priority', or none")
        }
        for (key, value) in entries {
            switch key {
            case "strategy":
                group.strategy = try group.strategy(value)
                try group.checkCurrencies(group.strategy, node: value)
            case "content_filter_fallback": group.contentFilterChain = try value.sequence().map(group.targetIndex)
            case "fallback": group.fallback = try fallbackSettings(value)
            case "hedge": group.hedge = try GatewayConfiguration.hedgeSettings(value)
            case "cooldown":
                var health = HealthSettings()
                for (setting, number) in try value.mapping(allowed: ["failures", "seconds"]) {
                    if setting == "failures" {
                        health.failuresToCoolDown = try number.int(in: 1...1000)
                    } else {
                        health.coolDown = .seconds(try number.int(in: 1...86400))
                    }
                }
                group.health = health
            default: break
            }
        }
        return group
    }

    /// `fallback: {on: [codes], context_overflow: bool, deadline: 30s}`.
    static func fallbackSettings(_ node: ConfigNode) throws -> FallbackSettings {
        var settings = FallbackSettings()
        for (key, value) in try node.mapping(allowed: ["on", "context_overflow", "deadline"]) {
            switch key {
            case "on":
                let known = FallbackSettings.fallibleKinds.map(\.code)
                var kinds = Set<String>()
                for item in try value.sequence() {
                    let code = try item.string()
                    guard known.contains(code) else {
                        throw item.error("'\(code)' cannot fall back; one of: \(known.joined(separator: ", "))")
                    }
                    kinds.insert(code)
                }
                settings.kinds = kinds
            case "context_overflow": settings.onContextOverflow = try value.bool()
            default: settings.deadline = try value.duration()
            }
        }
        return settings
    }

    static func target(_ node: ConfigNode, providers: [GatewayConfiguration.ProviderSettings]) throws -> Target {
        let allowed: Set<String> = [
            "name", "provider", "model", "weight", "priority", "tags", "input_price", "output_price", "currency",
            "context_window", "tools", "vision", "json_schema",
        ]
        let entries = try node.mapping(allowed: allowed)
        func value(_ key: String) -> ConfigNode? { entries.first { $0.key == key }?.value }
        guard let providerNode = value("provider") else { throw node.error("'provider' is required") }
        let provider = try providerNode.string()
        guard let settings = providers.first(where: { $0.name == provider }) else {
            throw providerNode.error("no provider is named '\(provider)' (providers must be declared before models)")
        }
        guard let model = try value("model")?.string() else { throw node.error("'model' is required") }
        // Prices in the currency the account is billed in: a mainland platform's list in CNY, unless the target
        // says otherwise for the prices it gives.
        let currency = try value("currency").map(GatewayConfiguration.currency) ?? settings.billingCurrency
        var facts =
            ModelFacts.known(model, provider: settings.preset ?? settings.kind, currency: currency)
            ?? ModelFacts(currency: currency)
        if let price = value("input_price") { facts.inputPrice = try price.number(atLeast: 0) }
        if let price = value("output_price") { facts.outputPrice = try price.number(atLeast: 0) }
        if let window = value("context_window") { facts.contextWindow = try window.int(in: 1...100_000_000) }
        if let flag = value("tools") { facts.tools = try flag.bool() }
        if let flag = value("vision") { facts.vision = try flag.bool() }
        if let flag = value("json_schema") { facts.jsonSchema = try flag.bool() }
        return Target(
            name: try value("name")?.string() ?? "\(provider)/\(model)",
            provider: provider,
            model: model,
            weight: try value("weight")?.number(atLeast: 0.000_001) ?? 1,
            tags: try value("tags")?.sequence().map { try $0.string() } ?? [],
            facts: facts,
            priority: try value("priority")?.int(in: 0...1000))
    }

    /// Cost routing compares like with like: every priced target under one `cost` node must be priced in the
    /// same currency. Sira keeps no exchange rate (a table's rate goes stale, and the wrong one routes all
    /// traffic to the wrong side), so a mix is a configuration error that names the targets; price one side
    /// in the other's currency (`input_price`, `output_price`, `currency` on the target) to compare them.
    func checkCurrencies(_ strategy: Strategy, node: ConfigNode) throws {
        func leaves(_ strategy: Strategy) -> [Int] {
            switch strategy {
            case .target(let index): return [index]
            case .fallback(let children), .weighted(let children), .roundRobin(let children),
                .leastLatency(let children), .leastBusy(let children), .cost(let children):
                return children.flatMap(leaves)
            case .conditional(let rules, let otherwise):
                return rules.flatMap { leaves($0.strategy) } + leaves(otherwise)
            }
        }
        switch strategy {
        case .target: return
        case .cost(let children):
            let priced = leaves(strategy).filter {
                targets[$0].facts.inputPrice != nil && targets[$0].facts.outputPrice != nil
            }
            let currencies = Set(priced.map { targets[$0].facts.currency })
            if currencies.count > 1 {
                let named = priced.map { "\(targets[$0].name) (\(targets[$0].facts.currency.rawValue))" }
                throw node.error(
                    "cost routing compares prices in one currency, but \(named.joined(separator: ", ")) mix "
                        + "\(currencies.map(\.rawValue).sorted().joined(separator: " and ")); give one side "
                        + "input_price, output_price and currency in the other's")
            }
            for child in children { try checkCurrencies(child, node: node) }
        case .fallback(let children), .weighted(let children), .roundRobin(let children), .leastLatency(let children),
            .leastBusy(let children):
            for child in children { try checkCurrencies(child, node: node) }
        case .conditional(let rules, let otherwise):
            for rule in rules { try checkCurrencies(rule.strategy, node: node) }
            try checkCurrencies(otherwise, node: node)
        }
    }

    func targetIndex(_ node: ConfigNode) throws -> Int {
        let name = try node.string()
        guard let index = targets.firstIndex(where: { $0.name == name }) else {
            let names = targets.map(\.name).joined(separator: ", ")
            throw node.error("no target is named '\(name)' (targets: \(names))")
        }
        return index
    }

    /// A strategy node: a strategy kind over every target, a target name, or a mapping with one
    /// strategy key whose value lists child nodes (`conditional` takes rules and `otherwise`).
    func strategy(_ node: ConfigNode) throws -> Strategy {
        if case .scalar = node.node {
            let text = try node.string()
            if Self.strategyKinds.contains(text) { return Self.make(text, targets.indices.map(Strategy.target)) }
            return .target(try targetIndex(node))
        }
        let entries = try node.mapping(allowed: Set(Self.strategyKinds + ["conditional", "otherwise"]))
        if let rules = entries.first(where: { $0.key == "conditional" })?.value {
            guard let otherwise = entries.first(where: { $0.key == "otherwise" })?.value else {
                throw node.error("a conditional strategy needs 'otherwise'")
            }
            let parsed = try rules.sequence().map { rule in
                let parts = try rule.mapping(allowed: ["if", "then"])
                guard let condition = parts.first(where: { $0.key == "if" })?.value,
                    let then = parts.first(where: { $0.key == "then" })?.value
                else { throw rule.error("a rule needs 'if' and 'then'") }
                return Strategy.Rule(try self.condition(condition), try strategy(then))
            }
            return .conditional(parsed, otherwise: try strategy(otherwise))
        }
        guard entries.count == 1, let (kind, children) = entries.first, kind != "otherwise" else {
            throw node.error(
                "must name exactly one strategy (\(Self.strategyKinds.joined(separator: ", ")), conditional)")
        }
        let nodes = try children.sequence()
        guard !nodes.isEmpty else { throw children.error("must list at least one target or strategy") }
        return Self.make(kind, try nodes.map(strategy))
    }

    static func make(_ kind: String, _ children: [Strategy]) -> Strategy {
        switch kind {
        case "weighted": return .weighted(children)
        case "round-robin": return .roundRobin(children)
        case "least-latency": return .leastLatency(children)
        case "least-busy": return .leastBusy(children)
        case "cost": return .cost(children)
        default: return .fallback(children)
        }
    }

    func condition(_ node: ConfigNode) throws -> Condition {
        let allowed: Set<String> = ["stream", "tools", "vision", "metadata", "caller", "min_prompt_tokens"]
        var conditions: [Condition] = []
        for (key, value) in try node.mapping(allowed: allowed) {
            switch key {
            case "stream": conditions.append(.stream(try value.bool()))
            case "tools": conditions.append(.tools(try value.bool()))
            case "vision": conditions.append(.vision(try value.bool()))
            case "caller": conditions.append(.caller(try value.string()))
            case "min_prompt_tokens": conditions.append(.minPromptTokens(try value.int(in: 0...100_000_000)))
            default:
                for (metadataKey, metadataValue) in try value.mapping() {
                    conditions.append(.metadata(key: metadataKey, value: try metadataValue.string()))
                }
            }
        }
        return conditions.count == 1 ? conditions[0] : .all(conditions)
    }
}
