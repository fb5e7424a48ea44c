// From a parsed configuration to the objects that serve it: providers of each kind, model groups,
// the catalog. Parsing and validating is `SiraConfig`'s job; building is this module's.

import SiraConfig
import SiraCore
import SiraProviders
import SiraResilience
import SiraRouting

/// Builds providers, model groups and the catalog from a `GatewayConfiguration`.
struct ProviderFactory {
    /// The HTTP clients every provider calls upstreams with.
    let httpClients: UpstreamClients
    /// What routing learns about each deployment, shared by every group (on the gateway's clock).
    let deployments: DeploymentStates
    /// Runs each attempt through the attempt pipeline.
    let attempts: AttemptRunner
    /// Every deployment's circuit breaker (chapter 05), which replaces chapter 03's cool-down.
    var breaker = CircuitBreaker.Settings()

    /// The catalog: every configured model (a single deployment or a routed group), the aliases,
    /// and the pass-through prefixes.
    /// - Parameter configuration: The configuration.
    /// - Returns: The catalog.
    func catalog(_ configuration: GatewayConfiguration) -> ModelCatalog {
        var built: [String: any Provider] = [:]
        for settings in configuration.providers { built[settings.name] = provider(settings) }
        var catalog = ModelCatalog(
            configuration.models.compactMap { model in
                if let group = model.group {
                    return routed(group, name: model.name, built: built).map {
                        ModelCatalog.Entry(name: model.name, provider: $0, upstreamModel: model.name)
                    }
                }
                return built[model.provider].map {
                    ModelCatalog.Entry(name: model.name, provider: $0, upstreamModel: model.upstreamModel)
                }
            })
        for (alias, name) in configuration.aliases {
            if var entry = catalog[name] {
                entry.name = alias
                catalog.add(entry)
            }
        }
        for name in configuration.passThrough {
            if let provider = built[name] { catalog.passThrough(prefix: name, to: provider) }
        }
        return catalog
    }

    /// The routed provider for a group, or `nil` when a target names a provider that was not built.
    func routed(_ settings: GroupSettings, name: String, built: [String: any Provider]) -> RoutedProvider? {
        var targets: [RouteTarget] = []
        for target in settings.targets {
            guard let provider = built[target.provider] else { return nil }
            targets.append(
                RouteTarget(
                    name: target.name, provider: provider, upstreamModel: target.model, weight: target.weight,
                    tags: target.tags, facts: target.facts))
        }
        let group = ModelGroup(
            name: name, targets: targets, strategy: settings.strategy, fallback: settings.fallback,
            contentFilterChain: settings.contentFilterChain, health: health(settings.health), hedge: settings.hedge,
            deployments: deployments)
        return RoutedProvider(group: group, attempts: attempts)
    }

    /// A group's health: its `cooldown:` numbers, else the breaker's, driving the breaker.
    func health(_ cooldown: HealthSettings?) -> HealthSettings {
        HealthSettings(
            failuresToCoolDown: cooldown?.failuresToCoolDown ?? breaker.consecutiveFailures,
            coolDown: cooldown?.coolDown ?? breaker.baseEjection, breaker: breaker)
    }

    /// One provider of the configured kind.
    func provider(_ settings: GatewayConfiguration.ProviderSettings) -> any Provider {
        switch settings.kind {
        case "openai":
            let baseURL = settings.baseURL ?? "https://api.openai.com/v1"
            var provider = OpenAIProvider(
                name: settings.name, baseURL: baseURL, apiKey: settings.apiKey,
                client: httpClients.client(for: baseURL),
                timeout: settings.timeout)
            provider.sendsMaxCompletionTokens = true
            // OpenAI's own API serves the Responses API; a server at another base URL says whether it does.
            provider.servesResponses =
                settings.servesResponses ?? baseURL.lowercased().hasPrefix("https://api.openai.com/")
            return provider
        case "azure-openai":
            let endpoint = settings.baseURL ?? ""
            return OpenAIProvider.azure(
                name: settings.name, endpoint: endpoint, apiKey: settings.apiKey, apiVersion: settings.apiVersion,
                client: httpClients.client(for: endpoint), timeout: settings.timeout)
        case "anthropic":
            let baseURL = settings.baseURL ?? "https://api.anthropic.com/v1"
            return AnthropicProvider(
                name: settings.name, baseURL: baseURL, apiKey: settings.apiKey,
                client: httpClients.client(for: baseURL),
                timeout: settings.timeout)
        case "gemini":
            let baseURL = settings.baseURL ?? "https://generativelanguage.googleapis.com/v1beta"
            return GeminiProvider(
                name: settings.name, baseURL: baseURL, apiKey: settings.apiKey,
                client: httpClients.client(for: baseURL),
                timeout: settings.timeout)
        case "openai-compatible":
            let preset = settings.preset.flatMap(OpenAICompatiblePreset.named)
            // The configuration chose the platform (`region`), or gave its own URL; parsing checked both.
            let baseURL = settings.baseURL ?? preset?.platform(settings.region)?.baseURL ?? preset?.baseURL ?? ""
            var provider = OpenAIProvider(
                name: settings.name, baseURL: baseURL, apiKey: settings.apiKey,
                client: httpClients.client(for: baseURL),
                timeout: settings.timeout, unsupportedParameters: preset?.unsupportedParameters ?? [])
            provider.servesResponses = settings.servesResponses ?? false
            if settings.baseURL == nil { provider.wrongPlatformHint = preset?.wrongPlatformHint(for: settings.region) }
            return provider
        default:
            return MockProvider(name: settings.name)
        }
    }
}
