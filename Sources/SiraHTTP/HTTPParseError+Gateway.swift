import SiraCore
import SiraHTTPParser

extension HTTPParseError {
    /// The gateway error to answer a malformed request with, so HTTP-level errors have the same
    /// body shape and vocabulary as every other error.
    var gatewayError: GatewayError {
        let kind: GatewayError.Kind
        switch status {
        case 413: kind = .requestTooLarge
        case 414: kind = .uriTooLong
        case 417: kind = .expectationFailed
        case 431: kind = .headersTooLarge
        case 501: kind = .notImplemented
        case 505: kind = .httpVersionNotSupported
        default: kind = .malformedHTTP
        }
        if status == 413 { return GatewayError(kind, "The request body is larger than this endpoint accepts.") }
        return GatewayError(kind, "Malformed HTTP request: \(reason).")
    }
}
