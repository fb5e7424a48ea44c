// Sending one request to an upstream, the same way for every provider kind: transport failures and
// non-200 answers become gateway errors with the fault where it belongs.

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SiraCore

/// A request to an upstream: a URL, a method, header fields and a body known in advance. Either
/// client sends it (`UpstreamTransport`).
public struct UpstreamRequest: Sendable {
    /// The full URL.
    public var url: String
    /// The method.
    public var method: HTTPMethod = .POST
    /// The header fields.
    public var headers: HTTPHeaders = [:]
    /// The body.
    public var body: [UInt8] = []

    /// Creates a request.
    /// - Parameters:
    ///   - url: The full URL.
    ///   - method: The method; POST by default.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(url: String, method: HTTPMethod = .POST, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// One call to an upstream.
enum UpstreamCall {
    /// Sends `request` and returns the response when its status is 200.
    /// - Throws: `GatewayError`: unreachable or timed out (transport), or the mapped upstream error
    ///   (`UpstreamErrorMapper`), whose body is read up to 64 KiB.
    static func send(
        _ request: UpstreamRequest,
        client: UpstreamTransport,
        timeout: Duration,
        provider: String
    ) async throws -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw UpstreamFailure.gatewayError(for: error, provider: provider)
        }
        guard response.status.code == 200 else {
            let headers = Headers(response.headers.map { ($0.name, $0.value) })
            let body = (try? await response.body.collect(upTo: 64 * 1024)).map { Array($0.readableBytesView) } ?? []
            throw UpstreamErrorMapper.map(
                status: Int(response.status.code), headers: headers, body: body, provider: provider)
        }
        return response
    }

    /// A whole upstream body, at most 64 MiB.
    /// - Throws: `GatewayError` when reading fails or the body is too large.
    static func collect(_ response: HTTPClientResponse, provider: String) async throws -> [UInt8] {
        do {
            return Array(try await response.body.collect(upTo: 64 * 1024 * 1024).readableBytesView)
        } catch {
            throw UpstreamFailure.gatewayError(for: error, provider: provider)
        }
    }

    /// The upstream's answer for a client of the same format: a stream forwarded as it arrives
    /// (read once for content, usage and its end; a cut throws), or the whole body.
    ///
    /// Forwarded, but not blindly: a 200 whose body is not what was asked for (a captive portal's HTML
    /// page, a misconfigured proxy's text, a whole JSON answer to a stream request) would reach the
    /// client's SDK as a parse error it cannot explain. It is a `provider_error` (502) instead, naming the
    /// provider and what came back, never quoting the body.
    /// - Throws: `providerError` for a body of the wrong kind; what reading the body throws.
    static func passthrough(
        _ response: HTTPClientResponse, streaming: Bool, format: WireFormat, provider: String,
        dropsUsageOnlyEvents: Bool = false, dropsEmptyPreambles: Bool = false
    ) async throws -> ProviderReply {
        let contentType = response.headers.first(name: "content-type")
        if streaming {
            try checkEventStream(response, provider: provider)
            let events = UpstreamEventForwarder(
                body: response.body, provider: provider, format: format, dropsUsageOnlyEvents: dropsUsageOnlyEvents,
                dropsEmptyPreambles: dropsEmptyPreambles)
            return .forwarded(
                headers: ["content-type": "text/event-stream", "cache-control": "no-cache"],
                events: ForwardedStream(events))
        }
        let whole = try await collect(response, provider: provider)
        try checkJSONObject(whole, contentType: contentType, provider: provider)
        return .passthrough(headers: ["content-type": "application/json"], body: whole)
    }

    /// A stream request's answer must be an event stream: a whole JSON answer (a server that ignored
    /// `stream`) or an HTML page would otherwise end as a stream cut before its first event.
    /// - Parameters:
    ///   - response: The upstream's 200 answer.
    ///   - provider: The provider's name, for the message.
    /// - Throws: `providerError` for another content type (none at all is given the benefit of the doubt).
    static func checkEventStream(_ response: HTTPClientResponse, provider: String) throws {
        guard let contentType = response.headers.first(name: "content-type"),
            !contentType.lowercased().contains("text/event-stream")
        else { return }
        throw GatewayError(
            .providerError,
            "The provider '\(provider)' answered a stream request with '\(contentType.prefix(60))', not an event stream."
        )
    }

    /// A cheap look at a whole body about to be forwarded as JSON: its first byte after white space must
    /// open an object. Parsing it all would cost what pass-through saves; a body that starts like an
    /// object and is broken later is the upstream's JSON bug, not a page from something else.
    /// - Parameters:
    ///   - body: The body.
    ///   - contentType: The upstream's `content-type`, for the message.
    ///   - provider: The provider's name, for the message.
    /// - Throws: `providerError` when the body is not a JSON object.
    static func checkJSONObject(_ body: [UInt8], contentType: String?, provider: String) throws {
        let start = body.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a UTF-8 byte-order mark is allowed
        let first = body[start...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard first != UInt8(ascii: "{") else { return }
        let kind = contentType.map { "'\($0.prefix(60))'" } ?? (body.isEmpty ? "an empty body" : "no content type")
        throw GatewayError(
            .providerError, "The provider '\(provider)' answered 200 with a body that is not JSON (\(kind)).")
    }
}
