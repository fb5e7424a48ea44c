// The gateway's configuration file (`sira serve --config sira.yaml`): which providers exist, how
// to reach them, and which public model names map to which provider and upstream model.
//
//     providers:
//       claude: {kind: anthropic, api_key: "${ANTHROPIC_API_KEY}"}
//       groq:   {kind: openai-compatible, preset: groq, api_key: "${GROQ_API_KEY}"}
//       local:  {kind: openai-compatible, base_url: "http://localhost:8000/v1"}
//     models:
//       smart: {provider: claude, model: claude-sonnet-4-6}
//       fast:  {provider: groq, model: llama-3.1-8b-instant}
//     passthrough: [groq]          # also accept groq/<any model>
//     cache: {ttl: 10m, max_bytes: 256MiB}   # chapter 04: answer repeats from memory
//
// Chapter 03 turns a model's single target into routing across several. This module only parses and
// validates; `SiraGateway` builds providers, groups and endpoints from what it returns.

import Foundation
import SiraCore
import SiraProviders
import SiraResilience
import SiraRouting
import Yams

/// A parsed, validated configuration.
public struct GatewayConfiguration: Sendable {
    /// One configured provider.
    public struct ProviderSettings: Sendable {
        /// The provider's name (its key under `providers`).
        public var name: String
        /// `openai`, `azure-openai`, `anthropic`, `gemini`, `openai-compatible` or `mock`.
        public var kind: String
        /// The preset of an `openai-compatible` provider.
        public var preset: String?
        /// The base URL (the Azure resource endpoint for `azure-openai`).
        public var baseURL: String?
        /// The key, if any. Never printed.
        public var apiKey: Secret?
        /// Where the key came from (`${OPENAI_API_KEY}` or `literal`), for `sira check`.
        public var apiKeySource: String?
        /// Azure's dated API version (classic deployment URLs); `nil` for the v1 API.
        public var apiVersion: String?
        /// `region: cn | global`: which platform of a preset that runs a mainland and an international one.
        public var region: OpenAICompatiblePreset.Region?
        /// `currency: CNY | USD`: what the account is billed in, which price list routing reads.
        public var currency: Currency?

        /// The currency the account is billed in: as configured, else CNY on a mainland platform (a
        /// preset's `region: cn`, or a preset whose only platform is mainland), else USD.
        public var billingCurrency: Currency {
            if let currency { return currency }
            let preset = self.preset.flatMap(OpenAICompatiblePreset.named)
            let platformRegion = region ?? (preset?.platforms.count == 1 ? preset?.platforms[0].region : nil)
            return platformRegion == .cn ? .cny : .usd
        }
        /// `responses_api:`: whether an OpenAI-format upstream serves the Responses API, so Responses API
        /// calls are forwarded as they are; `nil` means yes for OpenAI's own API (`https://api.openai.com/…`),
        /// no for any other server.
        public var servesResponses: Bool?
        /// The longest a call may take.
        public var timeout: Duration
        /// The line the provider is declared on, for later errors.
        public var line: Int
    }

    /// One public model: a single provider and upstream model, or a routed group (chapter 03).
    public struct ModelSettings: Sendable {
        /// The public name.
        public var name: String
        /// The provider's name (the first target's, for a group).
        public var provider: String
        /// The upstream model (the first target's, for a group).
        public var upstreamModel: String
        /// The group, when the model has `targets`.
        public var group: GroupSettings?
        /// `cache: off` (or `on`) on the model; `nil` follows the top-level `cache`.
        public var cache: Bool?
        /// `retry:` on the model (chapter 05); `nil`: one try per deployment.
        public var retry: RetrySettings?
        /// `timeouts:` on the model (chapter 05); `nil`: only the provider's own timeout.
        public var timeouts: TimeoutSettings?

        /// Creates a single-target model.
        /// - Parameters:
        ///   - name: The public name.
        ///   - provider: The provider's name.
        ///   - upstreamModel: The upstream model.
        public init(name: String, provider: String, upstreamModel: String) {
            self.name = name
            self.provider = provider
            self.upstreamModel = upstreamModel
        }
    }

