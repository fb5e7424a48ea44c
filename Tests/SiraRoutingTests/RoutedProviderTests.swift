import Foundation
import Logging
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@testable import SiraRouting

/// The fallback loop's own rules (caller mistakes, context overflow, the last failure, the content-filter
/// chain, the deadlines) are chapter 03's exercise 3.5 tests (`Tests/Chapter03RoutingTests`), which run on
/// this reference too; these tests cover the rest of running a plan.
@Suite("Running a plan: fallback, the commit point, the report")
struct RoutedProviderTests {
    @Test("a provider failure (503, 429, timeout, unreachable) moves on to the next target")
    func fallback() async throws {
        for error in [
            GatewayError(.providerOverloaded, "busy"),
            GatewayError(.providerRateLimited, "slow down", retryAfter: .seconds(3)),
            GatewayError(.providerTimeout, "late"), GatewayError(.providerUnreachable, "gone"),
        ] {
            let primary = ScriptedProvider("primary", [.fail(error)])
            let secondary = ScriptedProvider("secondary", [.answer("from secondary")])
            let context = testContext
            let report = context.report
            let reply = try await scriptedGroup([primary, secondary]).chat(chatCall(), context: context)
            #expect(try await text(of: reply) == "from secondary")
            #expect(report.attempts.map(\.provider) == ["primary", "secondary"])
            #expect(report.attempts.map(\.error) == [error.kind.code, nil])
            #expect(report.attempts.last?.model == "secondary-model")
        }
    }

    @Test("a stream failing before its first content falls back; the client sees one clean answer")
    func streamBeforeCommit() async throws {
        let primary = ScriptedProvider("primary", [.stream(["never"], failAfter: 0)])
        let secondary = ScriptedProvider("secondary", [.stream(["Hello", " there"], failAfter: nil)])
        let reply = try await scriptedGroup([primary, secondary]).chat(chatCall(stream: true), context: testContext)
        #expect(try await text(of: reply) == "Hello there")
    }

