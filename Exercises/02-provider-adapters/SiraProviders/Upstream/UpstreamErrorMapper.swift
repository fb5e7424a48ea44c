// Starter for chapter 02, generated from Sources/SiraProviders/Upstream/UpstreamErrorMapper.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 02` runs their tests.
// What a provider's error means to the client. A provider's 401 is the gateway's misconfigured key,
// not the client's mistake; a provider's 429 is passed on with its Retry-After; a provider's 400 is
// usually the client's request (too long for the context, say) and says so.

import Foundation
import SiraCore

/// Maps an upstream HTTP error to the gateway's error vocabulary.
public enum UpstreamErrorMapper {
    /// The gateway error for an upstream answer with a non-2xx status.
    ///
    /// - 400, 404, 409, 413, 422: the upstream judged the request invalid (`upstreamRejectedRequest`,
    ///   400), with the upstream's own message, shortened, since it usually helps the caller.
    /// - 401, 403: the gateway's credentials were refused (`providerAuthenticationFailed`, 502). The
    ///   upstream's message is not passed on: it may quote part of the key.
    /// - 429: `providerRateLimited`, with `retry-after-ms` or `retry-after` passed on.
    /// - 408, 504: `providerTimeout`; 503, 529: `providerOverloaded`; other 5xx: `providerError`.
    ///
    /// - Parameters:
    ///   - status: The upstream's status.
    ///   - headers: The upstream's header fields.
    ///   - body: The upstream's body (at most a few KiB are read).
    ///   - provider: The provider's name, for the message.
    /// - Returns: The error to answer with.
    public static func map(status: Int, headers: Headers, body: [UInt8], provider: String) -> GatewayError {
        let error = (try? JSONValue(parsing: body))?.objectValue?["error"]?.objectValue
        // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID: still the
        // gateway's credentials, not the caller's request.
        let reasons = (error?["details"]?.arrayValue ?? []).compactMap { $0.objectValue?["reason"]?.stringValue }
        if status == 400, reasons.contains("API_KEY_INVALID") {
            return map(status: 401, headers: headers, body: [], provider: provider)
        }
        // OpenAI and Azure refuse a prompt their safety system flagged with code `content_filter`.
        if status == 400, error?["code"] == "content_filter" {
            return GatewayError(.contentFiltered, "The provider '\(provider)' refused the prompt (content filter).")
        }
        // exercise 2.4 begin: 400/404/409/413/422 → upstreamRejectedRequest with the upstream's message (upstreamMessage); 401/403 → providerAuthenticationFailed without it; 429 → providerRateLimited with retryAfter(headers); 408/504 → providerTimeout; 503/529 → providerOverloaded with retryAfter; anything else → providerError
        return GatewayError(.providerError, "The provider '\(provider)' failed (status \(status)).")
        // exercise 2.4 end
    }

    /// The wait an upstream asked for: `retry-after-ms` (milliseconds) first, then `retry-after`
    /// (seconds; an HTTP date is ignored).
    /// - Parameter headers: The upstream's header fields.
    /// - Returns: The wait, if any.
    public static func retryAfter(_ headers: Headers) -> Duration? {
        // exercise 2.5 begin: retry-after-ms (milliseconds, may be fractional) wins over retry-after (seconds, may be fractional); round up to whole milliseconds; ignore values that are not positive finite numbers (an HTTP date included); cap at a day
        return nil
        // exercise 2.5 end
    }

    /// The gateway error for an error event inside an upstream's stream (Anthropic's
    /// `event: error`, OpenAI's `data: {"error":…}`): the error's `type` is read as the status it
    /// stands for (`overloaded_error` as 529, `rate_limit_error` as 429, …), so a failure in a stream
    /// falls back, cools down and reaches the client like the same failure as an HTTP status.
    /// - Parameters:
    ///   - data: The event's data.
    ///   - provider: The provider's name, for the message.
    /// - Returns: The error.
    public static func mapStreamError(_ data: [UInt8], provider: String) -> GatewayError {
        let error = (try? JSONValue(parsing: data))?.objectValue?["error"]?.objectValue
        let type = error?["type"]?.stringValue ?? error?["code"]?.stringValue ?? ""
        let status: Int
        switch type {
        case "overloaded_error": status = 529
        case "rate_limit_error", "rate_limit_exceeded", "insufficient_quota": status = 429
        case "invalid_request_error": status = 400
        case "request_too_large": status = 413
        case "authentication_error": status = 401
        case "permission_error": status = 403
        case "not_found_error": status = 404
        case "timeout_error": status = 504
        default: status = 500
        }
        let body = error.map { JSONValue.object(["error": .object($0)]).jsonBytes() } ?? []
        return map(status: status, headers: [:], body: body, provider: provider)
    }

    /// The message of an error body, at most 500 characters: `error.message` (OpenAI, Anthropic,
    /// Gemini, Azure), or a top-level `message` (Mistral).
    static func upstreamMessage(_ body: [UInt8]) -> String? {
        guard let object = (try? JSONValue(parsing: body))?.objectValue,
            let message = object["error"]?.objectValue?["message"]?.stringValue ?? object["message"]?.stringValue
        else { return nil }
        return String(message.prefix(500))
    }
}
