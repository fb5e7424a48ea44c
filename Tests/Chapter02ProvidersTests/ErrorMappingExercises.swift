// Exercises 2.4 and 2.5: what an upstream's error means to the client.

import SiraCore
import SiraProviders
import Testing

@Suite("2.4 Upstream errors mapped to the gateway's vocabulary")
struct ErrorMappingExercises {
    func map(_ status: Int, headers: Headers = [:], body: String = "") -> GatewayError {
        UpstreamErrorMapper.map(status: status, headers: headers, body: Array(body.utf8), provider: "acme")
    }

    @Test("2.4 the upstream judged the request invalid: the caller's fault, with the upstream's message")
    func rejected() {
        for status in [400, 404, 409, 413, 422] {
            let error = map(status, body: #"{"error":{"message":"maximum context length is 128000 tokens"}}"#)
            #expect(error.kind == .upstreamRejectedRequest, "\(status)")
            #expect(error.kind.fault == .caller)
            #expect(error.message.contains("maximum context length"))
        }
    }

    @Test("2.4 the upstream refused the gateway's key: a 502, never the client's 401, and its message withheld")
    func credentials() {
        for status in [401, 403] {
            let error = map(status, body: #"{"error":{"message":"Incorrect API key provided: sk-abc***xyz"}}"#)
            #expect(error.kind == .providerAuthenticationFailed, "\(status)")
            #expect(error.status == 502)
            #expect(!error.message.contains("sk-abc"))
        }
    }

    @Test("2.4 rate limits, timeouts, overload and other failures")
    func providerFaults() {
        #expect(map(429).kind == .providerRateLimited)
        // Retry-After is passed on as 2.5 reads it, so this test holds whether or not 2.5 is written yet.
        let slowDown: Headers = ["retry-after": "7"]
        #expect(map(429, headers: slowDown).retryAfter == UpstreamErrorMapper.retryAfter(slowDown))
        #expect(map(408).kind == .providerTimeout)
        #expect(map(504).kind == .providerTimeout)
        #expect(map(503).kind == .providerOverloaded)
        let overloaded: Headers = ["retry-after": "2"]
        #expect(
            map(529, headers: overloaded).retryAfter == UpstreamErrorMapper.retryAfter(overloaded),
            "Anthropic's overloaded")
        #expect(map(500).kind == .providerError)
        #expect(map(502).kind == .providerError)
        #expect(map(418).kind == .providerError)
    }
}

@Suite("2.5 Retry-After from an upstream")
struct RetryAfterExercises {
    func wait(_ fields: [(String, String)]) -> Duration? { UpstreamErrorMapper.retryAfter(Headers(fields)) }

    @Test("2.5 retry-after in seconds, fractions rounded up to milliseconds")
    func seconds() {
        #expect(wait([("retry-after", "20")]) == .seconds(20))
        #expect(wait([("retry-after", "1.0005")]) == .milliseconds(1001))
    }

    @Test("2.5 retry-after-ms wins over retry-after")
    func milliseconds() {
        #expect(wait([("retry-after-ms", "250"), ("retry-after", "20")]) == .milliseconds(250))
        #expect(wait([("retry-after-ms", "0.5")]) == .milliseconds(1))
    }

    @Test("2.5 no usable value: none, a date, zero, negative or garbage")
    func unusable() {
        #expect(wait([("retry-after", "2")]) == .seconds(2), "a usable value beside them is read")
        #expect(wait([]) == nil)
        #expect(wait([("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")]) == nil)
        #expect(wait([("retry-after", "0")]) == nil)
        #expect(wait([("retry-after-ms", "-5")]) == nil)
        #expect(wait([("retry-after", "soon")]) == nil)
        #expect(wait([("retry-after", "inf")]) == nil, "not finite")
    }

    @Test("2.5 absurd values are capped at a day instead of overflowing")
    func capped() {
        #expect(wait([("retry-after", "1e19")]) == .seconds(86400))
        #expect(wait([("retry-after-ms", "1e400")]) == nil, "1e400 is infinite as a Double")
    }
}
