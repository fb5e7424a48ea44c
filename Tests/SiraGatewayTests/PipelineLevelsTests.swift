// The three pipeline levels, in the production wiring: policies given to `GatewayApp` run where
// docs/architecture.md §1 says, for every route, every model call and every attempt.

import SiraCore
import SiraGateway
import SiraHTTP
import SiraTesting
import Testing

@Suite("Three pipeline levels in the real gateway")
struct PipelineLevelsTests {
    static let mockOnly = """
        providers:
          mock: {kind: mock}
        models:
          mock: {provider: mock}
        """

    static func chat(_ model: String, stream: Bool = false) -> String {
        RawHTTPConnection.post(
            "/v1/chat/completions",
            json: #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#)
    }

    @Test("a request policy runs in front of every route, /health included, and can add to the response")
    func requestLevel() async throws {
        let seen = Recorder<String>()
        let stamp = ClosurePolicy<GatewayRequest, GatewayResponse>("stamp") { request, context, next in
            seen.record(String(request.path))
            var response = try await next(request, context)
            response.headers.add("x-stamp", "1")
            return response
        }
        try await TestGateway.with(yaml: Self.mockOnly, policies: GatewayPolicies(request: [stamp])) { _, port in
            let health = try await RawHTTPConnection.exchange(port: port, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            let chat = try await RawHTTPConnection.exchange(port: port, Self.chat("mock"))
            let models = try await RawHTTPConnection.exchange(port: port, "GET /v1/models HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect([health, chat, models].map(\.status) == [200, 200, 200])
            #expect([health, chat, models].allSatisfy { $0["x-stamp"] == "1" }, "every route passes the policy")
        }
        #expect(seen.values == ["/health", "/v1/chat/completions", "/v1/models"])
    }

    @Test("a request policy's refusal is answered in the route's own format: OpenAI's, or Anthropic's on /v1/messages")
    func refusalFormat() async throws {
        let deny = ClosurePolicy<GatewayRequest, GatewayResponse>("deny") { _, _, _ in
            throw GatewayError(.unauthenticated, "No key.")
        }
        try await TestGateway.with(yaml: Self.mockOnly, policies: GatewayPolicies(request: [deny])) { _, port in
            let openAI = try await RawHTTPConnection.exchange(port: port, Self.chat("mock"))
            let anthropic = try await RawHTTPConnection.exchange(
                port: port,
                RawHTTPConnection.post(
                    "/v1/messages",
                    json: #"{"model":"mock","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}"#))
            #expect(openAI.status == 401 && anthropic.status == 401)
            let openAIBody = try JSONTesting.parse(openAI.text)
            let anthropicBody = try JSONTesting.parse(anthropic.text)
            #expect(openAIBody.objectValue?["error"]?.objectValue?["code"] == "invalid_api_key", "\(openAI.text)")
            #expect(anthropicBody.objectValue?["type"] == "error", "\(anthropic.text)")
            #expect(anthropicBody.objectValue?["error"]?.objectValue?["type"] == "authentication_error")
        }
    }

    @Test("a call policy sees the decoded call and may answer itself: no attempt is made, its field reaches the client")
    func callLevel() async throws {
        let attempts = Recorder<Int>()
        let counter = ClosurePolicy<Attempt, ProviderReply>("count") { attempt, context, next in
            attempts.record(attempt.number)
            return try await next(attempt, context)
        }
        let answerItself = ClosurePolicy<ChatCall, ProviderReply>("answer") { call, context, next in
            guard call.model == "cached" else { return try await next(call, context) }
            context.report.addResponseHeader("x-sira-cache", "hit")
            let choice = ChatChoice(index: 0, message: .text(.assistant, "from the policy"), finishReason: .stop)
            return .whole(ChatResponse(id: "chatcmpl-policy", created: 0, model: "mock", choices: [choice]))
        }
        let yaml = Self.mockOnly + "\naliases:\n  cached: mock\n"
        let policies = GatewayPolicies(call: [answerItself], attempt: [counter])
        try await TestGateway.with(yaml: yaml, policies: policies) { _, port in
            let cached = try await RawHTTPConnection.exchange(port: port, Self.chat("cached"))
            #expect(cached.status == 200 && cached.text.contains("from the policy"), "\(cached.text)")
            #expect(cached["x-sira-cache"] == "hit")
            #expect(cached["x-sira-attempts"] == "0", "no attempt was made")
            #expect(attempts.values.isEmpty, "a call answered by a policy makes no attempt")
            let served = try await RawHTTPConnection.exchange(port: port, Self.chat("mock"))
            #expect(served.status == 200 && served["x-sira-cache"] == nil)
            #expect(attempts.values == [1], "a single deployment's call is one attempt through the attempt pipeline")
        }
    }

    @Test("an attempt policy sees every attempt of a group, numbered, with its deployment; a failing one falls back")
    func attemptLevel() async throws {
        let primary = FakeUpstream(.fail(status: 503, body: #"{"error":{"message":"busy"}}"#))
        let secondary = FakeUpstream(.answer(OpenAIFixtures.response))
        let seen = Recorder<String>()
        let observe = ClosurePolicy<Attempt, ProviderReply>("observe") { attempt, context, next in
            seen.record("\(attempt.number) \(attempt.deployment) \(attempt.call.upstreamModel)")
            return try await next(attempt, context)
        }
        try await primary.run { a in
            try await secondary.run { b in
                let yaml = """
                    providers:
                      a: {kind: openai-compatible, base_url: "\(a)"}
                      b: {kind: openai-compatible, base_url: "\(b)"}
                    models:
                      smart:
                        targets:
                          - {provider: a, model: m-a}
                          - {provider: b, model: m-b}
                    """
                try await TestGateway.with(yaml: yaml, policies: GatewayPolicies(attempt: [observe])) { _, port in
                    let response = try await RawHTTPConnection.exchange(port: port, Self.chat("smart"))
                    #expect(response.status == 200)
                    #expect(response["x-sira-attempts"] == "2" && response["x-sira-provider"] == "b")
                }
            }
        }
        #expect(seen.values == ["1 a/m-a m-a", "2 b/m-b m-b"])
    }

    @Test("an attempt policy sees a stream only once it is committed, so it can retry one that fails before content")
    func attemptSeesCommittedStream() async throws {
        // The upstream's stream fails before its first content; the policy retries once, after the
        // upstream recovered. The client gets one clean stream.
        let upstream = FakeUpstream(.events([#"data: {"error":{"message":"overloaded","type":"server_error"}}"#]))
        let failures = Recorder<String>()
        let retryOnce = ClosurePolicy<Attempt, ProviderReply>("retry-once") { attempt, context, next in
            do {
                return try await next(attempt, context)
            } catch let error as GatewayError {
                failures.record(error.kind.code)
                upstream.set(.stream(OpenAIFixtures.textStream))
                return try await next(attempt, context)
            }
        }
        try await upstream.run { url in
            let yaml = """
                providers:
                  up: {kind: openai-compatible, base_url: "\(url)"}
                models:
                  m: {provider: up}
                """
            try await TestGateway.with(yaml: yaml, policies: GatewayPolicies(attempt: [retryOnce])) { _, port in
                let response = try await RawHTTPConnection.exchange(port: port, Self.chat("m", stream: true))
                #expect(response.status == 200)
                let (_, done) = try JSONTesting.openAIStream(response.text)
                #expect(done, "one clean stream: \(response.text)")
                #expect(!response.text.contains("overloaded"), "the failed try never reached the client")
            }
        }
        #expect(failures.values == ["provider_error"])
    }
}
