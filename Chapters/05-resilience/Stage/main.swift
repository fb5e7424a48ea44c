// The gateway as it stands after chapter 05: chapter 04's cached, routed gateway, with its attempts made
// resilient. Run it with `swift run stage-05 config/sira.example.yaml` and look at what the `resilient`
// group's attempts go through:
//   swift run sira explain --config config/sira.example.yaml --model resilient
// It lists the attempt policies (a retry per target, split timeouts), the retry budget every retry,
// fallback and hedge spends from, the circuit breaker's settings, each target's health, and whether this
// request would be hedged. With no API keys, Claude and GPT-4o fail at once, and the mock answers:
//   curl -i localhost:8080/v1/chat/completions -d '{"model":"resilient","messages":[{"role":"user","content":"Hi"}]}'
// `x-sira-attempts` counts every try. Ask a few times: after five faults in a row a target is ejected, and
// the next answers come straight from the mock.
//
// The wiring is `GatewayApp`'s: `RetryPolicy` and `TimeoutPolicy` are attempt policies, `DeadlinePolicy`
// the outermost call policy, one `RetryBudget` serves the whole process, and every deployment's
// `CircuitBreaker` lives in routing's shared `DeploymentStates`.

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
let app = GatewayApp(configuration: configuration, httpClients: UpstreamClients(), logger: Logger(label: "stage-05"))
try await app.server(HTTPServerConfiguration(port: configuration.port ?? 8080)).run()
