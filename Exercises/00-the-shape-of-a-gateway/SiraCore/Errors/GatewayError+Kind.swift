// Generated from Sources/SiraCore/Errors/GatewayError+Kind.swift by scripts/make-starters. Nothing to write here.
// The closed vocabulary of errors. Adding a kind means deciding its fault, status and wire names
// here, once; nothing else in the gateway invents a status code.

extension GatewayError {
    /// What went wrong. A struct over a private enum, so the vocabulary can grow without breaking
    /// code that switches over it (the pattern of SwiftNIO's and AsyncHTTPClient's errors).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, CaseIterable {
            case invalidRequest = "invalid_request"
            case invalidJSON = "invalid_json"
            case unsupportedParameter = "unsupported_parameter"
            case unknownModel = "model_not_found"
            case notFound = "not_found"
            case methodNotAllowed = "method_not_allowed"
            case requestTooLarge = "request_too_large"
            case unauthenticated = "invalid_api_key"
            case upstreamRejectedRequest = "upstream_rejected_request"
            case contentFiltered = "content_filter"
            case forbidden = "forbidden"
            case rateLimited = "rate_limited"
            case budgetExceeded = "budget_exceeded"
            case providerAuthenticationFailed = "provider_authentication_failed"
            case providerRateLimited = "provider_rate_limited"
            case providerOverloaded = "provider_overloaded"
            case providerTimeout = "provider_timeout"
            case providerUnreachable = "provider_unreachable"
            case providerError = "provider_error"
            case malformedHTTP = "malformed_http_request"
            case uriTooLong = "uri_too_long"
            case headersTooLarge = "headers_too_large"
            case expectationFailed = "expectation_failed"
            case notImplemented = "not_implemented"
            case httpVersionNotSupported = "http_version_not_supported"
            case internalError = "internal_error"
            case unavailable = "gateway_unavailable"
        }

        private let value: Code

        // MARK: The caller's fault

        /// The request is malformed or breaks a rule (400).
        public static let invalidRequest = Kind(value: .invalidRequest)
        /// The body is not valid JSON (400).
        public static let invalidJSON = Kind(value: .invalidJSON)
        /// A member cannot be translated for the chosen provider (400); never dropped silently.
        public static let unsupportedParameter = Kind(value: .unsupportedParameter)
        /// No configured model has this name (404).
        public static let unknownModel = Kind(value: .unknownModel)
        /// No endpoint at this path (404).
        public static let notFound = Kind(value: .notFound)
        /// The endpoint exists but not for this method (405).
        public static let methodNotAllowed = Kind(value: .methodNotAllowed)
        /// The body exceeds the endpoint's limit (413).
        public static let requestTooLarge = Kind(value: .requestTooLarge)
        /// No key, or an unknown, revoked or expired key (401).
        public static let unauthenticated = Kind(value: .unauthenticated)
        /// The bytes are not a valid HTTP/1.1 request (400); the connection is closed after the answer.
        public static let malformedHTTP = Kind(value: .malformedHTTP)
        /// The request target is longer than the server accepts (414).
        public static let uriTooLong = Kind(value: .uriTooLong)
        /// The header section is larger, or has more fields, than the server accepts (431).
        public static let headersTooLarge = Kind(value: .headersTooLarge)
        /// An `Expect` other than `100-continue` (417).
        public static let expectationFailed = Kind(value: .expectationFailed)
        /// A transfer coding the server does not implement (501).
        public static let notImplemented = Kind(value: .notImplemented)
        /// An HTTP version other than 1.0 and 1.1 (505).
        public static let httpVersionNotSupported = Kind(value: .httpVersionNotSupported)
        /// The provider judged the request itself invalid, e.g. too long for the context (400).
        public static let upstreamRejectedRequest = Kind(value: .upstreamRejectedRequest)
        /// The provider's safety system refused the prompt (400, code `content_filter` as OpenAI and
        /// Azure send it). Routing may send such requests down a chain of its own.
        public static let contentFiltered = Kind(value: .contentFiltered)

        // MARK: A policy's refusal

        /// The key may not use this model or endpoint (403).
        public static let forbidden = Kind(value: .forbidden)
        /// A configured rate limit is exhausted (429, with `Retry-After`).
        public static let rateLimited = Kind(value: .rateLimited)
        /// A spend budget is exhausted (402: retrying does not help, so not 429).
        public static let budgetExceeded = Kind(value: .budgetExceeded)

        // MARK: The provider's fault

        /// The provider rejected the gateway's configured credentials (502, not the client's 401).
        public static let providerAuthenticationFailed = Kind(value: .providerAuthenticationFailed)
        /// The provider rate-limited the gateway (429, its `Retry-After` passed on).
        public static let providerRateLimited = Kind(value: .providerRateLimited)
        /// The provider is overloaded or unavailable (503).
        public static let providerOverloaded = Kind(value: .providerOverloaded)
        /// The provider did not answer in time (504).
        public static let providerTimeout = Kind(value: .providerTimeout)
        /// The provider could not be reached: DNS, connect, TLS (502).
        public static let providerUnreachable = Kind(value: .providerUnreachable)
        /// The provider failed: a 5xx, or an answer that is not its documented format (502).
        public static let providerError = Kind(value: .providerError)

        // MARK: The gateway's fault

        /// A bug or an unexpected failure in Sira (500). The message never carries internals.
        public static let internalError = Kind(value: .internalError)
        /// Sira cannot take the request now, e.g. while shutting down (503).
        public static let unavailable = Kind(value: .unavailable)

        /// Every kind, for tests and documentation tables.
        public static var all: [Kind] { Code.allCases.map(Kind.init(value:)) }

        /// The stable machine-readable code, the `code` member of an OpenAI error body.
        public var code: String { value.rawValue }

        /// The code.
        public var description: String { value.rawValue }

        /// Whose fault this kind of error is.
        public var fault: Fault {
            switch value {
            case .invalidRequest, .invalidJSON, .unsupportedParameter, .unknownModel, .notFound, .methodNotAllowed,
                .requestTooLarge, .unauthenticated, .upstreamRejectedRequest, .contentFiltered, .malformedHTTP,
                .uriTooLong,
                .headersTooLarge, .expectationFailed, .notImplemented, .httpVersionNotSupported:
                return .caller
            case .forbidden, .rateLimited, .budgetExceeded:
                return .policy
            case .providerAuthenticationFailed, .providerRateLimited, .providerOverloaded, .providerTimeout,
                .providerUnreachable, .providerError:
                return .provider
            case .internalError, .unavailable:
                return .gateway
            }
        }

        /// The HTTP status.
        public var status: Int {
            switch value {
            case .invalidRequest, .invalidJSON, .unsupportedParameter, .upstreamRejectedRequest, .contentFiltered,
                .malformedHTTP:
                return 400
            case .uriTooLong: return 414
            case .expectationFailed: return 417
            case .headersTooLarge: return 431
            case .notImplemented: return 501
            case .httpVersionNotSupported: return 505
            case .unauthenticated: return 401
            case .budgetExceeded: return 402
            case .forbidden: return 403
            case .unknownModel, .notFound: return 404
            case .methodNotAllowed: return 405
            case .requestTooLarge: return 413
            case .rateLimited, .providerRateLimited: return 429
            case .internalError: return 500
            case .providerAuthenticationFailed, .providerUnreachable, .providerError: return 502
            case .providerOverloaded, .unavailable: return 503
            case .providerTimeout: return 504
            }
        }

        /// The `type` member of an OpenAI error body.
        ///
        /// Caller and policy errors use the types OpenAI's own API uses, so SDKs and tools that read
        /// `type` behave as they do against OpenAI; provider and gateway errors say so in their type.
        public var openAIType: String {
            switch value {
            case .unauthenticated: return "authentication_error"
            case .forbidden: return "permission_error"
            case .rateLimited: return "rate_limit_error"
            case .budgetExceeded: return "insufficient_quota"
            case .providerAuthenticationFailed, .providerRateLimited, .providerOverloaded, .providerTimeout,
                .providerUnreachable, .providerError:
                return "provider_error"
            case .internalError, .unavailable: return "server_error"
            default: return "invalid_request_error"
            }
        }

        /// The `error.type` member of an Anthropic error body, from Anthropic's vocabulary.
        public var anthropicType: String {
            if fault == .caller, status >= 500 { return "invalid_request_error" }
            switch status {
            case 401: return "authentication_error"
            case 402: return "billing_error"
            case 403: return "permission_error"
            case 404: return "not_found_error"
            case 413: return "request_too_large"
            case 429: return "rate_limit_error"
            case 503: return "overloaded_error"
            case 504: return "timeout_error"
            case 500...: return "api_error"
            default: return "invalid_request_error"
            }
        }
    }
}
