// The gateway as it stands after chapter 02: OpenAI's chat completions, embeddings and models, and
// Anthropic's messages, in front of every provider kind. Run it with `swift run stage-02` (the mock,
// plus any provider whose key is in the environment) or `swift run stage-02 config/sira.example.yaml`.
// Then point an SDK at it, or try:
//   curl localhost:8080/v1/chat/completions -d '{"model":"mock","messages":[{"role":"user","content":"Hi"}]}'
//   curl localhost:8080/v1/messages -d '{"model":"mock","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}'
//
// It is the production wiring (`GatewayApp`, the module chapter 10 completes) with no policies yet.

import Foundation
import Logging
import SiraConfig
import SiraGateway
import SiraHTTP
import SiraProviders

let configuration: GatewayConfiguration
do {
    configuration = try GatewayConfiguration.resolve(
        path: CommandLine.arguments.dropFirst().first, environment: ProcessInfo.processInfo.environment)
} catch {
    print("error: \(error)")
    exit(1)
}
print(configuration.summary)
let app = GatewayApp(configuration: configuration, httpClients: UpstreamClients(), logger: Logger(label: "stage-02"))
try await app.server(HTTPServerConfiguration(port: configuration.port ?? 8080)).run()
