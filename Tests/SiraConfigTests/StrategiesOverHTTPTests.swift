import SiraConfig
import SiraCore
import SiraHTTP
import SiraProviders
import SiraRouting
import SiraTesting
import Testing

/// The strategies end to end: a configuration file, the real server, and two fake OpenAI upstreams
/// on loopback. The unit tests check each strategy's order; these check that what the file says is
/// what the gateway does, and that the client can see it (`x-sira-provider`).
@Suite("Strategies over HTTP, from a configuration file")
struct StrategiesOverHTTPTests {
    static func yaml(_ a: String, _ b: String) -> String {
        """
        providers:
          a: {kind: openai-compatible, base_url: "\(a)"}
          b: {kind: openai-compatible, base_url: "\(b)"}
        models:
          turns:
            strategy: {round-robin: [one, two]}
            targets:
              - {name: one, provider: a, model: m-a}
              - {name: two, provider: b, model: m-b}
          tiers:
            strategy:
              conditional:
                - if: {metadata: {tier: gold}}
                  then: two
                - if: {tools: true}
                  then: two
              otherwise: one
            targets:
              - {name: one, provider: a, model: m-a}
              - {name: two, provider: b, model: m-b}
          cheapest:
            strategy: {cost: [dear, cheap]}
            targets:
              - {name: dear, provider: a, model: m-a, input_price: 10, output_price: 30}
              - {name: cheap, provider: b, model: m-b, input_price: 0.1, output_price: 0.4}
          split:
            strategy: {weighted: [one, two]}
            targets:
              - {name: one, provider: a, model: m-a, weight: 0.000001}
              - {name: two, provider: b, model: m-b, weight: 1000}
          bounded:
            fallback: {on: [provider_timeout]}
            targets:
              - {name: one, provider: a, model: m-a}
              - {name: two, provider: b, model: m-b}
        """
    }

    /// Runs `body` against a gateway configured with two fake upstreams.
    func withGateway(
        _ a: FakeUpstream = FakeUpstream(.answer(OpenAIFixtures.response)),
        _ b: FakeUpstream = FakeUpstream(.answer(OpenAIFixtures.response)),
        _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        try await a.run { aURL in
            try await b.run { bURL in
                let configuration = try GatewayConfiguration.parse(
                    Self.yaml(aURL, bURL), file: "sira.yaml", environment: [:])
                let chat = OpenAIChatEndpoint(catalog: configuration.catalog())
                let router = Router([
                    Route("POST", "/v1/chat/completions", maxBodySize: 1 << 20) {
                        try await chat.handle($0, context: $1)
                    }
                ])
                try await TestServer.with(router) { _, port in try await body(port) }
            }
        }
    }

    func post(_ port: Int, model: String, headers: String = "", tools: Bool = false) async throws -> RawHTTPResponse {
        let toolList = tools ? #","tools":[{"type":"function","function":{"name":"f"}}]"# : ""
        let body = #"{"model":"\#(model)","messages":[{"role":"user","content":"Hi"}]\#(toolList)}"#
        let connection = try await RawHTTPConnection.connect(port: port)
        try await connection.send(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n\(headers)"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let response = try await connection.readResponse()
        await connection.close()
        return response
    }

    @Test("round-robin: requests take turns, a b a b")
    func roundRobin() async throws {
        try await withGateway { port in
            var answered: [String] = []
            for _ in 0..<4 { answered.append(try await self.post(port, model: "turns")["x-sira-provider"] ?? "?") }
            #expect(answered == ["a", "b", "a", "b"])
        }
    }

    @Test("conditional: x-sira-metadata and the presence of tools choose the branch")
    func conditional() async throws {
        try await withGateway { port in
            #expect(try await self.post(port, model: "tiers")["x-sira-provider"] == "a")
            let gold = try await self.post(port, model: "tiers", headers: "x-sira-metadata: {\"tier\":\"gold\"}\r\n")
            #expect(gold["x-sira-provider"] == "b")
            #expect(try await self.post(port, model: "tiers", tools: true)["x-sira-provider"] == "b")
            let bad = try await self.post(port, model: "tiers", headers: "x-sira-metadata: [1]\r\n")
            #expect(bad.status == 400, "metadata that is not an object of strings is the caller's mistake")
        }
    }

    @Test(
        "cost: the cheaper target answers; weighted: a target weighted a billion to one leads (a miss is one chance in 10^9 per request)"
    )
    func costAndWeighted() async throws {
        try await withGateway { port in
            for _ in 0..<3 {
                let cheapest = try await self.post(port, model: "cheapest")
                let split = try await self.post(port, model: "split")
                #expect(cheapest["x-sira-provider"] == "b")
                #expect(split["x-sira-provider"] == "b")
            }
        }
    }

    @Test("fallback.on: a failure not listed is the answer, with the x-sira fields; the second target is not tried")
    func fallbackOn() async throws {
        let a = FakeUpstream(.fail(status: 503))
        let b = FakeUpstream(.answer(OpenAIFixtures.response))
        try await withGateway(a, b) { port in
            let response = try await self.post(port, model: "bounded")
            #expect(response.status == 503)
            #expect(response["x-sira-attempts"] == "1", "a failure says how many attempts were made")
            #expect(response["x-sira-provider"] == "a" && response["x-sira-model"] == "m-a")
        }
        #expect(b.requests.values.isEmpty)
    }
}
