import SiraConfig
import SiraCore
import SiraProviders
import SiraResilience
import SiraRouting
import Testing

@Suite("Model groups in the configuration file")
struct RoutingConfigurationTests {
    static let yaml = """
        providers:
          a: {kind: mock}
          b: {kind: mock}
          c: {kind: mock}
        models:
          smart:
            targets:
              - {provider: a, model: claude-sonnet-4-6}
              - {provider: b, model: gpt-4o, context_window: 1000, tools: false}
          fast:
            strategy:
              fallback:
                - weighted: [one, two]
                - three
            targets:
              - {name: one, provider: a, model: m1, weight: 3}
              - {name: two, provider: b, model: m2}
              - {name: three, provider: c, model: m3, input_price: 0.1, output_price: 0.2}
            cooldown: {failures: 5, seconds: 60}
            content_filter_fallback: [three]
            fallback: {on: [provider_overloaded, provider_timeout], context_overflow: false, deadline: 45s}
          routed:
            strategy:
              conditional:
                - if: {metadata: {tier: gold}}
                  then: one
                - if: {stream: true, tools: true}
                  then: least-latency
              otherwise: round-robin
            targets:
              - {name: one, provider: a, model: m1}
              - {name: two, provider: b, model: m2}
          tiered:
            targets:
              - {name: backup, provider: c, model: m3, priority: 1}
              - {name: one, provider: a, model: m1, priority: 0}
              - {name: two, provider: b, model: m2, priority: 0, weight: 2}
        aliases:
          default: smart
        """

    func parse(_ yaml: String) throws -> GatewayConfiguration {
        try GatewayConfiguration.parse(yaml, file: "sira.yaml", environment: [:])
    }

