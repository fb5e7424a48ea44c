// Chapter 05's hedging and circuit breakers end to end: the configuration, the real server, and fake
// upstreams that are slow or failing.

import SiraCore
import SiraGateway
import SiraHTTP
import SiraTesting
import Testing

@Suite("Hedging and circuit breakers over HTTP, from the configuration")
struct HedgeAndBreakerOverHTTPTests {
    static func chat(_ port: Int, model: String, stream: Bool = false) async throws -> RawHTTPResponse {
        try await RawHTTPConnection.exchange(
            port: port,
            RawHTTPConnection.post(
                "/v1/chat/completions",
                json: #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#))
    }

    @Test("a slow first target is hedged: the hedge's stream is the answer, and the slow one is cancelled upstream")
    func hedgeWins() async throws {
        let slow = FakeUpstream(.stream(OpenAIFixtures.textStream, pause: .seconds(3)))
        let fast = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await slow.run { slowURL in
            try await fast.run { fastURL in
                let yaml = """
                    providers:
                      slow: {kind: openai-compatible, base_url: "\(slowURL)"}
                      fast: {kind: openai-compatible, base_url: "\(fastURL)"}
                    models:
                      hedged:
                        hedge: {after: 200ms}
                        targets:
                          - {provider: slow, model: m}
                          - {provider: fast, model: m}
                    """
                try await TestGateway.with(yaml: yaml) { _, port in
                    let start = ContinuousClock.now
                    let response = try await Self.chat(port, model: "hedged", stream: true)
                    #expect(ContinuousClock.now - start < .seconds(2), "not the slow target's 3 s")
                    #expect(response.status == 200 && response.text.contains("data: [DONE]"))
                    #expect(response["x-sira-provider"] == "fast")
                    #expect(response["x-sira-attempts"] == "2", "the hedge counts")
                    let deadline = ContinuousClock.now + .seconds(3)
                    while slow.cancelledStreams.values.isEmpty && ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    #expect(slow.cancelledStreams.values.count == 1, "the loser's upstream stream was cancelled")
                }
            }
        }
        #expect(fast.requests.values.count == 1)
    }

    @Test("consecutive failures eject a target; after the ejection one request probes it and it is back")
    func breakerEjectsAndProbes() async throws {
        let flaky = FakeUpstream(.fail(status: 503, body: #"{"error":{"message":"busy"}}"#))
        try await flaky.run { url in
            let yaml = """
                providers:
                  flaky: {kind: openai-compatible, base_url: "\(url)"}
                  steady: {kind: mock}
                models:
                  grouped:
                    targets:
                      - {provider: flaky, model: m}
                      - {provider: steady, model: mock}
                resilience:
                  breaker: {consecutive_failures: 2, base_ejection: 1s}
                """
            try await TestGateway.with(yaml: yaml) { _, port in
                for _ in 0..<2 {
                    let response = try await Self.chat(port, model: "grouped")
                    #expect(response.status == 200 && response["x-sira-attempts"] == "2")
                }
                let skipped = try await Self.chat(port, model: "grouped")
                #expect(skipped["x-sira-provider"] == "steady" && skipped["x-sira-attempts"] == "1", "ejected")
                flaky.set(.answer(OpenAIFixtures.response))
                try await Task.sleep(for: .milliseconds(1100))
                let probe = try await Self.chat(port, model: "grouped")
                #expect(probe["x-sira-provider"] == "flaky" && probe["x-sira-attempts"] == "1", "probed, and back")
            }
        }
        #expect(flaky.requests.values.count == 3)
    }

    @Test("a 429 with Retry-After pauses its target: the next request goes straight to the other")
    func rateLimitPauses() async throws {
        let limited = FakeUpstream(
            .fail(status: 429, headers: [("retry-after", "30")], body: #"{"error":{"message":"slow down"}}"#))
        try await limited.run { url in
            let yaml = """
                providers:
                  limited: {kind: openai-compatible, base_url: "\(url)"}
                  steady: {kind: mock}
                models:
                  grouped:
                    targets:
                      - {provider: limited, model: m}
                      - {provider: steady, model: mock}
                """
            try await TestGateway.with(yaml: yaml) { _, port in
                #expect(try await Self.chat(port, model: "grouped")["x-sira-attempts"] == "2")
                let paused = try await Self.chat(port, model: "grouped")
                #expect(paused["x-sira-provider"] == "steady" && paused["x-sira-attempts"] == "1")
            }
        }
        #expect(limited.requests.values.count == 1)
    }
}
