// The one entry point that turns a configuration into a running gateway. `sira serve`, every
// chapter's stage and the integration tests start the gateway through it, so the wiring the tests
// exercise is the wiring that runs in production.

import Logging
import SiraCache
import SiraConfig
import SiraCore
import SiraHTTP
import SiraProviders
import SiraResilience
import SiraRouting

/// The policies of the three levels (docs/architecture.md §1), outermost first. Each later chapter adds its
/// policies here, from the configuration.
public struct GatewayPolicies: Sendable {
    /// Request level: every route's request pipeline (auth, request-rate limits, access log, metrics).
    public var request: [any Policy<GatewayRequest, GatewayResponse>]
    /// Call level: every model call (cache, token limits, budgets).
    public var call: [any Policy<ChatCall, ProviderReply>]
    /// Attempt level: every attempt on a deployment (timeouts, retries, breakers, hedging).
    public var attempt: [any Policy<Attempt, ProviderReply>]

    /// Creates the policies; none at any level by default.
    /// - Parameters:
    ///   - request: Request-level policies.
    ///   - call: Call-level policies.
    ///   - attempt: Attempt-level policies.
    public init(
        request: [any Policy<GatewayRequest, GatewayResponse>] = [],
        call: [any Policy<ChatCall, ProviderReply>] = [],
        attempt: [any Policy<Attempt, ProviderReply>] = []
    ) {
        self.request = request
        self.call = call
        self.attempt = attempt
    }
}

/// The gateway, wired from a configuration: providers and model groups, the catalog, the endpoints
/// and the route table, every route a request pipeline.
///
/// ```swift
/// let app = GatewayApp(configuration: try GatewayConfiguration.load(path: "sira.yaml", environment: env),
///                      httpClients: UpstreamClients(), logger: logger)
/// try await app.server(HTTPServerConfiguration(port: 8080)).run()
/// ```
///
/// Dependencies are passed in: the clock (tests pass a `ManualClock` and never sleep through a
/// cool-down), the HTTP clients (whoever creates them shuts them down), and the logger.
public struct GatewayApp: Sendable {
    /// The models on offer.
    public let catalog: ModelCatalog
    /// The route table.
    public let router: Router
    /// The clock every request reads.
    public let clock: any GatewayClock
    /// The HTTP clients the providers call upstreams with (held here, so they live as long as the
    /// gateway; whoever made them shuts them down); `nil` for a gateway built around a catalog.
    public let httpClients: UpstreamClients?
    /// The logger.
    public let logger: Logger
    /// The answer cache, when the configuration has `cache:` (chapter 04).
    public let cache: CachePolicy?

    /// The largest chat request body: long conversations with images as data URLs are large.
    public static let maxChatBody = 16 * 1024 * 1024

    /// Builds the gateway.
    /// - Parameters:
    ///   - configuration: The parsed, validated configuration.
    ///   - clock: The clock; the system's by default.
    ///   - httpClients: The HTTP clients providers call upstreams with.
    ///   - logger: The logger.
    ///   - policies: The policies of each level; none by default.
    public init(
        configuration: GatewayConfiguration, clock: any GatewayClock = SystemClock(), httpClients: UpstreamClients,
        logger: Logger, policies: GatewayPolicies = GatewayPolicies()
    ) {
        var policies = policies
        // One budget for the process: retries, fallbacks and hedges together add at most its share.
        let budget = RetryBudget(
            ratio: configuration.resilience.retryBudgetRatio,
            minimumPerSecond: configuration.resilience.retryBudgetMinimumPerSecond, clock: clock)
        // Retries outside the timeouts: each try gets its own time to first token. The total deadline is
        // the outermost call policy, so every wait of the call (the cache's too) stops at it.
        if let retry = Self.retry(configuration, budget: budget) { policies.attempt.append(retry) }
        let (timeouts, deadlines) = Self.timeouts(configuration)
        if let timeouts { policies.attempt.append(timeouts) }
        if let deadlines { policies.call.insert(deadlines, at: 0) }
        let attempts = AttemptRunner(policies: policies.attempt, budget: budget)
        let factory = ProviderFactory(
            httpClients: httpClients, deployments: DeploymentStates(clock: clock), attempts: attempts,
            breaker: configuration.resilience.breaker)
        self.init(
            catalog: factory.catalog(configuration), clock: clock, logger: logger, policies: policies,
            attempts: attempts, httpClients: httpClients, cache: Self.cache(configuration, clock: clock))
    }