    @Test("groups: targets with facts from the model table or the file, strategy trees, conditions, aliases")
    func groups() throws {
        let configuration = try parse(Self.yaml)
        let smart = try #require(configuration.models.first { $0.name == "smart" }?.group)
        #expect(smart.targets.map(\.name) == ["a/claude-sonnet-4-6", "b/gpt-4o"])
        #expect(smart.targets[0].facts.inputPrice == ModelFacts.known("claude-sonnet-4-6")?.inputPrice)
        #expect(smart.targets[1].facts.contextWindow == 1000 && !smart.targets[1].facts.tools)
        #expect(smart.strategy == .fallback([.target(0), .target(1)]))
        let fast = try #require(configuration.models.first { $0.name == "fast" }?.group)
        #expect(fast.strategy == .fallback([.weighted([.target(0), .target(1)]), .target(2)]))
        #expect(fast.targets[0].weight == 3)
        #expect(fast.health == HealthSettings(failuresToCoolDown: 5, coolDown: .seconds(60)))
        #expect(fast.contentFilterChain == [2])
        #expect(
            fast.fallback
                == FallbackSettings(
                    kinds: ["provider_overloaded", "provider_timeout"], onContextOverflow: false, deadline: .seconds(45)
                ))
        #expect(smart.fallback == FallbackSettings(), "by default every provider fault falls back, with no deadline")
        let routed = try #require(configuration.models.first { $0.name == "routed" }?.group)
        #expect(
            routed.strategy
                == .conditional(
                    [
                        .init(.metadata(key: "tier", value: "gold"), .target(0)),
                        .init(.all([.stream(true), .tools(true)]), .leastLatency([.target(0), .target(1)])),
                    ], otherwise: .roundRobin([.target(0), .target(1)])))
        let tiered = try #require(configuration.models.first { $0.name == "tiered" }?.group)
        #expect(tiered.strategy == .fallback([.weighted([.target(1), .target(2)]), .target(0)]))
        let catalog = configuration.catalog()
        #expect(catalog["smart"]?.provider is RoutedProvider)
        #expect(catalog["default"]?.provider is RoutedProvider, "an alias serves the same group")
        #expect(
            configuration.summary.contains(
                "fast -> fallback(weighted(one, two), three); falls back on provider_overloaded, provider_timeout, "
                    + "not on context overflow, for at most 45.0 seconds after arrival"), "\(configuration.summary)")
        #expect(configuration.summary.contains("tiered -> fallback(weighted(one, two), backup)"))
        #expect(
            configuration.summary.contains(
                "routed -> conditional(if metadata.tier: gold then one; if stream: true and tools: true then "
                    + "least-latency(one, two); otherwise round-robin(one, two))"))
    }

    @Test(
        "a group's mistakes name their line and key",
        arguments: [
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    strategy: {weighted: [x]}\n    targets: [{provider: a, model: m}]\n",
                5, "no target is named 'x'"
            ),
            ("providers:\n  a: {kind: mock}\nmodels:\n  g:\n    targets: []\n", 5, "at least one target"),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    targets: [{provider: a, model: m, weight: -1}]\n", 5,
                "must be a number"
            ),
            ("providers:\n  a: {kind: mock}\nmodels:\n  g:\n    targets: [{provider: a}]\n", 5, "'model' is required"),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    strategy: fastest\n    targets: [{provider: a, model: m}]\n",
                5, "no target is named 'fastest'"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    targets: [{provider: a, model: m}, {provider: a, model: m}]\n",
                5, "distinct"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a}\naliases:\n  x: nope\n", 6,
                "no model is named 'nope'"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a}\naliases:\n  m: m\n", 6,
                "already a model's name"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    strategy: {weighted: []}\n    targets: [{provider: a, model: m}]\n",
                5, "at least one"
            ),
            ("providers:\n  a: {kind: mock, timeout: 1e300s}\nmodels:\n  m: {provider: a}\n", 2, "at most a day"),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    strategy: round-robin\n    targets: [{provider: a, model: m, priority: 1}]\n",
                5, "either priorities or a strategy"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    targets:\n      - {provider: a, model: m, priority: 0}\n      - {provider: a, model: n}\n",
                7, "every target a 'priority'"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  g:\n    targets: [{provider: a, model: m}]\n    fallback:\n      on: [invalid_request]\n",
                7, "'invalid_request' cannot fall back"
            ),
        ])
    func mistakes(yaml: String, line: Int, message: String) {
        let error = #expect(throws: ConfigurationError.self) { try parse(yaml) }
        #expect(error?.line == line, "\(error?.description ?? "")")
        #expect(error?.message.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test(
        "prices in the account's currency: a mainland platform reads the CNY list; cost routing never mixes currencies")
    func currencies() throws {
        let yaml = """
            providers:
              qwen: {kind: openai-compatible, preset: dashscope, region: cn, api_key: k}
              kimi: {kind: openai-compatible, preset: moonshot, region: cn, api_key: k}
              deepseek: {kind: openai-compatible, preset: deepseek, api_key: k}
              deepseek-cn: {kind: openai-compatible, preset: deepseek, currency: CNY, api_key: k}
            models:
              china:
                strategy: cost
                targets:
                  - {name: qwen, provider: qwen, model: qwen3-max}
                  - {name: ds, provider: deepseek-cn, model: deepseek-v4-pro}
                  - {name: kimi, provider: kimi, model: kimi-k2.6, input_price: 4, output_price: 16}
              abroad: {provider: deepseek, model: deepseek-v4-pro}
            """
        let configuration = try parse(yaml)
        let targets = try #require(configuration.models.first { $0.name == "china" }?.group?.targets)
        #expect(
            targets[0].facts.currency == .cny && targets[0].facts.inputPrice == 2.5, "region cn: Bailian's CNY list")
        #expect(targets[1].facts.inputPrice == 9 && targets[1].facts.outputPrice == 27, "currency: CNY on DeepSeek")
        #expect(
            targets[2].facts.currency == .cny && targets[2].facts.inputPrice == 4,
            "a price given in the account's currency")
        #expect(ModelFacts.known("deepseek-v4-pro")?.currency == .usd, "the international list is LiteLLM's, in USD")
        let kimi = try #require(ModelFacts.known("kimi-k2.6", provider: "moonshot", currency: .cny))
        #expect(kimi.inputPrice == nil && kimi.currency == .cny, "no CNY price known: unpriced, never a USD price")

        let routed = try #require(configuration.catalog()["china"]?.provider as? RoutedProvider)
        let plan = routed.planner.explain(RequestFacts(estimatedPromptTokens: 1000, declaredOutputTokens: 100))
        let candidates = plan.objectValue?["candidates"]?.arrayValue ?? []
        #expect(candidates.first?.objectValue?["estimated_cost_cny"] != nil)
        #expect(candidates.allSatisfy { $0.objectValue?["estimated_cost_usd"] == nil })
        let decisions = plan.objectValue?["decisions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(decisions.contains { $0.hasPrefix("cost: qwen is cheapest (¥0.003500)") }, "\(decisions)")

        let mixed = yaml.replacingOccurrences(of: "deepseek-cn, model", with: "deepseek, model")
        let error = #expect(throws: ConfigurationError.self) { try parse(mixed) }
        #expect(error?.message.contains("cost routing compares prices in one currency") == true)
        #expect(error?.message.contains("ds (USD)") == true && error?.message.contains("qwen (CNY)") == true)
    }

    @Test("explain: the plan for a request, with exclusions and decisions")
    func explain() throws {
        let catalog = try parse(Self.yaml).catalog()
        let routed = try #require(catalog["smart"]?.provider as? RoutedProvider)
        let explanation = routed.planner.explain(RequestFacts(estimatedPromptTokens: 5000, needsTools: true))
        #expect(explanation.objectValue?["attempts"] == ["a/claude-sonnet-4-6"])
        let excluded = explanation.objectValue?["excluded"]?.arrayValue?.first?.objectValue
        #expect(excluded?["target"] == "b/gpt-4o")
        #expect(excluded?["reason"] == "does not support tools")
    }
}

