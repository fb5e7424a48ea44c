// The gateway as it stands after chapter 03: chapter 02's endpoints (chat, messages, embeddings,
// models, health), with model groups routed across targets, and POST /sira/explain. Run it with
// `swift run stage-03 config.yaml` (a file with `models: {name: {targets: […]}}`;
// config/sira.example.yaml has two groups) and try:
//   curl -i localhost:8080/v1/chat/completions -d '{"model":"mock-pair","messages":[{"role":"user","content":"Hi"}]}'
//   curl localhost:8080/sira/explain -d '{"model":"mock-pair","messages":[{"role":"user","content":"Hi"}]}'

import Foundation
import Logging
import SiraConfig
import SiraCore
import SiraHTTP
import SiraProviders
import SiraRouting

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
let explain = ExplainEndpoint(catalog: catalog)
let models = OpenAIModelsEndpoint(catalog: catalog)

let router = Router([
    Route("GET", "/health") { _, _ in .json(["status": "ok"]) },
    Route("POST", "/v1/chat/completions", maxBodySize: 16 << 20) { try await chat.handle($0, context: $1) },
    Route("POST", "/v1/messages", maxBodySize: 16 << 20, errorFormat: .anthropic) {
        try await messages.handle($0, context: $1)
    },
    Route("POST", "/v1/embeddings", maxBodySize: 16 << 20) { try await embeddings.handle($0, context: $1) },
    Route("POST", "/sira/explain", maxBodySize: 16 << 20) { try explain.handle($0, context: $1) },
    Route("GET", "/v1/models") { _, _ in models.handle() },
])
print(configuration.summary)
let server = HTTPServer(
    configuration: HTTPServerConfiguration(port: configuration.port ?? 8080), router: router,
    logger: Logger(label: "stage-03"))
try await server.run()