    /// The retry policy a configuration asks for (chapter 05): the models with `retry:` and their aliases,
    /// within the process-wide budget; `nil` when no model retries. It runs outside the timeout policy:
    /// each retry goes straight to the provider.
    static func retry(_ configuration: GatewayConfiguration, budget: RetryBudget) -> RetryPolicy? {
        var models: [String: RetryPolicy.Settings] = [:]
        for model in configuration.models {
            guard let retry = model.retry else { continue }
            let settings = RetryPolicy.Settings(
                attempts: retry.attempts, backoff: Backoff(base: retry.backoff, maximum: retry.maximumBackoff))
            for name in configuration.publicNames(of: model) { models[name] = settings }
        }
        guard !models.isEmpty else { return nil }
        return RetryPolicy(models: models, budget: budget)
    }

    /// The timeout policies a configuration asks for (chapter 05): first token and idle per attempt, the
    /// total per call; each `nil` when no model sets it. Aliases follow their model.
    static func timeouts(_ configuration: GatewayConfiguration) -> (TimeoutPolicy?, DeadlinePolicy?) {
        var attempts: [String: TimeoutPolicy.Settings] = [:]
        var totals: [String: Duration] = [:]
        for model in configuration.models {
            guard let timeouts = model.timeouts else { continue }
            for name in configuration.publicNames(of: model) {
                if timeouts.connect != nil || timeouts.firstToken != nil || timeouts.idle != nil {
                    attempts[name] = .init(
                        connect: timeouts.connect, firstToken: timeouts.firstToken, idle: timeouts.idle)
                }
                if let total = timeouts.total { totals[name] = total }
            }
        }
        return (
            attempts.isEmpty ? nil : TimeoutPolicy(models: attempts),
            totals.isEmpty ? nil : DeadlinePolicy(totals: totals)
        )
    }

    /// The cache a configuration asks for: on for every model unless the model says `cache: off`; with
    /// no top-level `cache:`, only for the models that say `cache: on`, with the default limits. An
    /// alias follows its model.
    static func cache(_ configuration: GatewayConfiguration, clock: any GatewayClock) -> CachePolicy? {
        let everything = configuration.cache != nil
        let cached = configuration.models.filter { $0.cache ?? everything }
        guard everything || !cached.isEmpty else { return nil }
        let selection: CachePolicy.ModelSelection =
            everything
            ? .all(
                except: Set(configuration.models.filter { $0.cache == false }.flatMap(configuration.publicNames(of:))))
            : .only(Set(cached.flatMap(configuration.publicNames(of:))))
        var deployments: [String: String] = [:]
        for model in configuration.models {
            let targets =
                model.group?.targets.map { "\($0.provider)/\($0.model)" } ?? [
                    "\(model.provider)/\(model.upstreamModel)"
                ]
            for name in configuration.publicNames(of: model) { deployments[name] = targets.joined(separator: ",") }
        }
        let settings = configuration.cache ?? GatewayConfiguration.CacheSettings()
        let limits = MemoryCacheStore<CachedAnswer>.Limits(
            maximumBytes: settings.maximumBytes, maximumEntryBytes: settings.maximumEntryBytes,
            timeToLive: settings.timeToLive)
        return CachePolicy(
            settings: .init(limits: limits, models: selection, deployments: deployments), clock: clock)
    }