    @Test("a stream failing after its first content is committed: it ends with the error, no second answer")
    func streamAfterCommit() async throws {
        let primary = ScriptedProvider("primary", [.stream(["Hel", "lo"], failAfter: 1)])
        let secondary = ScriptedProvider("secondary", [.stream(["other"], failAfter: nil)])
        let reply = try await scriptedGroup([primary, secondary]).chat(chatCall(stream: true), context: testContext)
        guard case .stream(let chunks) = reply else {
            Issue.record("expected a stream")
            return
        }
        var received = ""
        await #expect(throws: GatewayError.self) {
            for try await chunk in chunks { received += chunk.choices.first?.delta.content ?? "" }
        }
        #expect(received == "Hel")
        #expect(secondary.callCount == 0)
    }

    @Test("a failing target cools down and is skipped, then recovers")
    func coolDownAndRecovery() async throws {
        let clock = ManualClock()
        let flaky = ScriptedProvider(
            "flaky",
            [
                .fail(GatewayError(.providerError, "x")), .fail(GatewayError(.providerError, "x")),
                .fail(GatewayError(.providerError, "x")), .answer("back"),
            ])
        let steady = ScriptedProvider("steady", [.answer("steady")])
        let routed = scriptedGroup([flaky, steady], clock: clock)
        for _ in 0..<3 { _ = try await routed.chat(chatCall(), context: testContext) }
        #expect(flaky.callCount == 3)
        #expect(try await text(of: routed.chat(chatCall(), context: testContext)) == "steady")
        #expect(flaky.callCount == 3, "skipped while cooling")
        clock.advance(by: .seconds(31))
        #expect(try await text(of: routed.chat(chatCall(), context: testContext)) == "back")
    }

    @Test("streams that break after their commit point still cool their target down; one ending well resets the count")
    func brokenStreamsCoolDown() async throws {
        let clock = ManualClock()
        let cut = ScriptedProvider.Step.stream(["Hel", "lo"], failAfter: 1)
        let flaky = ScriptedProvider("flaky", [cut, cut, .stream(["ok"], failAfter: nil), cut, cut, cut])
        let steady = ScriptedProvider("steady", [.stream(["steady"], failAfter: nil)])
        let routed = scriptedGroup([flaky, steady], clock: clock)
        func run() async throws -> String {
            var text = ""
            let reply = try await routed.chat(chatCall(stream: true), context: testContext)
            guard case .stream(let chunks) = reply else { return "<not a stream>" }
            do {
                for try await chunk in chunks { text += chunk.choices.first?.delta.content ?? "" }
            } catch {
                text += "<cut>"
            }
            return text
        }
        #expect(try await run() == "Hel<cut>")
        #expect(try await run() == "Hel<cut>")
        #expect(try await run() == "ok", "a stream that ends well resets the failure count")
        for _ in 0..<3 { #expect(try await run() == "Hel<cut>") }
        #expect(routed.group.state.isCooling(0), "three broken streams in a row cool the target down")
        #expect(try await run() == "steady")
        #expect(flaky.callCount == 6)
        #expect(routed.group.state.inFlight(of: 0) == 0)
    }

    @Test(
        "embeddings: targets that cannot embed are left out up front; a cooling embedder is still tried rather than none"
    )
    func embeddingsPlan() async throws {
        let clock = ManualClock()
        let group = ModelGroup(
            name: "vectors",
            targets: [
                RouteTarget(
                    name: "claude", provider: AnthropicProvider(name: "claude", apiKey: nil), upstreamModel: "c"),
                RouteTarget(name: "mock", provider: MockProvider(), upstreamModel: "mock-embed"),
            ],
            deployments: DeploymentStates(clock: clock))
        let routed = RoutedProvider(group: group)
        var facts = RequestFacts()
        facts.needsEmbeddings = true
        let explained = routed.planner.plan(facts, explaining: true)
        #expect(explained.excluded.map(\.target) == ["claude"])
        #expect(explained.excluded.first?.reason == "does not offer embeddings")
        for _ in 0..<3 { group.state.failed(1) }
        #expect(group.state.isCooling(1))
        let body = #"{"model":"vectors","input":"Hello"}"#
        let call = EmbeddingCall(
            request: try EmbeddingRequest.decode(Array(body.utf8)), upstreamModel: "vectors",
            originalBody: Array(body.utf8))
        let context = testContext
        let report = context.report
        guard case .vectors(let vectors, _, _) = try await routed.embed(call, context: context) else {
            Issue.record("expected vectors from the mock")
            return
        }
        #expect(vectors.count == 1)
        #expect(report.attempts.map(\.provider) == ["mock"])
    }

    @Test("observed latency feeds the EWMA on the group's clock: 100 ms, then 200 ms, gives 130 ms at alpha 0.3")
    func observedLatency() async throws {
        let clock = ManualClock()
        let provider = ScriptedProvider(
            "timed", [.slow(clock, .milliseconds(100), "a"), .slow(clock, .milliseconds(200), "b")])
        let routed = scriptedGroup([provider], clock: clock)
        _ = try await routed.chat(chatCall(), context: testContext)
        #expect(routed.group.state.latency(of: 0) == 0.1)
        _ = try await routed.chat(chatCall(), context: testContext)
        #expect(abs((routed.group.state.latency(of: 0) ?? 0) - 0.13) < 1e-9)
        #expect(routed.group.state.inFlight(of: 0) == 0, "in-flight counts return to zero")
    }

    @Test("a group passes a format through only when every target does; dropped members are the union")
    func groupFormats() throws {
        let claude = AnthropicProvider(name: "claude", apiKey: nil)
        let gemini = GeminiProvider(name: "gemini", apiKey: nil)
        let anthropicOnly = RoutedProvider(
            group: ModelGroup(
                name: "g",
                targets: [
                    RouteTarget(provider: claude, upstreamModel: "a"),
                    RouteTarget(provider: claude, upstreamModel: "b"),
                ]))
        #expect(anthropicOnly.passesThrough(.anthropic))
        let mixed = RoutedProvider(
            group: ModelGroup(
                name: "g",
                targets: [
                    RouteTarget(provider: claude, upstreamModel: "a"),
                    RouteTarget(provider: gemini, upstreamModel: "b"),
                ]))
        #expect(!mixed.passesThrough(.anthropic))
        var request = ChatRequest(model: "g", messages: [])
        request.seed = 1
        request.user = "u"
        #expect(mixed.droppedMembers(of: request) == ["seed", "user"])
    }

    @Test("a target without tool support is never tried for a request with tools")
    func toolsSkipped() async throws {
        let noTools = ScriptedProvider("no-tools", [.answer("wrong")])
        let tools = ScriptedProvider("tools", [.answer("right")])
        let routed = RoutedProvider(
            group: ModelGroup(
                name: "g",
                targets: [
                    RouteTarget(provider: noTools, upstreamModel: "a", facts: ModelFacts(tools: false)),
                    RouteTarget(provider: tools, upstreamModel: "b"),
                ]), random: RandomSource(seed: 1))
        #expect(try await text(of: routed.chat(chatCall(tools: true), context: testContext)) == "right")
        #expect(noTools.callCount == 0)
        let none = RoutedProvider(
            group: ModelGroup(
                name: "g",
                targets: [RouteTarget(provider: noTools, upstreamModel: "a", facts: ModelFacts(tools: false))]))
        let error = await #expect(throws: GatewayError.self) {
            try await none.chat(chatCall(tools: true), context: testContext)
        }
        #expect(error?.message.contains("does not support tools") == true)
    }
}