@Suite("Chapter 05 in the configuration file: breakers, hedging, the connect timeout")
struct ResilienceConfigurationTests {
    @Test("resilience.breaker, a group's hedge and cooldown, and timeouts.connect are read as written")
    func parsed() throws {
        let yaml = """
            providers:
              a: {kind: mock}
              b: {kind: mock}
            models:
              hedged:
                hedge: {after: 800ms, max: 2, tools: true}
                cooldown: {failures: 2, seconds: 10}
                timeouts: {connect: 2s}
                targets: [{provider: a, model: x}, {provider: b, model: y}]
              tail:
                hedge: {after: p95}
                targets: [{provider: a, model: x}, {provider: b, model: y}]
            resilience:
              breaker: {consecutive_failures: 4, base_ejection: 20s, max_ejection: 2m, max_ejected: 30%,
                        failure_rate: 0.5, window: 10s, minimum_requests: 8, rate_limit_pause: 2s}
            """
        let configuration = try GatewayConfiguration.parse(yaml, file: "sira.yaml", environment: [:])
        let breaker = configuration.resilience.breaker
        #expect(breaker.consecutiveFailures == 4 && breaker.baseEjection == .seconds(20))
        #expect(breaker.maximumEjection == .seconds(120) && breaker.maximumEjectedShare == 0.3)
        #expect(breaker.failureRate == 0.5 && breaker.window == .seconds(10) && breaker.minimumRequests == 8)
        #expect(breaker.rateLimitPause == .seconds(2))
        let hedged = configuration.models[0]
        #expect(hedged.group?.hedge == HedgeSettings(delay: .fixed(.milliseconds(800)), maximum: 2, withTools: true))
        #expect(hedged.group?.health == HealthSettings(failuresToCoolDown: 2, coolDown: .seconds(10)))
        #expect(hedged.timeouts?.connect == .seconds(2))
        #expect(configuration.models[1].group?.hedge == HedgeSettings(delay: .p95))
        #expect(configuration.models[1].group?.health == nil, "no cooldown: the breaker's numbers apply")
        let explained = configuration.attemptPolicies(of: "hedged")?.objectValue
        #expect(explained?["breaker"]?.objectValue?["consecutive_failures"] == .integer(2))
        #expect(explained?["hedge"]?.objectValue?["after"] == .string("0.8 seconds"))
    }
}
