// Health is kept per deployment (provider + upstream model), not per group: what one group learns
// about a deployment, every group that uses it knows.

import SiraCore
import SiraGateway
import SiraTesting
import Testing

@Suite("Health per deployment, shared by model groups")
struct DeploymentHealthTests {
    @Test("a deployment that failed through one group is cooling in another; the cool-down ends on the gateway's clock")
    func sharedCoolDown() async throws {
        let down = FakeUpstream(.fail(status: 503, body: #"{"error":{"message":"down"}}"#))
        let clock = ManualClock()
        try await down.run { url in
            let yaml = """
                providers:
                  flaky: {kind: openai-compatible, base_url: "\(url)"}
                  mock: {kind: mock}
                models:
                  first:
                    targets: [{provider: flaky, model: m}, {provider: mock, model: a}]
                    cooldown: {failures: 1, seconds: 30}
                  second:
                    targets: [{provider: flaky, model: m}, {provider: mock, model: b}]
                    cooldown: {failures: 1, seconds: 30}
                """
            try await TestGateway.with(yaml: yaml, clock: clock) { _, port in
                func ask(_ model: String) async throws -> RawHTTPResponse {
                    try await RawHTTPConnection.exchange(
                        port: port,
                        RawHTTPConnection.post(
                            "/v1/chat/completions",
                            json: #"{"model":"\#(model)","messages":[{"role":"user","content":"Hi"}]}"#))
                }
                let first = try await ask("first")
                #expect(first.status == 200 && first["x-sira-attempts"] == "2", "flaky failed, the mock answered")
                let second = try await ask("second")
                #expect(second["x-sira-attempts"] == "1", "the other group skips the cooling deployment")
                #expect(second["x-sira-provider"] == "mock")
                #expect(down.requests.values.count == 1, "flaky was asked once, by the first group")
                clock.advance(by: .seconds(31))
                let later = try await ask("second")
                #expect(later["x-sira-attempts"] == "2", "after the cool-down flaky is tried again")
                #expect(down.requests.values.count == 2)
            }
        }
    }
}
