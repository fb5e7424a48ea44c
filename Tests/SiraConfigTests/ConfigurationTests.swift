import SiraConfig
import SiraCore
import SiraProviders
import Testing

@Suite("Configuration files: providers, models, environment references, errors with file and line")
struct ConfigurationTests {
    let environment = ["ANTHROPIC_API_KEY": "sk-ant-secret", "GROQ_API_KEY": "gsk-secret"]

    func parse(_ yaml: String) throws -> GatewayConfiguration {
        try GatewayConfiguration.parse(yaml, file: "sira.yaml", environment: environment)
    }

    func error(_ yaml: String) -> ConfigurationError? {
        #expect(throws: ConfigurationError.self) { try parse(yaml) }
    }

    static let example = """
        # Sira configuration
        server:
          port: 9090
        providers:
          claude:
            kind: anthropic
            api_key: ${ANTHROPIC_API_KEY}
          groq:
            kind: openai-compatible
            preset: groq
            api_key: ${GROQ_API_KEY}
          local:
            kind: openai-compatible
            base_url: http://localhost:8000/v1
            timeout: 30s
          azure:
            kind: azure-openai
            base_url: https://contoso.openai.azure.com
            api_key: ${AZURE_KEY:-azure-default}
            api_version: 2024-10-21
          gemini:
            kind: gemini
            api_key: literal-gemini-key
        models:
          smart: {provider: claude, model: claude-sonnet-4-6}
          fast:
            provider: groq
            model: llama-3.1-8b-instant
          local-llama: {provider: local}
        passthrough: [groq]
        """