@Suite("Routing over HTTP: fake providers behind the chat surface, the x-sira headers")
struct RoutingIntegrationTests {
    func withGateway(
        _ primary: FakeUpstream, _ secondary: FakeUpstream, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        try await primary.run { primaryURL in
            try await secondary.run { secondaryURL in
                let group = ModelGroup(
                    name: "smart",
                    targets: [
                        RouteTarget(
                            provider: OpenAIProvider(
                                name: "primary", baseURL: primaryURL, apiKey: nil, timeout: .seconds(1)),
                            upstreamModel: "gpt-primary"),
                        RouteTarget(
                            provider: OpenAIProvider(name: "secondary", baseURL: secondaryURL, apiKey: nil),
                            upstreamModel: "gpt-secondary"),
                    ])
                try await TestGateway.with(
                    catalog: ModelCatalog([
                        .init(name: "smart", provider: RoutedProvider(group: group), upstreamModel: "smart")
                    ])
                ) { _, port in try await body(port) }
            }
        }
    }

    func post(_ port: Int, stream: Bool = false) async throws -> RawHTTPResponse {
        let body = #"{"model":"smart","stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#
        return try await RawHTTPConnection.exchange(
            port: port, RawHTTPConnection.post("/v1/chat/completions", json: body))
    }

    @Test("primary 503 → the secondary answers; the headers say who, in how many attempts, and Sira's overhead")
    func overloaded() async throws {
        let primary = FakeUpstream(.fail(status: 503))
        let secondary = FakeUpstream(.answer(OpenAIFixtures.response))
        try await withGateway(primary, secondary) { port in
            let response = try await self.post(port)
            #expect(response.status == 200)
            #expect(response["x-sira-provider"] == "secondary")
            #expect(response["x-sira-model"] == "gpt-secondary")
            #expect(response["x-sira-attempts"] == "2")
            #expect(Double(response["x-sira-overhead-ms"] ?? "") != nil)
        }
        let sent = String(decoding: secondary.requests.values.first?.body ?? [], as: UTF8.self)
        #expect(sent.contains(#""model":"gpt-secondary""#))
    }