    /// The answer cache (chapter 04): how long an answer is kept, and how much memory all of them may use.
    public struct CacheSettings: Sendable, Hashable {
        /// How long an answer is served after it was stored.
        public var timeToLive: Duration = .seconds(600)
        /// The most bytes all answers may use.
        public var maximumBytes = 256 << 20
        /// The most bytes one answer may use (an eighth of the total by default).
        public var maximumEntryBytes: Int?

        /// Creates the defaults: ten minutes, 256 MiB.
        public init() {}
    }

    /// The answer cache, when the file has `cache:`; off otherwise.
    public var cache: CacheSettings?

    /// How a model retries a deployment before falling back (chapter 05):
    /// `retry: {attempts: 3, backoff: 200ms, max_backoff: 5s}`.
    public struct RetrySettings: Sendable, Hashable {
        /// Tries per deployment, the first included.
        public var attempts: Int
        /// The backoff before the first retry, before jitter.
        public var backoff: Duration = .milliseconds(200)
        /// The cap on backoff.
        public var maximumBackoff: Duration = .seconds(5)

        /// Creates settings.
        /// - Parameter attempts: Tries per deployment, the first included.
        public init(attempts: Int) { self.attempts = attempts }
    }

    /// A model's split timeouts (chapter 05): `timeouts: {connect: 5s, first_token: 20s, idle: 30s, total: 120s}`.
    public struct TimeoutSettings: Sendable, Hashable {
        /// The longest a new upstream connection may take to open (the lean client's; AsyncHTTPClient,
        /// used behind a proxy, keeps its own 10 s).
        public var connect: Duration?
        /// The longest wait for an attempt's first content.
        public var firstToken: Duration?
        /// The longest silence between a stream's events.
        public var idle: Duration?
        /// One deadline for the whole request, from its arrival, shared by every retry and fallback.
        public var total: Duration?

        /// Creates empty settings.
        public init() {}
    }

    /// What the whole process allows (chapter 05):
    /// `resilience: {retry_budget: {ratio: 0.2, min_per_second: 3}, breaker: {consecutive_failures: 5, ...}}`.
    public struct ResilienceSettings: Sendable, Hashable {
        /// The share of requests that may be retried.
        public var retryBudgetRatio = 0.2
        /// Retries allowed per second whatever the traffic.
        public var retryBudgetMinimumPerSecond = 3.0
        /// Every deployment's circuit breaker (a group's `cooldown:` overrides its first two numbers).
        public var breaker = CircuitBreaker.Settings()

        /// Creates the defaults.
        public init() {}
    }

    /// The process-wide resilience settings.
    public var resilience = ResilienceSettings()

    /// The attempt-level settings that apply to a model (`sira explain` prints them): its retries,
    /// timeouts and hedging, in the order the attempt pipeline runs them, and the process's retry
    /// budget and breaker.
    /// - Parameter name: A public model name or alias.
    /// - Returns: The settings as JSON, or `nil` when no configured model has that name.
    public func attemptPolicies(of name: String) -> JSONValue? {
        let resolved = aliases.first { $0.alias == name }?.model ?? name
        guard let model = models.first(where: { $0.name == resolved }) else { return nil }
        var policies: [JSONValue] = []
        if let retry = model.retry {
            policies.append([
                "policy": "retry", "attempts": .integer(Int64(retry.attempts)),
                "backoff": .string("\(retry.backoff)"), "max_backoff": .string("\(retry.maximumBackoff)"),
            ])
        }
        if let timeouts = model.timeouts {
            var object: JSONObject = ["policy": "timeout"]
            if let connect = timeouts.connect { object["connect"] = .string("\(connect)") }
            if let firstToken = timeouts.firstToken { object["first_token"] = .string("\(firstToken)") }
            if let idle = timeouts.idle { object["idle"] = .string("\(idle)") }
            if let total = timeouts.total { object["total"] = .string("\(total) (the call's deadline)") }
            policies.append(.object(object))
        }
        var result: JSONObject = [
            "attempt_policies": .array(policies),
            "retry_budget": [
                "ratio": .double(resilience.retryBudgetRatio),
                "min_per_second": .double(resilience.retryBudgetMinimumPerSecond),
            ],
        ]
        if let group = model.group {
            // As the gateway builds it: a group's cooldown: sets the first two numbers (`HealthSettings`).
            let breaker = resilience.breaker
            let base = group.health?.coolDown ?? breaker.baseEjection
            result["breaker"] = [
                "consecutive_failures": .integer(
                    Int64(group.health?.failuresToCoolDown ?? breaker.consecutiveFailures)),
                "base_ejection": .string("\(base)"), "max_ejection": .string("\(max(base, breaker.maximumEjection))"),
                "max_ejected": .double(breaker.maximumEjectedShare),
            ]
        }
        if let hedge = model.group?.hedge {
            result["hedge"] = [
                "after": .string(hedge.delay.configured), "max": .integer(Int64(hedge.maximum)),
                "tools": .bool(hedge.withTools),
            ]
        }
        return .object(result)
    }

