// The gateway as it stands after chapter 04: chapter 03's routed gateway, with the answer cache in front of
// routing when the configuration has `cache:`. Run it with `swift run stage-04 config/sira.example.yaml`
// (it turns the cache on) and ask the same question twice:
//   curl -i localhost:8080/v1/chat/completions -d '{"model":"mock","messages":[{"role":"user","content":"Hi"}]}'
// The first answer says `x-sira-cache: miss`, the second `x-sira-cache: hit`; add
// `-H 'cache-control: no-cache'` to ask the upstream again, and `curl -X POST localhost:8080/sira/cache/purge`
// to forget every stored answer.
//
// The wiring is `GatewayApp`'s: a `CachePolicy` built from the file is the innermost call policy, just in
// front of routing.

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
let app = GatewayApp(configuration: configuration, httpClients: UpstreamClients(), logger: Logger(label: "stage-04"))
try await app.server(HTTPServerConfiguration(port: configuration.port ?? 8080)).run()
