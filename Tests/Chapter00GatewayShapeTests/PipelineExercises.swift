// Exercise 0.4: a pipeline runs its policies in order around the handler.

import Logging
import SiraCore
import SiraGateway
import SiraTesting
import Testing

@Suite("0.4 A pipeline runs policies in order")
struct PipelineExercises {
    let context = RequestContext(requestID: "req-1", clock: ManualClock(), logger: Logger(label: "test"))
    let request = GatewayRequest(method: "POST", target: "/v1/chat/completions")

    static func recording(_ name: String, into log: Recorder<String>) -> ClosurePolicy<GatewayRequest, GatewayResponse>
    {
        ClosurePolicy(name) { request, context, next in
            log.record("\(name) in")
            let response = try await next(request, context)
            log.record("\(name) out")
            return response
        }
    }

    @Test("0.4 policies run outermost first, then the handler, then back out")
    func order() async throws {
        let log = Recorder<String>()
        let pipeline = RequestPipeline([Self.recording("a", into: log), Self.recording("b", into: log)]) { _, _ in
            log.record("handler")
            return GatewayResponse(status: 200)
        }
        let response = try await pipeline.handle(request, context: context)
        #expect(response.status == 200)
        let order = log.values
        #expect(order == ["a in", "b in", "handler", "b out", "a out"], "got \(order)")
    }

    @Test("0.4 a policy can answer without calling next")
    func shortCircuit() async throws {
        let reached = Recorder<Bool>()
        let cache = ClosurePolicy<GatewayRequest, GatewayResponse>("cache") { _, _, _ in GatewayResponse(status: 203) }
        let pipeline = RequestPipeline([cache]) { _, _ in
            reached.record(true)
            return GatewayResponse(status: 200)
        }
        let response = try await pipeline.handle(request, context: context)
        #expect(response.status == 203)
        #expect(reached.values.isEmpty, "the handler must not run after a policy answered")
    }

    @Test("0.4 an empty pipeline calls the handler; a policy in front of it is not skipped")
    func empty() async throws {
        let pipeline = RequestPipeline([]) { _, _ in GatewayResponse(status: 204) }
        #expect(try await pipeline.handle(request, context: context).status == 204)
        let stamp = ClosurePolicy<GatewayRequest, GatewayResponse>("stamp") { request, context, next in
            var response = try await next(request, context)
            response.status = 205
            return response
        }
        let one = RequestPipeline([stamp]) { _, _ in GatewayResponse(status: 204) }
        #expect(try await one.handle(request, context: context).status == 205, "the policy must run")
    }

    @Test("0.4 a request and context changed by a policy reach the next step")
    func changesPassOn() async throws {
        let rewrite = ClosurePolicy<GatewayRequest, GatewayResponse>("rewrite") { request, context, next in
            var request = request
            var context = context
            request.headers.set("x-seen", "yes")
            context.metadata["team"] = "search"
            return try await next(request, context)
        }
        let pipeline = RequestPipeline([rewrite]) { request, context in
            GatewayResponse(
                status: request.headers["x-seen"] == "yes" && context.metadata["team"] == "search" ? 200 : 500)
        }
        #expect(try await pipeline.handle(request, context: context).status == 200)
    }

    @Test("0.4 a policy's GatewayError becomes the error response")
    func errorsBecomeResponses() async throws {
        let deny = ClosurePolicy<GatewayRequest, GatewayResponse>("auth") { _, _, _ in
            throw GatewayError(.unauthenticated, "Missing API key.")
        }
        let pipeline = RequestPipeline([deny]) { _, _ in GatewayResponse(status: 200) }
        let response = try await pipeline.respond(to: request, context: context, format: .openAI)
        #expect(response.status == 401)
    }

    @Test("0.4 the real gateway runs your pipeline: a request policy stamps the answer to a chat request")
    func inTheGateway() async throws {
        let stamp = ClosurePolicy<GatewayRequest, GatewayResponse>("stamp") { request, context, next in
            var response = try await next(request, context)
            response.headers.add("x-stamp", "seen")
            return response
        }
        let yaml = "providers:\n  mock: {kind: mock}\nmodels:\n  mock: {provider: mock}\n"
        try await TestGateway.with(yaml: yaml, policies: GatewayPolicies(request: [stamp])) { _, port in
            let response = try await RawHTTPConnection.exchange(
                port: port,
                RawHTTPConnection.post(
                    "/v1/chat/completions", json: #"{"model":"mock","messages":[{"role":"user","content":"Hi"}]}"#))
            #expect(response.status == 200, "the gateway answers: \(response.text)")
            #expect(response["x-stamp"] == "seen", "the request policy ran around the endpoint")
        }
    }
}