    /// The names a client may use for a model: its own and its aliases'. Per-model settings (the cache
    /// switch, retries, timeouts) follow every one of them.
    /// - Parameter model: The model.
    /// - Returns: Its name, then its aliases.
    public func publicNames(of model: ModelSettings) -> [String] {
        [model.name] + aliases.filter { $0.model == model.name }.map(\.alias)
    }

    /// Other names for models (`default: smart`).
    public var aliases: [(alias: String, model: String)] = []

    /// The providers, in file order.
    public var providers: [ProviderSettings] = []
    /// The models, in file order.
    public var models: [ModelSettings] = []
    /// Providers whose `name/<model>` is accepted for any model.
    public var passThrough: [String] = []
    /// What the configuration left out and why, for `sira check` and the server's start-up log (a key in
    /// the environment whose platform was not chosen).
    public var notes: [String] = []
    /// `server.host`, when set.
    public var host: String?
    /// `server.port`, when set.
    public var port: Int?

    /// The provider kinds a configuration may name.
    public static let kinds = ["openai", "azure-openai", "anthropic", "gemini", "openai-compatible", "mock"]

    /// Creates an empty configuration.
    public init() {}

    /// Reads and validates a configuration file.
    /// - Parameters:
    ///   - path: The file.
    ///   - environment: The environment for `${VAR}` references.
    /// - Returns: The configuration.
    /// - Throws: `ConfigurationError` naming the file, line and key of the first problem.
    public static func load(path: String, environment: [String: String]) throws -> GatewayConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: 0, path: "", message: "cannot be read")
        }
        guard data.count <= 1 << 20 else {
            throw ConfigurationError(file: path, line: 0, path: "", message: "is larger than 1 MiB")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path, environment: environment)
    }

    /// The configuration a command runs with: the file when one is named (an argument, else
    /// `SIRA_CONFIG`), else `fromEnvironment`.
    /// - Parameters:
    ///   - path: The file named on the command line, if any.
    ///   - environment: The environment.
    /// - Returns: The configuration.
    /// - Throws: `ConfigurationError` for a file with a problem.
    public static func resolve(path: String?, environment: [String: String]) throws -> GatewayConfiguration {
        guard let path = path ?? environment["SIRA_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return fromEnvironment(environment)
        }
        return try load(path: path, environment: environment)
    }

    /// Parses and validates configuration text.
    /// - Parameters:
    ///   - yaml: The YAML text.
    ///   - file: The file name for error messages.
    ///   - environment: The environment for `${VAR}` references.
    /// - Returns: The configuration.
    /// - Throws: `ConfigurationError` naming the file, line and key of the first problem.
    public static func parse(_ yaml: String, file: String, environment: [String: String]) throws
        -> GatewayConfiguration
    {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigurationError(file: file, line: 0, path: "", message: "is empty")
            }
            root = node
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
        let document = ConfigNode(node: root, path: "", file: file, environment: environment)
        var configuration = GatewayConfiguration()
        let sections: Set<String> = ["providers", "models", "aliases", "passthrough", "server", "cache", "resilience"]
        for (key, value) in try document.mapping(allowed: sections) {
            switch key {
            case "providers":
                for (name, settings) in try value.mapping() {
                    configuration.providers.append(try provider(name, settings))
                }
            case "models":
                for (name, settings) in try value.mapping() {
                    configuration.models.append(try model(name, settings, providers: configuration.providers))
                }
            case "aliases":
                for (alias, target) in try value.mapping() {
                    let model = try target.string()
                    guard configuration.models.contains(where: { $0.name == model }) else {
                        throw target.error("no model is named '\(model)' (models must be declared before aliases)")
                    }
                    guard !configuration.models.contains(where: { $0.name == alias }) else {
                        throw target.error("the alias '\(alias)' is already a model's name")
                    }
                    configuration.aliases.append((alias, model))
                }
            case "passthrough":
                for item in try value.sequence() {
                    let name = try item.string()
                    guard configuration.providers.contains(where: { $0.name == name }) else {
                        throw item.error("no provider is named '\(name)'")
                    }
                    configuration.passThrough.append(name)
                }
            case "cache":
                configuration.cache = try cacheSettings(value)
            case "resilience":
                configuration.resilience = try resilienceSettings(value)
            default:
                for (setting, node) in try value.mapping(allowed: ["host", "port"]) {
                    if setting == "host" { configuration.host = try node.string() }
                    if setting == "port" { configuration.port = try node.int(in: 0...65535) }
                }
            }
        }
        if configuration.models.isEmpty && configuration.passThrough.isEmpty {
            throw document.error("declares no models: add `models:` or `passthrough:`")
        }
        return configuration
    }

    /// Yams' errors, reduced to position and problem: its own description quotes the line, which
    /// may hold a key.
    static func syntaxError(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationError(file: file, line: mark.line, path: "", message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationError(
                file: file, line: context.mark.line, path: "",
                message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return ConfigurationError(file: file, line: 0, path: "", message: "invalid YAML")
        }
    }

    static func provider(_ name: String, _ node: ConfigNode) throws -> ProviderSettings {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }), !name.isEmpty else {
            throw node.error("provider names use letters, digits, '-' and '_'")
        }
        let allowed: Set<String> = [
            "kind", "preset", "region", "currency", "base_url", "api_key", "api_version", "timeout", "responses_api",
        ]
        var regionNode: ConfigNode?
        var settings = ProviderSettings(name: name, kind: "", timeout: .seconds(600), line: node.line)
        var keyNode: ConfigNode?
        for (key, value) in try node.mapping(allowed: allowed) {
            switch key {
            case "kind":
                settings.kind = try value.string()
                guard kinds.contains(settings.kind) else {
                    throw value.error(
                        "unknown kind '\(settings.kind)' (expected one of: \(kinds.joined(separator: ", ")))")
                }
            case "preset":
                let preset = try value.string()
                guard OpenAICompatiblePreset.named(preset) != nil else {
                    let names = OpenAICompatiblePreset.all.map(\.name).joined(separator: ", ")
                    throw value.error("unknown preset '\(preset)' (expected one of: \(names))")
                }
                settings.preset = preset
            case "base_url":
                let url = try value.string()
                guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
                else { throw value.error("must be an http or https URL") }
                settings.baseURL = url
            case "api_key":
                keyNode = value
                settings.apiKey = Secret(try value.string())
                if case .scalar(let scalar) = value.node {
                    settings.apiKeySource = EnvironmentReference.names(in: scalar.string)
                        .map { "${\($0)}" }.joined(separator: ", ")
                    if settings.apiKeySource?.isEmpty == true { settings.apiKeySource = "literal" }
                }
            case "api_version":
                settings.apiVersion = try value.string()
            case "responses_api":
                settings.servesResponses = try value.bool()
            case "currency":
                settings.currency = try currency(value)
            case "region":
                regionNode = value
                let region = try value.string()
                guard let parsed = OpenAICompatiblePreset.Region(rawValue: region) else {
                    throw value.error("must be cn (mainland China) or global (the international platform)")
                }
                settings.region = parsed
            default:
                settings.timeout = try value.duration()
            }
        }
        guard !settings.kind.isEmpty else { throw node.error("'kind' is required") }
        if settings.preset != nil, settings.kind != "openai-compatible" {
            throw node.error("'preset' applies only to kind openai-compatible")
        }
        try checkRegion(settings, node: node, regionNode: regionNode)
        if settings.servesResponses != nil, !["openai", "openai-compatible"].contains(settings.kind) {
            throw node.error("'responses_api' applies only to kinds openai and openai-compatible")
        }
        switch settings.kind {
        case "openai-compatible" where settings.preset == nil && settings.baseURL == nil:
            throw node.error("an openai-compatible provider needs 'preset' or 'base_url'")
        case "azure-openai" where settings.baseURL == nil:
            throw node.error("an azure-openai provider needs 'base_url' (the resource endpoint)")
        case "azure-openai" where settings.apiKey == nil:
            throw node.error("'api_key' is required for kind azure-openai")
        case let kind
        where ["openai", "anthropic", "gemini"].contains(kind) && settings.apiKey == nil
            && settings.baseURL == nil:
            // A key may be left out only for another base URL (a local proxy that adds it).
            throw node.error("'api_key' is required for kind \(kind)")
        default:
            break
        }
        if let preset = settings.preset.flatMap(OpenAICompatiblePreset.named), preset.requiresKey,
            settings.apiKey == nil
        {
            throw node.error("the \(preset.name) preset needs 'api_key'")
        }
        if let keyNode, settings.apiKey?.value.isEmpty == true { throw keyNode.error("is empty") }
        return settings
    }

    /// `currency: CNY | USD`.
    static func currency(_ node: ConfigNode) throws -> Currency {
        guard let currency = Currency(rawValue: try node.string().uppercased()) else {
            throw node.error("must be CNY or USD")
        }
        return currency
    }

    /// A preset's platform must be chosen explicitly when it has two (its keys work on one only), and a
    /// `region` must name a platform the preset has.
    static func checkRegion(_ settings: ProviderSettings, node: ConfigNode, regionNode: ConfigNode?) throws {
        let preset = settings.preset.flatMap(OpenAICompatiblePreset.named)
        if let region = settings.region, let regionNode {
            guard let preset else { throw regionNode.error("'region' chooses a preset's platform; set 'preset'") }
            guard settings.baseURL == nil else {
                throw regionNode.error("'region' and 'base_url' both choose the URL; keep one")
            }
            guard preset.platforms.contains(where: { $0.region != nil }) else {
                throw regionNode.error("the \(preset.name) preset has one platform for every region; remove 'region'")
            }
            guard preset.platform(region) != nil else {
                let regions = preset.platforms.compactMap(\.region?.rawValue).joined(separator: ", ")
                throw regionNode.error("the \(preset.name) preset has no \(region.rawValue) platform (only \(regions))")
            }
        }
        if let preset, preset.needsRegion, settings.region == nil, settings.baseURL == nil {
            throw node.error(
                "the \(preset.name) preset runs two platforms with separate keys; set region: "
                    + preset.platforms.map { platform in
                        "\(platform.region?.rawValue ?? "") (\(platform.baseURL)"
                            + (platform.console.map { ", keys from \($0)" } ?? "") + ")"
                    }.joined(separator: " or "))
        }
    }

    /// `cache: {ttl: 10m, max_bytes: 256MiB, max_entry_bytes: 8MiB}`; every setting optional.
    static func cacheSettings(_ node: ConfigNode) throws -> CacheSettings {
        var settings = CacheSettings()
        for (key, value) in try node.mapping(allowed: ["ttl", "max_bytes", "max_entry_bytes"]) {
            switch key {
            case "ttl": settings.timeToLive = try value.duration()
            case "max_bytes": settings.maximumBytes = try value.bytes()
            default: settings.maximumEntryBytes = try value.bytes()
            }
        }
        if let entry = settings.maximumEntryBytes, entry > settings.maximumBytes {
            throw node.error("max_entry_bytes must not exceed max_bytes")
        }
        return settings
    }

    /// `retry: {attempts: 3, backoff: 200ms, max_backoff: 5s}`; `attempts` is required (1 to 10).
    static func retrySettings(_ node: ConfigNode) throws -> RetrySettings {
        var attempts: Int?
        var settings = RetrySettings(attempts: 1)
        for (key, value) in try node.mapping(allowed: ["attempts", "backoff", "max_backoff"]) {
            switch key {
            case "attempts": attempts = try value.int(in: 1...10)
            case "backoff": settings.backoff = try value.duration()
            default: settings.maximumBackoff = try value.duration()
            }
        }
        guard let attempts else { throw node.error("'attempts' is required") }
        settings.attempts = attempts
        return settings
    }

    /// `hedge: {after: p95 | 800ms, max: 1, tools: false}`: only for a model with `targets`.
    static func hedgeSettings(_ node: ConfigNode) throws -> HedgeSettings {
        var delay: HedgeSettings.Delay?
        var settings = HedgeSettings(delay: .p95)
        for (key, value) in try node.mapping(allowed: ["after", "max", "tools"]) {
            switch key {
            case "after": delay = try value.string() == "p95" ? .p95 : .fixed(try value.duration())
            case "max": settings.maximum = try value.int(in: 1...3)
            default: settings.withTools = try value.bool()
            }
        }
        guard let delay else { throw node.error("'after' is required: p95, or a duration such as 800ms") }
        settings.delay = delay
        return settings
    }

    /// `timeouts: {connect: 5s, first_token: 20s, idle: 30s, total: 120s}`; every setting optional.
    static func timeoutSettings(_ node: ConfigNode) throws -> TimeoutSettings {
        var settings = TimeoutSettings()
        for (key, value) in try node.mapping(allowed: ["connect", "first_token", "idle", "total"]) {
            switch key {
            case "connect": settings.connect = try value.duration()
            case "first_token": settings.firstToken = try value.duration()
            case "idle": settings.idle = try value.duration()
            default: settings.total = try value.duration()
            }
        }
        return settings
    }

    /// `resilience: {retry_budget: {ratio: 0.2, min_per_second: 3}, breaker: {...}}`.
    static func resilienceSettings(_ node: ConfigNode) throws -> ResilienceSettings {
        var settings = ResilienceSettings()
        for (section, budget) in try node.mapping(allowed: ["retry_budget", "breaker"]) {
            if section == "breaker" {
                settings.breaker = try breakerSettings(budget)
                continue
            }
            for (key, value) in try budget.mapping(allowed: ["ratio", "min_per_second"]) {
                if key == "ratio" {
                    let ratio = try value.number(atLeast: 0)
                    guard ratio <= 1 else { throw value.error("must be a number from 0 to 1") }
                    settings.retryBudgetRatio = ratio
                } else {
                    settings.retryBudgetMinimumPerSecond = try value.number(atLeast: 0)
                }
            }
        }
        return settings
    }

    /// `breaker: {consecutive_failures: 5, base_ejection: 30s, max_ejection: 5m, max_ejected: 50%,
    /// failure_rate: 50%, window: 30s, minimum_requests: 20, rate_limit_pause: 1s}`, each optional.
    static func breakerSettings(_ node: ConfigNode) throws -> CircuitBreaker.Settings {
        var settings = CircuitBreaker.Settings()
        var maximumEjection: Duration?
        for (key, value) in try node.mapping(allowed: [
            "consecutive_failures", "base_ejection", "max_ejection", "max_ejected", "failure_rate", "window",
            "minimum_requests", "rate_limit_pause",
        ]) {
            switch key {
            case "consecutive_failures": settings.consecutiveFailures = try value.int(in: 1...1000)
            case "base_ejection": settings.baseEjection = try value.duration()
            case "max_ejection": maximumEjection = try value.duration()
            case "max_ejected": settings.maximumEjectedShare = try value.share()
            case "failure_rate":
                let rate = try value.share()
                guard rate > 0 else {
                    throw value.error("must be above 0 (leave it out to eject on consecutive failures only)")
                }
                settings.failureRate = rate
            case "window": settings.window = try value.duration()
            case "minimum_requests": settings.minimumRequests = try value.int(in: 1...100_000)
            default: settings.rateLimitPause = try value.duration()
            }
        }
        if let maximumEjection {
            guard maximumEjection >= settings.baseEjection else {
                throw node.error("'max_ejection' must be at least 'base_ejection'")
            }
            settings.maximumEjection = maximumEjection
        } else {
            settings.maximumEjection = max(settings.maximumEjection, settings.baseEjection)
        }
        return settings
    }

    static func model(_ name: String, _ node: ConfigNode, providers: [ProviderSettings]) throws -> ModelSettings {
        var cache: Bool?
        var retry: RetrySettings?
        var timeouts: TimeoutSettings?
        if case .mapping = node.node {
            for (key, value) in try node.mapping() {
                if key == "cache" { cache = try value.bool() }
                if key == "retry" { retry = try retrySettings(value) }
                if key == "timeouts" { timeouts = try timeoutSettings(value) }
            }
        }
        if case .mapping(let mapping) = node.node, mapping["targets"] != nil {
            let group = try GroupSettings.parse(node, providers: providers)
            var settings = ModelSettings(
                name: name, provider: group.targets[0].provider, upstreamModel: group.targets[0].model)
            settings.group = group
            settings.cache = cache
            settings.retry = retry
            settings.timeouts = timeouts
            return settings
        }
        var provider: String?
        var upstream: String?
        for (key, value) in try node.mapping(allowed: ["provider", "model", "cache", "retry", "timeouts", "hedge"])
        where !["cache", "retry", "timeouts"].contains(key) {
            if key == "hedge" {
                throw value.error("hedging needs another deployment to hedge on: give the model 'targets'")
            }
            if key == "provider" {
                let name = try value.string()
                guard providers.contains(where: { $0.name == name }) else {
                    throw value.error("no provider is named '\(name)' (providers must be declared before models)")
                }
                provider = name
            } else {
                upstream = try value.string()
            }
        }
        guard let provider else { throw node.error("'provider' is required") }
        var settings = ModelSettings(name: name, provider: provider, upstreamModel: upstream ?? name)
        settings.cache = cache
        settings.retry = retry
        settings.timeouts = timeouts
        return settings
    }

    /// The configuration when no file is given: the mock as `mock`, and every provider whose key is
    /// in the environment as `name/<model>` (`openai/gpt-4o`, `groq/llama-3.1-8b-instant`).
    ///
    /// `OPENAI_API_KEY` (`OPENAI_BASE_URL` points it elsewhere), `ANTHROPIC_API_KEY`,
    /// `GEMINI_API_KEY`, `AZURE_OPENAI_API_KEY` with `AZURE_OPENAI_ENDPOINT` (and optionally
    /// `AZURE_OPENAI_API_VERSION`), and each preset's variable (`GROQ_API_KEY`, …).
    /// - Parameter environment: The environment.
    /// - Returns: The configuration.
    public static func fromEnvironment(_ environment: [String: String]) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.providers.append(ProviderSettings(name: "mock", kind: "mock", timeout: .seconds(600), line: 0))
        configuration.models.append(ModelSettings(name: "mock", provider: "mock", upstreamModel: "mock"))
        func add(_ name: String, _ kind: String, key: String, baseURL: String? = nil, preset: String? = nil) {
            guard let value = environment[key], !value.isEmpty else { return }
            var settings = ProviderSettings(
                name: name, kind: kind, preset: preset, baseURL: baseURL, apiKey: Secret(value),
                apiKeySource: "${\(key)}", timeout: .seconds(600), line: 0)
            if kind == "azure-openai" {
                guard let endpoint = environment["AZURE_OPENAI_ENDPOINT"], !endpoint.isEmpty else { return }
                settings.baseURL = endpoint
                settings.apiVersion = environment["AZURE_OPENAI_API_VERSION"]
            }
            configuration.providers.append(settings)
            configuration.passThrough.append(name)
        }
        add("openai", "openai", key: "OPENAI_API_KEY", baseURL: environment["OPENAI_BASE_URL"])
        add("anthropic", "anthropic", key: "ANTHROPIC_API_KEY", baseURL: environment["ANTHROPIC_BASE_URL"])
        add("gemini", "gemini", key: "GEMINI_API_KEY", baseURL: environment["GEMINI_BASE_URL"])
        add("azure", "azure-openai", key: "AZURE_OPENAI_API_KEY")
        for preset in OpenAICompatiblePreset.all {
            guard let variable = preset.keyVariable else { continue }
            guard preset.needsRegion, environment[variable]?.isEmpty == false else {
                add(preset.name, "openai-compatible", key: variable, preset: preset.name)
                continue
            }
            // A key works on one platform only: the environment must say which, as a file must.
            let regionVariable = Self.regionVariable(for: variable)
            let said = [regionVariable, "SIRA_REGION"].first { environment[$0]?.isEmpty == false }
            let chosen = said.flatMap { environment[$0]?.lowercased() }
            guard let region = chosen.flatMap(OpenAICompatiblePreset.Region.init(rawValue:)) else {
                let options = preset.platforms.map { "\($0.region?.rawValue ?? "") (\($0.baseURL))" }
                let problem = said.map { "\($0) is neither cn nor global" } ?? "no region is set"
                configuration.notes.append(
                    "\(variable) is set, but \(preset.name) runs two platforms and \(problem): set \(regionVariable) "
                        + "(or SIRA_REGION) to \(options.joined(separator: " or ")); \(preset.name) is left out until then"
                )
                continue
            }
            add(preset.name, "openai-compatible", key: variable, preset: preset.name)
            configuration.providers[configuration.providers.count - 1].region = region
        }
        return configuration
    }

    /// The variable that chooses a preset's platform in the environment: `DASHSCOPE_API_KEY` →
    /// `DASHSCOPE_REGION`.
    static func regionVariable(for keyVariable: String) -> String {
        (keyVariable.hasSuffix("_API_KEY") ? String(keyVariable.dropLast("_API_KEY".count)) : keyVariable) + "_REGION"
    }

    /// A URL without credentials or query (either may hold a secret): scheme, host, port and path.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "<invalid URL>" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<invalid URL>"
    }

    /// A summary for `sira check`: providers (kind, URL, where the key comes from, never the key)
    /// and models.
    public var summary: String {
        var lines = ["providers:"]
        for provider in providers {
            var line = "  \(provider.name): \(provider.kind)"
            if let preset = provider.preset {
                line += " (preset \(preset)" + (provider.region.map { ", region \($0.rawValue)" } ?? "") + ")"
            }
            if let url = provider.baseURL { line += " at \(Self.redacted(url))" }
            line += provider.apiKey == nil ? ", no key" : ", key from \(provider.apiKeySource ?? "literal")"
            if provider.billingCurrency == .cny { line += ", prices in CNY" }
            lines.append(line)
        }
        lines.append("models:")
        for model in models {
            if let group = model.group {
                var line = "  \(model.name) -> \(group.strategy.rendered(group.targets.map(\.name)))"
                if group.fallback != FallbackSettings() {
                    let kinds = group.fallback.kinds.sorted().joined(separator: ", ")
                    line += "; falls back on \(kinds.isEmpty ? "nothing" : kinds)"
                    if !group.fallback.onContextOverflow { line += ", not on context overflow" }
                    if let deadline = group.fallback.deadline { line += ", for at most \(deadline) after arrival" }
                }
                if let retry = model.retry { line += "; up to \(retry.attempts) tries per target" }
                if let hedge = group.hedge {
                    let after = hedge.delay == .p95 ? "the first target's p95" : hedge.delay.configured
                    line += "; hedged after \(after) (at most \(hedge.maximum))"
                }
                lines.append(line)
            } else {
                var line = "  \(model.name) -> \(model.provider) \(model.upstreamModel)"
                if let retry = model.retry { line += "; up to \(retry.attempts) tries" }
                lines.append(line)
            }
        }
        for (alias, model) in aliases { lines.append("  \(alias) = \(model)") }
        for name in passThrough { lines.append("  \(name)/* -> \(name) (any model)") }
        let breaker = resilience.breaker
        lines.append(
            "resilience: extra attempts within \(Int((resilience.retryBudgetRatio * 100).rounded()))% of requests "
                + "(+\(resilience.retryBudgetMinimumPerSecond.formatted())/s); a target is ejected after "
                + "\(breaker.consecutiveFailures) faults in a row for \(breaker.baseEjection) (growing to "
                + "\(breaker.maximumEjection)), at most \(Int((breaker.maximumEjectedShare * 100).rounded()))% of a group at once"
        )
        let cached = models.filter { $0.cache ?? (cache != nil) }.map(\.name)
        if !cached.isEmpty {
            let settings = cache ?? CacheSettings()
            let entry = settings.maximumEntryBytes ?? settings.maximumBytes / 8
            lines.append(
                "cache: \(cached.joined(separator: ", ")); answers kept \(settings.timeToLive), "
                    + "at most \(settings.maximumBytes >> 20) MiB (\(entry >> 10) KiB each)")
        }
        if !notes.isEmpty { lines += ["notes:"] + notes.map { "  \($0)" } }
        return lines.joined(separator: "\n")
    }
}
