import SiraCore
import SiraHTTP
import SiraProviders
import SiraRouting

/// The endpoints `sira serve` answers. Each chapter adds its own: the health check (chapter 01),
/// then the OpenAI chat, embeddings and models endpoints and Anthropic's messages endpoint in front
/// of the catalog (chapter 02; with no configuration, the catalog is the built-in mock provider and
/// the providers whose keys are in the environment, `GatewayConfiguration.fromEnvironment`).
enum Gateway {
    /// The health answer never changes, so it is encoded once.
    static let healthResponse = GatewayResponse.json(["status": "ok"])

    /// The largest chat request body: long conversations with images as data URLs are large.
    static let maxChatBody = 16 * 1024 * 1024

    static func router(catalog: ModelCatalog = .embeddedDefault) -> Router {
        let chat = OpenAIChatEndpoint(catalog: catalog)
        let messages = AnthropicMessagesEndpoint(catalog: catalog)
        let embeddings = OpenAIEmbeddingsEndpoint(catalog: catalog)
        let models = OpenAIModelsEndpoint(catalog: catalog)
        let explain = ExplainEndpoint(catalog: catalog)
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
            Route("POST", "/sira/explain", maxBodySize: maxChatBody) { request, context in
                try explain.handle(request, context: context)
            },
        ])
    }
}
