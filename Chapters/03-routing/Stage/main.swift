// The gateway as it stands after chapter 03: chapter 02's endpoints (chat, messages, embeddings,
// models, health), with model groups routed across targets, and POST /sira/explain. Run it with
// `swift run stage-03 config.yaml` (a file with `models: {name: {targets: […]}}`;
// config/sira.example.yaml has two groups) and try:
//   curl -i localhost:8080/v1/chat/completions -d '{"model":"mock-pair","messages":[{"role":"user","content":"Hi"}]}'
//   curl localhost:8080/sira/explain -d '{"model":"mock-pair","messages":[{"role":"user","content":"Hi"}]}'
//
// The wiring is `GatewayApp`'s: a model group from the file becomes a `RoutedProvider`, the last
// handler of each request's call pipeline.

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
let app = GatewayApp(configuration: configuration, httpClients: UpstreamClients(), logger: Logger(label: "stage-03"))
try await app.server(HTTPServerConfiguration(port: configuration.port ?? 8080)).run()
