// Exercise 0.1: an error knows its status and writes its body in the caller's format.

import SiraCore
import SiraTesting
import Testing

@Suite("0.1 Errors have a status and a body in the caller's format")
struct ErrorBodyExercises {
    @Test("0.1 an unknown model is a 404 whose OpenAI body has message, type, param and code")
    func unknownModelOpenAIBody() {
        let error = GatewayError(.unknownModel, "The model 'gtp-4o' does not exist.", param: "model")
        let expected: JSONValue = [
            "error": [
                "message": "The model 'gtp-4o' does not exist.",
                "type": "invalid_request_error",
                "param": "model",
                "code": "model_not_found",
            ]
        ]
        #expect(error.status == 404)
        #expect(error.body(.openAI) == expected, "expected \(expected), got \(error.body(.openAI))")
    }

    @Test("0.1 param is present as null when no member is at fault")
    func paramIsNull() {
        let body = GatewayError(.providerTimeout, "The provider did not answer in time.").body(.openAI)
        let error = body.objectValue?["error"]?.objectValue
        #expect(error?.keys.sorted() == ["code", "message", "param", "type"], "got \(body)")
        #expect(error?["param"] == .null, "param should be null, got \(String(describing: error?["param"]))")
        #expect(error?["type"] == "provider_error")
    }

    @Test("0.1 Anthropic bodies use Anthropic's envelope and type names")
    func anthropicBody() {
        let body = GatewayError(.providerOverloaded, "Overloaded").body(.anthropic)
        let expected: JSONValue = ["type": "error", "error": ["type": "overloaded_error", "message": "Overloaded"]]
        #expect(body == expected, "expected \(expected), got \(body)")
    }

    @Test("0.1 Retry-After rounds up to whole seconds and is never 0")
    func retryAfterRoundsUp() {
        let cases: [(Duration, String)] = [(.milliseconds(300), "1"), (.seconds(2), "2"), (.milliseconds(2001), "3")]
        for (wait, header) in cases {
            let error = GatewayError(.rateLimited, "Slow down.", retryAfter: wait)
            #expect(error.retryAfterHeader == header, "\(wait) should be sent as \(header)")
        }
    }

    @Test("0.1 the response carries the status, Retry-After and the JSON body")
    func responseCarriesEverything() throws {
        let error = GatewayError(.providerRateLimited, "The provider is rate limiting.", retryAfter: .seconds(7))
        let response = error.response(.openAI)
        #expect(response.status == 429)
        #expect(response.headers["Retry-After"] == "7")
        guard case .bytes(let bytes) = response.body else {
            Issue.record("expected a whole body")
            return
        }
        let body = try JSONTesting.parse(String(decoding: bytes, as: UTF8.self))
        #expect(body.objectValue?["error"]?.objectValue?["code"] == "provider_rate_limited")
    }
}
