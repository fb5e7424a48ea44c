import SiraCore
import SiraHTTP
import SiraProviders

/// The endpoints `sira serve` answers. Each chapter adds its own: the health check (chapter 01),
/// then the OpenAI-compatible chat and models endpoints in front of the catalog (chapter 02; with
/// no configuration, the catalog is the built-in mock provider).
enum Gateway {
    /// The health answer never changes, so it is encoded once.
    static let healthResponse = GatewayResponse.json(["status": "ok"])

    /// The largest chat request body: long conversations with images as data URLs are large.
    static let maxChatBody = 16 * 1024 * 1024

    /// The catalog when no configuration file is given: the mock provider as `mock`, and for each
    /// provider whose key is in the environment, its models as `name/model` (`openai/gpt-4o`).
    /// `OPENAI_BASE_URL` points the `openai` provider at any OpenAI-compatible server; with
    /// `ANTHROPIC_API_KEY`, `anthropic/<model>` is translated to Anthropic's Messages API.
    static func defaultCatalog(environment: [String: String]) -> ModelCatalog {
        var catalog = ModelCatalog.embeddedDefault
        if let key = environment["OPENAI_API_KEY"], !key.isEmpty {
            let baseURL = environment["OPENAI_BASE_URL"] ?? "https://api.openai.com/v1"
            catalog.passThrough(
                prefix: "openai", to: OpenAIProvider(name: "openai", baseURL: baseURL, apiKey: Secret(key)))
        }
        if let key = environment["ANTHROPIC_API_KEY"], !key.isEmpty {
            let baseURL = environment["ANTHROPIC_BASE_URL"] ?? "https://api.anthropic.com/v1"
            catalog.passThrough(
                prefix: "anthropic",
                to: AnthropicProvider(name: "anthropic", baseURL: baseURL, apiKey: Secret(key))
            )
        }
        return catalog
    }

    static func router(catalog: ModelCatalog = .embeddedDefault) -> Router {
        let chat = OpenAIChatEndpoint(catalog: catalog)
        let messages = AnthropicMessagesEndpoint(catalog: catalog)
        let embeddings = OpenAIEmbeddingsEndpoint(catalog: catalog)
        let models = OpenAIModelsEndpoint(catalog: catalog)
        return Router([
            Route("GET", "/health") { _, _ in healthResponse },
            Route("POST", "/v1/chat/completions", maxBodySize: maxChatBody) { request, context in
                try await chat.handle(request, context: context)
            },
            Route("POST", "/v1/messages", maxBodySize: maxChatBody, errorFormat: .anthropic) { request, context in
                try await messages.handle(request, context: context)
            },
            Route("POST", "/v1/embeddings", maxBodySize: maxChatBody) { request, context in
                try await embeddings.handle(request, context: context)
            },
            Route("GET", "/v1/models") { _, _ in models.handle() },
        ])
    }
}
