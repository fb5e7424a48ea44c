import Foundation
import SiraCore
import SiraHTTP
import SiraProviders
import SiraTesting
import Testing

@Suite("OpenAI provider against a fake upstream on loopback")
struct OpenAIProviderTests {
    static let upstreamKey = "sk-upstream-secret-0123456789"
    static let answer =
        #"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-2024","choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4},"x_upstream_field":true}"#

    /// Runs Sira (chat endpoint, model `smart` → the fake as `gpt-4o-2024`) in front of a fake upstream.
    func withGateway(
        _ upstream: FakeUpstream,
        _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        try await upstream.run { baseURL in
            let provider = OpenAIProvider(
                name: "fake-openai", baseURL: baseURL, apiKey: Secret(Self.upstreamKey), timeout: .seconds(10))
            var catalog = ModelCatalog([.init(name: "smart", provider: provider, upstreamModel: "gpt-4o-2024")])
            catalog.passThrough(prefix: "fake", to: provider)
            try await TestGateway.with(catalog: catalog) { _, port in try await body(port) }
        }
    }

    static func post(_ body: String, key: String = "sk-client-key") -> String {
        "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(key)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test("the client's body reaches the upstream byte for byte except the model, with the provider's key")
    func passThroughRequest() async throws {
        let upstream = FakeUpstream(.answer(Self.answer))
        let body =
            #"{"model":"smart", "messages":[{"role":"user","content":"Hi"}],"temperature":1.0,"x_unknown":{"keep":[1,2]}}"#
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(body))
            let response = try await connection.readResponse()
            #expect(response.status == 200)
            #expect(response.text == Self.answer, "the upstream answer is forwarded as it came")
            #expect(response["x-sira-provider"] == "fake-openai")
            await connection.close()
        }
        let received = try #require(upstream.requests.values.first)
        let expected = body.replacingOccurrences(of: #""model":"smart""#, with: #""model":"gpt-4o-2024""#)
        #expect(String(decoding: received.body, as: UTF8.self) == expected)
        #expect(received.headers["authorization"] == "Bearer \(Self.upstreamKey)")
    }

