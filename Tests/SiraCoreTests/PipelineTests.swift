import Logging
import SiraCore
import SiraTesting
import Testing

struct Boom: Error {}

@Suite("Pipeline, requests and headers")
struct PipelineTests {
    let context = RequestContext(requestID: "req-9", clock: ManualClock(), logger: Logger(label: "test"))

    @Test("an unexpected error is answered as a generic 500 without its details")
    func unexpectedError() async throws {
        let pipeline = RequestPipeline([]) { _, _ in throw Boom() }
        let response = try await pipeline.respond(
            to: GatewayRequest(method: "GET", target: "/"),
            context: context,
            format: .openAI
        )
        #expect(response.status == 500)
        guard case .bytes(let bytes) = response.body else {
            Issue.record("expected bytes")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("Boom"), "internals leaked: \(text)")
        #expect(text.contains("internal_error"))
    }

    @Test("the context carries the request id into the logger's metadata")
    func loggerMetadata() {
        #expect(context.logger[metadataKey: "request-id"] == "req-9")
        #expect(context.receivedAt == ClockInstant(nanoseconds: 0))
    }

    @Test("the path is the target without its query")
    func path() {
        #expect(GatewayRequest(method: "GET", target: "/v1/models?limit=2").path == "/v1/models")
        #expect(GatewayRequest(method: "GET", target: "/health").path == "/health")
    }

    @Test("header lookup ignores case and keeps order and repeats")
    func headers() {
        var headers: Headers = ["Content-Type": "application/json", "X-A": "1"]
        headers.add("x-a", "2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values("X-a") == ["1", "2"])
        headers.set("X-A", "3")
        #expect(headers.values("x-a") == ["3"])
        headers.remove("CONTENT-TYPE")
        #expect(headers["content-type"] == nil)
        #expect(!"ab".caseInsensitiveEquals("a{"), "only letters fold case")
        #expect("Ab-1".caseInsensitiveEquals("aB-1"))
    }

    @Test("a response stream yields its chunks in order, once")
    func stream() async throws {
        let stream = ResponseStream.chunks([Array("a".utf8), Array("b".utf8)])
        var collected: [String] = []
        for try await chunk in stream { collected.append(String(decoding: chunk, as: UTF8.self)) }
        #expect(collected == ["a", "b"])
    }

    @Test("a JSON response has the content type and the encoded body")
    func jsonResponse() {
        let response = GatewayResponse.json(["ok": true])
        #expect(response.status == 200 && response.headers["content-type"] == "application/json")
        guard case .bytes(let bytes) = response.body else { return }
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"ok":true}"#)
    }
}
