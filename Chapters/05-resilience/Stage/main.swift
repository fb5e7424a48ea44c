// The gateway as it stands after chapter 05: chapter 04's cached, routed gateway, with its attempts made
// resilient. Run it with `swift run stage-05 config/sira.example.yaml` and look at what the `resilient`
// group's attempts go through:
//   swift run sira explain --config config/sira.example.yaml --model resilient
// It lists the attempt policies (a retry per target, split timeouts), the retry budget every retry,
// fallback and hedge spends from, the circuit breaker's settings, each target's health, and whether this
// request would be hedged. To watch a retry, a fallback and an ejection, give it a group whose first
// target is down (nothing listens on port 9):
//   providers: {m: {kind: mock}, down: {kind: openai-compatible, base_url: "http://127.0.0.1:9/v1"}}
//   models: {pair: {retry: {attempts: 2, backoff: 10ms}, targets: [{provider: down, model: x}, {provider: m, model: b}]}}
// and ask for `pair`: `x-sira-attempts: 3` (two tries on `down`, then the mock). The breaker counts each
// request's attempt on `down` once, whatever its retries; after five in a row `down` is ejected, and the
// answers say `x-sira-attempts: 1` until its probe.
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
