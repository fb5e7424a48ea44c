import SiraCore
import SiraTesting
import Testing

@Suite("GatewayError")
struct GatewayErrorTests {
    @Test("every kind has a fault, a status and wire names that agree")
    func vocabulary() {
        for kind in GatewayError.Kind.all {
            switch kind.fault {
            case .caller:
                #expect(kind.status != 429 && kind.status < 500 || [501, 505].contains(kind.status), "\(kind)")
            case .policy: #expect([402, 403, 429].contains(kind.status), "\(kind)")
            case .provider: #expect(kind.status >= 500 || kind.status == 429, "\(kind)")
            case .gateway: #expect(kind.status >= 500, "\(kind)")
            }
            #expect(!kind.code.isEmpty && !kind.openAIType.isEmpty && !kind.anthropicType.isEmpty)
        }
        #expect(Set(GatewayError.Kind.all.map(\.code)).count == GatewayError.Kind.all.count, "codes are unique")
    }

    @Test("a provider rejecting the gateway's key is a 502, not the client's 401")
    func providerAuthIsNotClientAuth() {
        #expect(GatewayError.Kind.providerAuthenticationFailed.status == 502)
        #expect(GatewayError.Kind.providerAuthenticationFailed.fault == .provider)
        #expect(GatewayError.Kind.unauthenticated.status == 401)
        #expect(GatewayError.Kind.unauthenticated.fault == .caller)
    }

    @Test(
        "statuses of the main kinds",
        arguments: [
            (GatewayError.Kind.invalidRequest, 400), (.unknownModel, 404), (.requestTooLarge, 413),
            (.rateLimited, 429), (.budgetExceeded, 402), (.forbidden, 403), (.providerOverloaded, 503),
            (.providerTimeout, 504), (.internalError, 500),
        ])
    func statuses(kind: GatewayError.Kind, status: Int) {
        #expect(kind.status == status)
    }

    @Test("Anthropic types follow Anthropic's table")
    func anthropicTypes() {
        #expect(GatewayError.Kind.invalidRequest.anthropicType == "invalid_request_error")
        #expect(GatewayError.Kind.unauthenticated.anthropicType == "authentication_error")
        #expect(GatewayError.Kind.unknownModel.anthropicType == "not_found_error")
        #expect(GatewayError.Kind.rateLimited.anthropicType == "rate_limit_error")
        #expect(GatewayError.Kind.providerTimeout.anthropicType == "timeout_error")
        #expect(GatewayError.Kind.internalError.anthropicType == "api_error")
    }

    @Test("the response body is compact JSON with a JSON content type")
    func responseShape() throws {
        let response = GatewayError(.invalidJSON, "The body is not valid JSON.").response(.anthropic)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers["retry-after"] == nil)
        guard case .bytes(let bytes) = response.body else {
            Issue.record("expected bytes")
            return
        }
        let body = try JSONTesting.parse(String(decoding: bytes, as: UTF8.self))
        #expect(
            body == [
                "type": "error", "error": ["type": "invalid_request_error", "message": "The body is not valid JSON."],
            ])
    }

    @Test("description is the code and the message, for logs")
    func description() {
        #expect("\(GatewayError(.forbidden, "No."))" == "forbidden: No.")
    }
}