    /// Builds the gateway around a catalog made by hand (tests with a provider of their own, and
    /// benchmarks). Model groups in it keep the attempt runner they were made with.
    /// - Parameters:
    ///   - catalog: The models on offer.
    ///   - clock: The clock; the system's by default.
    ///   - logger: The logger.
    ///   - policies: The policies of each level; none by default.
    public init(
        catalog: ModelCatalog, clock: any GatewayClock = SystemClock(), logger: Logger,
        policies: GatewayPolicies = GatewayPolicies()
    ) {
        self.init(
            catalog: catalog, clock: clock, logger: logger, policies: policies,
            attempts: AttemptRunner(policies: policies.attempt), httpClients: nil, cache: nil)
    }

    private init(
        catalog: ModelCatalog, clock: any GatewayClock, logger: Logger, policies: GatewayPolicies,
        attempts: AttemptRunner, httpClients: UpstreamClients?, cache: CachePolicy?
    ) {
        self.catalog = catalog
        self.clock = clock
        self.logger = logger
        self.httpClients = httpClients
        self.cache = cache
        // The cache is the innermost call policy: budgets and token limits (later chapters) see a hit too.
        let callPolicies = policies.call + (cache.map { [$0] } ?? [])
        self.router = Self.routes(
            calls: ModelCalls(catalog: catalog, policies: callPolicies, attempts: attempts),
            requestPolicies: policies.request, cache: cache)
    }

    /// The endpoints, each behind the request-level policies.
    static func routes(
        calls: ModelCalls, requestPolicies: [any Policy<GatewayRequest, GatewayResponse>], cache: CachePolicy? = nil
    ) -> Router {
        let chat = OpenAIChatEndpoint(calls: calls)
        let messages = AnthropicMessagesEndpoint(calls: calls)
        let responses = OpenAIResponsesEndpoint(calls: calls)
        let embeddings = OpenAIEmbeddingsEndpoint(calls: calls)
        let models = OpenAIModelsEndpoint(catalog: calls.catalog)
        let explain = ExplainEndpoint(catalog: calls.catalog)
        let health = GatewayResponse.json(["status": "ok"])  // never changes, so encoded once
        let policies = requestPolicies
        var extra: [Route] = []
        if let cache {
            // An admin's purge: every stored answer becomes unreachable. Chapter 07 puts it behind an admin key.
            extra.append(
                Route("POST", "/sira/cache/purge", maxBodySize: 1024, policies: policies) { _, _ in
                    GatewayResponse.json(["generation": .integer(Int64(cache.purge()))])
                })
        }
        return Router(
            extra + [
                Route("GET", "/health", policies: policies) { _, _ in health },
                Route("POST", "/v1/chat/completions", maxBodySize: maxChatBody, policies: policies) {
                    try await chat.handle($0, context: $1)
                },
                Route("POST", "/v1/messages", maxBodySize: maxChatBody, format: .anthropic, policies: policies) {
                    try await messages.handle($0, context: $1)
                },
                Route("POST", "/v1/responses", maxBodySize: maxChatBody, policies: policies) {
                    try await responses.handle($0, context: $1)
                },
                Route("POST", "/v1/embeddings", maxBodySize: maxChatBody, policies: policies) {
                    try await embeddings.handle($0, context: $1)
                },
                Route("GET", "/v1/models", policies: policies) { _, _ in models.handle() },
                Route("POST", "/sira/explain", maxBodySize: maxChatBody, policies: policies) {
                    try explain.handle($0, context: $1)
                },
            ])
    }

    /// An HTTP server for the gateway's routes, on the gateway's clock and logger.
    /// - Parameter configuration: The server settings (host, port, limits, timeouts, access log).
    /// - Returns: The server, not yet running.
    public func server(_ configuration: HTTPServerConfiguration) -> HTTPServer {
        HTTPServer(configuration: configuration, router: router, logger: logger, clock: clock)
    }
}
