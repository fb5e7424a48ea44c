// Chapter 05's retries end to end (issue 13, in progress): `retry:` in the configuration, the real server, and
// a fake upstream that fails before it answers.

import SiraCore
import SiraGateway
import SiraHTTP
import SiraTesting
import Testing

@Suite("Retries over HTTP, from the configuration")
struct RetryOverHTTPTests {
    static let overloaded = FakeUpstream.Behaviour.fail(status: 503, body: #"{"error":{"message":"busy"}}"#)

    func withGateway(
        _ upstream: FakeUpstream, extra: String = "",
        _ body: @escaping @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        try await upstream.run { url in
            let yaml = """
                providers:
                  up: {kind: openai-compatible, base_url: "\(url)"}
                  spare: {kind: mock}
                models:
                  gpt: {provider: up, model: up-model, retry: {attempts: 3, backoff: 10ms}}
                  once: {provider: up, model: up-model}
                  grouped:
                    retry: {attempts: 2, backoff: 10ms}
                    targets:
                      - {name: first, provider: up, model: up-model}
                      - {name: second, provider: spare, model: mock}
                aliases:
                  default: gpt
                \(extra)
                """
            try await TestGateway.with(yaml: yaml) { _, port in try await body(port) }
        }
    }

    static func chat(_ port: Int, model: String = "gpt") async throws -> RawHTTPResponse {
        try await RawHTTPConnection.exchange(
            port: port,
            RawHTTPConnection.post(
                "/v1/chat/completions", json: #"{"model":"\#(model)","messages":[{"role":"user","content":"Hi"}]}"#))
    }

    @Test("a 503 then an answer is a 200 after two upstream calls, and x-sira-attempts says 2")
    func retried() async throws {
        let upstream = FakeUpstream(.sequence([Self.overloaded, .answer(OpenAIFixtures.response)]))
        try await withGateway(upstream) { port in
            let response = try await Self.chat(port)
            #expect(response.status == 200 && response["x-sira-attempts"] == "2")
        }
        #expect(upstream.requests.values.count == 2)
    }

    @Test("an alias retries as its model does; a model without retry: is tried once")
    func aliasesAndModelsWithout() async throws {
        let upstream = FakeUpstream(.sequence([Self.overloaded, .answer(OpenAIFixtures.response), Self.overloaded]))
        try await withGateway(upstream) { port in
            #expect(try await Self.chat(port, model: "default").status == 200)
            let once = try await Self.chat(port, model: "once")
            #expect(once.status == 503 && once["x-sira-attempts"] == "1")
        }
        #expect(upstream.requests.values.count == 3)
    }

    @Test("the caller's fault is not retried")
    func callerFault() async throws {
        let rejected = FakeUpstream.Behaviour.fail(
            status: 400, body: #"{"error":{"message":"bad","type":"invalid_request_error"}}"#)
        let upstream = FakeUpstream(.sequence([rejected, .answer(OpenAIFixtures.response)]))
        try await withGateway(upstream) { port in
            let response = try await Self.chat(port)
            #expect(response.status == 400)
        }
        #expect(upstream.requests.values.count == 1)
    }

    @Test("a group retries its target before falling back to the next")
    func beforeFallback() async throws {
        let upstream = FakeUpstream(.sequence([Self.overloaded, .answer(OpenAIFixtures.response)]))
        try await withGateway(upstream) { port in
            let response = try await Self.chat(port, model: "grouped")
            #expect(response.status == 200 && response["x-sira-provider"] == "up" && response["x-sira-attempts"] == "2")
        }
        #expect(upstream.requests.values.count == 2)
    }

    @Test("Retry-After is waited for before the retry")
    func retryAfter() async throws {
        let limited = FakeUpstream.Behaviour.fail(
            status: 429, headers: [("retry-after", "1")], body: #"{"error":{"message":"slow down"}}"#)
        let upstream = FakeUpstream(.sequence([limited, .answer(OpenAIFixtures.response)]))
        try await withGateway(upstream) { port in
            let start = ContinuousClock.now
            let response = try await Self.chat(port)
            #expect(response.status == 200)
            #expect(ContinuousClock.now - start >= .seconds(1))
        }
        #expect(upstream.requests.values.count == 2)
    }

    @Test("when the request finally fails on a 429, the client gets the upstream's Retry-After")
    func retryAfterForwarded() async throws {
        let limited = FakeUpstream.Behaviour.fail(
            status: 429, headers: [("retry-after", "7")], body: #"{"error":{"message":"slow down"}}"#)
        let upstream = FakeUpstream(limited)
        try await withGateway(upstream) { port in
            let response = try await Self.chat(port, model: "once")
            #expect(response.status == 429 && response["retry-after"] == "7")
        }
    }

    @Test("50 concurrent requests against an upstream that always fails: retries stay inside the budget")
    func amplificationInsideTheBudget() async throws {
        let upstream = FakeUpstream(Self.overloaded)
        let budget = "resilience: {retry_budget: {ratio: 0.2, min_per_second: 0}}"
        try await withGateway(upstream, extra: budget) { port in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 { group.addTask { try await Self.chat(port).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 503 })
        }
        // Without a budget: 50 × 3 = 150 calls. With it: 50, plus a fifth of them, plus the bucket's 10 tokens.
        let calls = upstream.requests.values.count
        #expect(calls >= 50 && calls <= 50 + 10 + 10, "\(calls) upstream calls")
    }

    @Test("timeouts: a first token that does not come in time is a provider timeout, retried, and the retry answers")
    func firstTokenTimeout() async throws {
        let upstream = FakeUpstream(
            .sequence([.delayed(.seconds(3), .answer(OpenAIFixtures.response)), .answer(OpenAIFixtures.response)]))
        try await upstream.run { url in
            let yaml = """
                providers:
                  up: {kind: openai-compatible, base_url: "\(url)"}
                models:
                  gpt:
                    provider: up
                    model: up-model
                    retry: {attempts: 2, backoff: 10ms}
                    timeouts: {first_token: 300ms, idle: 5s, total: 20s}
                """
            try await TestGateway.with(yaml: yaml) { _, port in
                let start = ContinuousClock.now
                let response = try await Self.chat(port)
                #expect(response.status == 200 && response["x-sira-attempts"] == "2")
                #expect(ContinuousClock.now - start < .seconds(2), "the slow first try was given up")
            }
        }
        #expect(upstream.requests.values.count == 2)
    }
}