    @Test("a prefix/model name passes the model through")
    func prefixPassThrough() async throws {
        let upstream = FakeUpstream(.answer(Self.answer))
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"fake/gpt-4o-mini","messages":[]}"#))
            #expect(try await connection.readResponse().status == 200)
            await connection.close()
        }
        #expect(
            String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self)
                == #"{"model":"gpt-4o-mini","messages":[]}"#)
    }

    @Test("a streamed answer is forwarded event by event, ending with [DONE]; usage the client asked for is in it")
    func streamPassThrough() async throws {
        let upstream = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await withGateway(upstream) { port in
            let body = #"{"model":"smart","stream":true,"stream_options":{"include_usage":true},"messages":[]}"#
            let response = try await RawHTTPConnection.exchange(port: port, Self.post(body))
            #expect(response["content-type"] == "text/event-stream")
            let expected = OpenAIFixtures.textStream.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
            #expect(response.text == expected)
        }
        #expect(
            String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self)
                == #"{"model":"gpt-4o-2024","stream":true,"stream_options":{"include_usage":true},"messages":[]}"#,
            "forwarded as sent, model replaced")
    }

    @Test("a stream whose client did not ask for usage asks the upstream for it, and the usage chunk is dropped again")
    func streamUsageAskedAndDropped() async throws {
        let upstream = FakeUpstream(.stream(OpenAIFixtures.textStream))
        try await withGateway(upstream) { port in
            let response = try await RawHTTPConnection.exchange(
                port: port, Self.post(#"{"model":"smart","stream":true,"messages":[]}"#))
            let expected = OpenAIFixtures.textStream.dropLast().map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
            #expect(response.text == expected, "the client gets the stream it asked for, without the usage chunk")
        }
        #expect(
            String(decoding: upstream.requests.values.first?.body ?? [], as: UTF8.self)
                == #"{"model":"gpt-4o-2024","stream":true,"messages":[],"stream_options":{"include_usage":true}}"#)
    }

    @Test("a stream the upstream cuts short ends with an error event, never a silent [DONE]")
    func cutStream() async throws {
        let upstream = FakeUpstream(.stream(Array(OpenAIFixtures.textStream.prefix(2)), done: false))
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"smart","stream":true,"messages":[]}"#))
            let response = try await connection.readResponse()
            #expect(response.text.hasSuffix("\n\n"))
            #expect(response.text.contains(#""code":"provider_error""#))
            #expect(!response.text.contains("[DONE]"))
            await connection.close()
        }
    }

    @Test("an upstream 429 is a 429 with its Retry-After, marked as the provider's")
    func rateLimited() async throws {
        let upstream = FakeUpstream(
            .fail(status: 429, headers: [("retry-after-ms", "1500")], body: #"{"error":{"message":"slow down"}}"#))
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"smart","messages":[]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 429 && response["retry-after"] == "2")
            #expect(
                response.text.contains(#""code":"provider_rate_limited""#)
                    && response.text.contains(#""type":"provider_error""#))
            await connection.close()
        }
    }

    @Test("an upstream 401 is the gateway's problem (502), and no key appears in the answer")
    func upstreamAuth() async throws {
        let upstream = FakeUpstream(
            .fail(status: 401, body: #"{"error":{"message":"Incorrect API key provided: \#(Self.upstreamKey)"}}"#)
        )
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"smart","messages":[]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 502)
            #expect(response.text.contains("provider_authentication_failed"))
            #expect(!response.text.contains("sk-upstream"), "the provider key leaked: \(response.text)")
            await connection.close()
        }
    }

    @Test("an upstream 400 is the caller's request, with the upstream's message")
    func upstreamRejects() async throws {
        let upstream = FakeUpstream(
            .fail(status: 400, body: #"{"error":{"message":"This model's maximum context length is 128000 tokens."}}"#)
        )
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"smart","messages":[]}"#))
            let response = try await connection.readResponse()
            #expect(response.status == 400)
            #expect(response.text.contains("maximum context length"))
            await connection.close()
        }
    }

    @Test("an unreachable upstream is a 502 provider_unreachable at once, not after the connect timeout")
    func unreachable() async throws {
        let provider = OpenAIProvider(name: "down", baseURL: "http://127.0.0.1:9/v1", apiKey: nil, timeout: .seconds(5))
        try await TestGateway.with(catalog: ModelCatalog([.init(name: "m", provider: provider)])) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            let start = ContinuousClock.now
            try await connection.send(Self.post(#"{"model":"m","messages":[]}"#))
            let response = try await connection.readResponse(timeout: .seconds(10))
            #expect(response.status == 502 && response.text.contains("provider_unreachable"))
            #expect(ContinuousClock.now - start < .seconds(2), "a refused connection is not retried until the timeout")
            await connection.close()
        }
    }

    @Test("sequential calls reuse one upstream connection")
    func connectionReuse() async throws {
        let upstream = FakeUpstream(.answer(Self.answer))
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            for _ in 0..<5 {
                try await connection.send(Self.post(#"{"model":"smart","messages":[]}"#))
                #expect(try await connection.readResponse().status == 200)
            }
            await connection.close()
            #expect(upstream.acceptedConnections == 1, "5 calls opened \(upstream.acceptedConnections) connections")
        }
    }

    @Test("when the client goes away mid-stream, the upstream stream is cancelled")
    func clientGoneCancelsUpstream() async throws {
        let events = (0..<200).map { _ in OpenAIFixtures.textStream[1] }
        let upstream = FakeUpstream(.stream(events, pause: .milliseconds(20)))
        try await withGateway(upstream) { port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.post(#"{"model":"smart","stream":true,"messages":[]}"#))
            let deadline = ContinuousClock.now + .seconds(5)
            while !String(decoding: connection.unreadBytes, as: UTF8.self).contains("Hello"),
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(10))
            }
            await connection.close()
            while upstream.cancelledStreams.values.isEmpty, ContinuousClock.now < deadline + .seconds(5) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(upstream.cancelledStreams.values == ["cancelled"], "the upstream stream ran on for nobody")
        }
    }
}