    @Test("a full file: providers of every kind, models in order, pass-through prefixes, server settings")
    func example() throws {
        let configuration = try parse(Self.example)
        #expect(
            configuration.providers.map(\.kind) == [
                "anthropic", "openai-compatible", "openai-compatible", "azure-openai", "gemini",
            ])
        #expect(configuration.providers[0].apiKey?.value == "sk-ant-secret")
        #expect(configuration.providers[3].apiKey?.value == "azure-default", "${VAR:-default} uses the default")
        #expect(configuration.providers[2].timeout == .seconds(30))
        #expect(configuration.models.map(\.name) == ["smart", "fast", "local-llama"])
        #expect(configuration.models[2].upstreamModel == "local-llama", "the upstream model defaults to the name")
        #expect(configuration.port == 9090)
        let catalog = configuration.catalog()
        #expect(catalog["smart"]?.provider.name == "claude")
        #expect(catalog["smart"]?.upstreamModel == "claude-sonnet-4-6")
        #expect(catalog["groq/mixtral"]?.upstreamModel == "mixtral")
        #expect(catalog["claude/x"] == nil, "only listed prefixes pass through")
        #expect((catalog["fast"]?.provider as? OpenAIProvider)?.unsupportedParameters.contains("logprobs") == true)
        #expect((catalog["fast"]?.provider as? OpenAIProvider)?.baseURL == "https://api.groq.com/openai/v1")
    }

    @Test("the summary names where keys come from and never shows them")
    func summary() throws {
        let summary = try parse(Self.example).summary
        #expect(summary.contains("claude: anthropic, key from ${ANTHROPIC_API_KEY}"))
        #expect(summary.contains("gemini: gemini, key from literal"))
        #expect(summary.contains("azure: azure-openai at https://contoso.openai.azure.com, key from ${AZURE_KEY}"))
        for secret in ["sk-ant-secret", "gsk-secret", "azure-default", "literal-gemini-key"] {
            #expect(!summary.contains(secret))
        }
    }

    @Test(
        "each mistake names the file, the line and the key",
        arguments: [
            (
                "providers:\n  a:\n    kind: grok\nmodels:\n  m: {provider: a}\n", 3, "providers.a.kind",
                "unknown kind 'grok'"
            ),
            ("providers:\n  a:\n    kind: openai\n    api_kee: x\n", 4, "providers.a.api_kee", "unknown key"),
            ("providers:\n  a: {kind: anthropic, api_key: \"${NOPE}\"}\n", 2, "providers.a.api_key", "NOPE is not set"),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: b}\n", 4, "models.m.provider",
                "no provider is named 'b'"
            ),
            ("providers:\n  a: {kind: openai-compatible}\n", 2, "providers.a", "needs 'preset' or 'base_url'"),
            ("providers:\n  a: {kind: openai-compatible, preset: groqq}\n", 2, "providers.a.preset", "unknown preset"),
            (
                "providers:\n  a: {kind: openai-compatible, base_url: ftp://x}\n", 2, "providers.a.base_url",
                "http or https"
            ),
            ("providers:\n  a: {kind: mock}\n", 1, "", "declares no models"),
            ("providers:\n  a: {kind: mock}\n  a: {kind: mock}\n", 2, "", "duplicate key 'a'"),
            ("providers:\n  a: [unclosed\n", 3, "", "invalid YAML"),
            ("listen: 8080\n", 1, "listen", "unknown key"),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a}\ncache: {max_bytes: lots}\n", 5,
                "cache.max_bytes", "size"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a}\ncache: {max_bytes: 1MiB, max_entry_bytes: 2MiB}\n",
                5, "cache", "max_entry_bytes"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a, timeouts: {connect: soon}}\n", 4,
                "models.m.timeouts.connect", "duration"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a, hedge: {after: p95}}\n", 4,
                "models.m.hedge", "give the model 'targets'"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m:\n    targets: [{provider: a, model: x}, {provider: a, model: y}]\n    hedge: {max: 1}\n",
                6, "models.m.hedge", "'after' is required"
            ),
            (
                "providers:\n  a: {kind: mock}\nresilience:\n  breaker: {max_ejected: 150%}\n", 4,
                "resilience.breaker.max_ejected", "share"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a, retry: {backoff: 1s}}\n", 4,
                "models.m.retry",
                "'attempts' is required"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a, retry: {attempts: 11}}\n", 4,
                "models.m.retry.attempts", "from 1 to 10"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a}\nresilience: {retry_budget: {ratio: 2}}\n",
                5,
                "resilience.retry_budget.ratio", "from 0 to 1"
            ),
            (
                "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a, cache: maybe}\n", 4, "models.m.cache",
                "true or false"
            ),
            (
                "providers:\n  a: {kind: mock, timeout: soon}\nmodels:\n  m: {provider: a}\n", 2, "providers.a.timeout",
                "duration"
            ),
            (
                "providers:\n  a: {kind: anthropic, api_key: k, responses_api: true}\n", 2, "providers.a",
                "'responses_api' applies only to kinds openai and openai-compatible"
            ),
            (
                "providers:\n  q: {kind: openai-compatible, preset: dashscope, api_key: k}\n", 2, "providers.q",
                "runs two platforms with separate keys; set region: cn (https://dashscope.aliyuncs.com/compatible-mode/v1, keys from bailian.console.aliyun.com) or global"
            ),
            (
                "providers:\n  q: {kind: openai-compatible, preset: dashscope, region: china, api_key: k}\n", 2,
                "providers.q.region", "must be cn"
            ),
            (
                "providers:\n  q: {kind: openai-compatible, preset: qianfan, region: global, api_key: k}\n", 2,
                "providers.q.region", "has no global platform (only cn)"
            ),
            (
                "providers:\n  q: {kind: openai-compatible, preset: moonshot, region: cn, base_url: \"http://x\"}\n", 2,
                "providers.q.region", "both choose the URL"
            ),
            (
                "providers:\n  q: {kind: openai-compatible, preset: groq, region: cn, api_key: k}\n", 2,
                "providers.q.region", "one platform for every region"
            ),
            (
                "providers:\n  q: {kind: openai, region: cn, api_key: k}\n", 2, "providers.q.region", "set 'preset'"
            ),
        ])
    func mistakes(yaml: String, line: Int, path: String, message: String) {
        let found = error(yaml)
        #expect(found?.file == "sira.yaml")
        #expect(found?.line == line, "\(found?.description ?? "")")
        #expect(found?.path == path)
        #expect(found?.message.contains(message) == true, "\(found?.description ?? "")")
    }

    @Test("cache: sizes with units, a duration, and a per-model switch; groups take it too")
    func cache() throws {
        let configuration = try GatewayConfiguration.parse(
            """
            providers:
              a: {kind: mock}
            models:
              m: {provider: a}
              live: {provider: a, cache: off}
              g:
                cache: false
                targets: [{provider: a, model: x}]
            cache: {ttl: 90s, max_bytes: 64MiB, max_entry_bytes: 1MB}
            """, file: "sira.yaml", environment: [:])
        let cache = try #require(configuration.cache)
        #expect(
            cache.timeToLive == .seconds(90) && cache.maximumBytes == 64 << 20 && cache.maximumEntryBytes == 1_000_000)
        #expect(configuration.models.map(\.cache) == [nil, false, false])
        let defaults = try GatewayConfiguration.parse(
            "providers:\n  a: {kind: mock}\nmodels:\n  m: {provider: a}\ncache: {}\n", file: "s", environment: [:])
        #expect(defaults.cache?.timeToLive == .seconds(600) && defaults.cache?.maximumBytes == 256 << 20)
        #expect(configuration.summary.contains("cache: m; answers kept 90.0 seconds, at most 64 MiB (976 KiB each)"))
        let uncached = try parse(Self.example).summary
        #expect(defaults.summary.contains("cache: m;") && !uncached.contains("cache:"))
    }

    @Test("an error near a literal key never quotes it")
    func noSecretsInErrors() {
        let unknown = error("providers:\n  a: {kind: anthropic, api_key: sk-ant-literal-secret, oops: 1}\n")
        #expect(unknown?.description.contains("sk-ant-literal-secret") == false)
        let syntax = error("providers:\n  a: {kind: anthropic, api_key: sk-ant-literal-secret\n")
        #expect(syntax?.description.contains("sk-ant-literal-secret") == false)
    }

    @Test("without a file: the mock, plus each provider whose key is in the environment, as name/<model>")
    func fromEnvironment() {
        let configuration = GatewayConfiguration.fromEnvironment([
            "OPENAI_API_KEY": "sk-1", "GEMINI_API_KEY": "g-1", "GROQ_API_KEY": "gsk", "AZURE_OPENAI_API_KEY": "az",
        ])
        #expect(configuration.passThrough == ["openai", "gemini", "groq"], "Azure needs its endpoint too")
        let catalog = configuration.catalog()
        #expect(catalog["mock"] != nil)
        #expect(catalog["gemini/gemini-2.5-flash"]?.provider is GeminiProvider)
        #expect(catalog["groq/llama"]?.upstreamModel == "llama")
        #expect(GatewayConfiguration.fromEnvironment([:]).catalog().all.map(\.name) == ["mock"])
    }

    @Test("a regional preset's platform comes from region; a 401 there will name the other platform")
    func regions() throws {
        let configuration = try parse(
            """
            providers:
              qwen-cn: {kind: openai-compatible, preset: dashscope, region: cn, api_key: k}
              qwen-intl: {kind: openai-compatible, preset: dashscope, region: global, api_key: k}
              kimi-proxy: {kind: openai-compatible, preset: moonshot, base_url: "http://127.0.0.1:9/v1", api_key: k}
            models:
              a: {provider: qwen-cn, model: qwen-plus}
              b: {provider: qwen-intl, model: qwen-plus}
              c: {provider: kimi-proxy, model: kimi-k2.6}
            """)
        let catalog = configuration.catalog()
        let mainland = try #require(catalog["a"]?.provider as? OpenAIProvider)
        let international = try #require(catalog["b"]?.provider as? OpenAIProvider)
        let proxied = try #require(catalog["c"]?.provider as? OpenAIProvider)
        #expect(mainland.baseURL == "https://dashscope.aliyuncs.com/compatible-mode/v1")
        #expect(international.baseURL == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1")
        #expect(mainland.wrongPlatformHint?.contains("region: global") == true)
        #expect(international.wrongPlatformHint?.contains("region: cn") == true)
        #expect(proxied.wrongPlatformHint == nil, "a base URL of its own: Sira does not know its platform")
        #expect(
            configuration.summary.contains(
                "qwen-cn: openai-compatible (preset dashscope, region cn), key from literal, prices in CNY"))
    }

    @Test("from the environment, a regional preset needs its region too; without one it is left out, with a note")
    func regionsFromEnvironment() {
        let unsaid = GatewayConfiguration.fromEnvironment(["DASHSCOPE_API_KEY": "sk-1", "DEEPSEEK_API_KEY": "sk-2"])
        #expect(unsaid.providers.map(\.name) == ["mock", "deepseek"], "DeepSeek has one platform")
        #expect(unsaid.notes.count == 1)
        #expect(unsaid.notes.first?.contains("no region is set: set DASHSCOPE_REGION (or SIRA_REGION) to cn") == true)
        let wrong = GatewayConfiguration.fromEnvironment(["DASHSCOPE_API_KEY": "sk-1", "DASHSCOPE_REGION": "china"])
        #expect(wrong.notes.first?.contains("DASHSCOPE_REGION is neither cn nor global") == true)
        let upper = GatewayConfiguration.fromEnvironment(["DASHSCOPE_API_KEY": "sk-1", "DASHSCOPE_REGION": "CN"])
        #expect(upper.providers.last?.region == .cn)
        #expect(unsaid.summary.contains("notes:"))
        #expect(!unsaid.notes.joined().contains("sk-1"))

        let said = GatewayConfiguration.fromEnvironment([
            "DASHSCOPE_API_KEY": "sk-1", "DASHSCOPE_REGION": "cn", "MOONSHOT_API_KEY": "sk-3", "SIRA_REGION": "global",
        ])
        #expect(said.notes.isEmpty)
        #expect(said.providers.first { $0.name == "dashscope" }?.region == .cn, "the provider's own variable wins")
        #expect(said.providers.first { $0.name == "moonshot" }?.region == .global)
        let catalog = said.catalog()
        #expect(
            (catalog["dashscope/qwen-plus"]?.provider as? OpenAIProvider)?.baseURL.contains("dashscope.aliyuncs")
                == true)
        #expect((catalog["moonshot/kimi-k2.6"]?.provider as? OpenAIProvider)?.baseURL == "https://api.moonshot.ai/v1")
    }
}
