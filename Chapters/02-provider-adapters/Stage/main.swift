// The gateway as it stands after chapter 02: OpenAI's chat completions, embeddings and models, and
// Anthropic's messages, in front of every provider kind. Run it with `swift run stage-02` (the mock,
// plus any provider whose key is in the environment) or `swift run stage-02 config/sira.example.yaml`.
// Then point an SDK at it, or try:
//   curl localhost:8080/v1/chat/completions -d '{"model":"mock","messages":[{"role":"user","content":"Hi"}]}'
//   curl localhost:8080/v1/messages -d '{"model":"mock","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}'

import Foundation
import Logging
import SiraConfig
import SiraCore
import SiraHTTP
import SiraProviders

let environment = ProcessInfo.processInfo.environment
let configuration: GatewayConfiguration
do {
    configuration = try GatewayConfiguration.resolve(
        path: CommandLine.arguments.dropFirst().first, environment: environment)
} catch {
    print("error: \(error)")
    exit(1)
}
let catalog = configuration.catalog()
let chat = OpenAIChatEndpoint(catalog: catalog)
let messages = AnthropicMessagesEndpoint(catalog: catalog)
let embeddings = OpenAIEmbeddingsEndpoint(catalog: catalog)
let models = OpenAIModelsEndpoint(catalog: catalog)

let router = Router([
    Route("GET", "/health") { _, _ in .json(["status": "ok"]) },
    Route("POST", "/v1/chat/completions", maxBodySize: 16 << 20) { try await chat.handle($0, context: $1) },
    Route("POST", "/v1/messages", maxBodySize: 16 << 20, errorFormat: .anthropic) {
        try await messages.handle($0, context: $1)
    },
    Route("POST", "/v1/embeddings", maxBodySize: 16 << 20) { try await embeddings.handle($0, context: $1) },
    Route("GET", "/v1/models") { _, _ in models.handle() },
])
print(configuration.summary)
let server = HTTPServer(
    configuration: HTTPServerConfiguration(port: configuration.port ?? 8080), router: router,
    logger: Logger(label: "stage-02"))
try await server.run()