    @Test("429 with Retry-After → fallback; a stream failing before its first byte → fallback")
    func rateLimitedAndStream() async throws {
        let primary = FakeUpstream(.fail(status: 429, headers: [("retry-after", "30")]))
        let secondary = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await withGateway(primary, secondary) { port in
            let whole = try await self.post(port)
            #expect(whole["x-sira-provider"] == "secondary")
            let streamed = try await self.post(port, stream: true)
            #expect(streamed["x-sira-provider"] == "secondary")
            let (_, done) = try JSONTesting.openAIStream(streamed.text)
            #expect(done)
        }
    }

    @Test("a timeout falls back: the primary stalls before answering")
    func timeout() async throws {
        let primary = FakeUpstream(.delayed(.seconds(3), .stream(OpenAIFixtures.textStream)))
        let secondary = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await withGateway(primary, secondary) { port in
            let streamed = try await self.post(port, stream: true)
            #expect(streamed["x-sira-provider"] == "secondary")
            #expect(streamed["x-sira-attempts"] == "2")
        }
    }

    @Test("a pass-through stream that breaks before its first event falls back to the secondary")
    func cutBeforeFirstByte() async throws {
        let primary = FakeUpstream(.stream([], done: false))
        let secondary = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await withGateway(primary, secondary) { port in
            let streamed = try await self.post(port, stream: true)
            #expect(streamed["x-sira-provider"] == "secondary")
            #expect(streamed["x-sira-attempts"] == "2")
            let (_, done) = try JSONTesting.openAIStream(streamed.text)
            #expect(done, "one clean answer, no error event from the primary")
        }
    }

    @Test(
        "a forwarded stream that breaks after its commit point counts against its target; a complete one does not; one the client drops counts neither way"
    )
    func passThroughHealth() async throws {
        let cut = FakeUpstream.Behaviour.stream(Array(OpenAIFixtures.textStream.prefix(2)), done: false)
        let upstream = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await upstream.run { url in
            let group = ModelGroup(
                name: "smart",
                targets: [
                    RouteTarget(provider: OpenAIProvider(name: "p", baseURL: url, apiKey: nil), upstreamModel: "gpt")
                ],
                health: HealthSettings(failuresToCoolDown: 1))
            let routed = RoutedProvider(group: group)
            func run(readAll: Bool) async throws -> String {
                let body = #"{"model":"smart","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
                var request = ChatRequest(model: "smart", messages: [.text(.user, "Hi")])
                request.stream = true
                let call = ChatCall(
                    request: request, upstreamModel: "smart", clientFormat: .openAI, originalBody: Array(body.utf8))
                guard case .forwarded(_, let pieces) = try await routed.chat(call, context: testContext)
                else { return "<not forwarded>" }
                var text = ""
                do {
                    for try await piece in pieces {
                        text += String(decoding: piece.bytes, as: UTF8.self)
                        if !readAll { break }
                    }
                } catch let error as GatewayError {
                    text += "<thrown: \(error.kind.code)>"  // the endpoint writes the error event
                }
                return text
            }
            #expect(try await run(readAll: true).contains("[DONE]"))
            #expect(!group.state.isCooling(0), "a complete stream")
            upstream.set(cut)
            _ = try await run(readAll: false)
            #expect(!group.state.isCooling(0), "a stream the client stopped reading")
            #expect(try await run(readAll: true).hasSuffix("<thrown: provider_error>"))
            #expect(group.state.isCooling(0), "a stream cut after its first content")
            #expect(group.state.inFlight(of: 0) == 0)
        }
    }

    @Test("a pass-through stream cut after its first content ends with an error event; nothing from the secondary")
    func cutAfterCommit() async throws {
        let primary = FakeUpstream(.stream(Array(OpenAIFixtures.textStream.prefix(2)), done: false))
        let secondary = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await withGateway(primary, secondary) { port in
            let streamed = try await self.post(port, stream: true)
            #expect(streamed["x-sira-provider"] == "primary")
            #expect(streamed.text.contains("provider_error"))
            #expect(!streamed.text.contains("[DONE]"))
        }
        #expect(secondary.requests.values.isEmpty)
    }
}

@Suite("The commit point of neutral streams")
struct NeutralCommitTests {
    @Test("reasoning deltas (unknown members) count as content; role-only chunks do not")
    func reasoningIsContent() {
        var reasoning = MessageDelta()
        reasoning.extra = ["reasoning_content": "thinking…"]
        #expect(ChatChunk(id: "c", created: 1, model: "m", choices: [ChunkChoice(delta: reasoning)]).hasContent)
        #expect(
            !ChatChunk(
                id: "c", created: 1, model: "m",
                choices: [ChunkChoice(delta: MessageDelta(role: .assistant, content: ""))]
            ).hasContent)
    }

    @Test("a stream of content-free chunks commits after 256 of them instead of buffering without bound")
    func bounded() async throws {
        let empty = (0..<1000).map { _ in
            ChatChunk(id: "c", created: 1, model: "m", choices: [ChunkChoice(delta: MessageDelta(role: .assistant))])
        }
        struct Endless: Provider {
            let name = "endless"
            let chunks: [ChatChunk]
            func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
                .stream(.chunks(chunks, failing: GatewayError(.providerUnreachable, "cut")))
            }
        }
        let second = ScriptedProvider("second", [.answer("unused")])
        let routed = RoutedProvider(
            group: ModelGroup(
                name: "g",
                targets: [
                    RouteTarget(provider: Endless(chunks: empty), upstreamModel: "a"),
                    RouteTarget(provider: second, upstreamModel: "b"),
                ]))
        guard case .stream = try await routed.chat(chatCall(stream: true), context: testContext) else {
            Issue.record("expected the first target's stream, committed")
            return
        }
        #expect(second.callCount == 0)
    }
}

@Suite("The pass-through commit point")
struct PassThroughCommitTests {
    @Test("an Anthropic stream that fails after message_start, before content, falls back")
    func anthropicOverloadedAfterStart() async throws {
        let overloaded = [
            "event: message_start\n"
                + #"data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","usage":{"input_tokens":1,"output_tokens":1}}}"#
                + "\n\n",
            "event: error\n" + #"data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
                + "\n\n",
        ]
        let good = [
            "event: message_start\n"
                + #"data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","content":[],"model":"claude","usage":{"input_tokens":1,"output_tokens":1}}}"#
                + "\n\n",
            "event: content_block_delta\n"
                + #"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"# + "\n\n",
            "event: message_stop\n" + #"data: {"type":"message_stop"}"# + "\n\n",
        ]
        let primary = FakeUpstream(.events(overloaded), path: "/v1/messages")
        let secondary = FakeUpstream(.events(good), path: "/v1/messages")
        try await primary.run { primaryURL in
            try await secondary.run { secondaryURL in
                let group = ModelGroup(
                    name: "claude",
                    targets: [
                        RouteTarget(
                            provider: AnthropicProvider(name: "a1", baseURL: primaryURL, apiKey: nil),
                            upstreamModel: "c"),
                        RouteTarget(
                            provider: AnthropicProvider(name: "a2", baseURL: secondaryURL, apiKey: nil),
                            upstreamModel: "c"),
                    ])
                try await TestGateway.with(
                    catalog: ModelCatalog([
                        .init(name: "claude", provider: RoutedProvider(group: group), upstreamModel: "claude")
                    ])
                ) { _, port in
                    let body =
                        #"{"model":"claude","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
                    let connection = try await RawHTTPConnection.connect(port: port)
                    try await connection.send(
                        "POST /v1/messages HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                    let response = try await connection.readResponse()
                    #expect(response["x-sira-provider"] == "a2")
                    #expect(response.text == good.joined(), "the client sees only the second answer")
                    await connection.close()
                }
            }
        }
    }
}
