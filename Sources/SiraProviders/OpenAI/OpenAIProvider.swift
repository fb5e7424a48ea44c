// A provider that speaks OpenAI's chat completions API: OpenAI itself and every OpenAI-compatible
// server. For OpenAI-format clients it is a pass-through: the client's body goes upstream with the
// model replaced, and the upstream's answer comes back as it was, streams included.

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SiraCore

/// An OpenAI-compatible upstream.
///
/// Calls go through AsyncHTTPClient's async/await API on a shared client, which keeps a pool of
/// connections per host; the tests check that sequential calls reuse one connection. Cancelling
/// the calling task (the client went away) cancels the upstream request.
public struct OpenAIProvider: Provider {
    /// The provider's name (`openai`, `groq`, `local`…).
    public let name: String
    /// The API base URL, up to and including `/v1` (`https://api.openai.com/v1`).
    public let baseURL: String
    private let apiKey: Secret?
    private let client: HTTPClient
    /// The longest a whole call may take, streams included.
    public let timeout: Duration

    /// Creates a provider.
    /// - Parameters:
    ///   - name: The provider's name.
    ///   - baseURL: The API base URL, up to and including `/v1`.
    ///   - apiKey: The key sent as `Authorization: Bearer …`; `nil` for servers without auth.
    ///   - client: The HTTP client; the shared one by default.
    ///   - timeout: The longest a call may take; 10 minutes by default (long generations stream).
    public init(
        name: String,
        baseURL: String,
        apiKey: Secret?,
        client: HTTPClient = UpstreamClient.shared,
        timeout: Duration = .seconds(600)
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.client = client
        self.timeout = timeout
    }

    /// Calls the upstream.
    /// - Parameters:
    ///   - call: The request; its original body is forwarded when the client spoke OpenAI's format.
    ///   - context: The request's context.
    /// - Returns: The upstream's answer as it came.
    /// - Throws: A `GatewayError` for every failure, with the fault where it belongs.
    public func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        guard call.clientFormat == .openAI else {
            throw GatewayError(
                .unsupportedParameter,
                "Translating to the provider '\(name)' from this API is not supported yet."
            )
        }
        let body: [UInt8]
        if let original = call.originalBody,
            let rewritten = ModelFieldRewriter.replacingModel(in: original, with: call.upstreamModel)
        {
            body = rewritten
        } else {
            var request = call.request
            request.model = call.upstreamModel
            body = Array(try JSONEncoder.sira.encode(request))
        }
        var upstream = HTTPClientRequest(url: baseURL + "/chat/completions")
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        upstream.headers.add(name: "accept", value: call.request.isStreaming ? "text/event-stream" : "application/json")
        if let apiKey { upstream.headers.add(name: "authorization", value: "Bearer \(apiKey.value)") }
        upstream.body = .bytes(ByteBuffer(bytes: body))

        let response = try await UpstreamCall.send(upstream, client: client, timeout: timeout, provider: name)
        if call.request.isStreaming {
            let events = UpstreamEventForwarder(body: response.body, provider: name)
            return .passthrough(
                headers: ["content-type": "text/event-stream", "cache-control": "no-cache"],
                body: .stream(ResponseStream(events))
            )
        }
        do {
            let whole = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return .passthrough(
                headers: ["content-type": "application/json"], body: .bytes(Array(whole.readableBytesView)))
        } catch {
            throw UpstreamFailure.gatewayError(for: error, provider: name)
        }
    }
}

/// A secret, such as a provider key: its description never shows the value, so it cannot reach a
/// log line or an error body by accident.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The value; read it only where it is sent.
    public let value: String

    /// Wraps a secret value.
    /// - Parameter value: The value.
    public init(_ value: String) { self.value = value }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}

/// Transport failures talking to an upstream, mapped to the gateway's vocabulary.
enum UpstreamFailure {
    static func gatewayError(for error: any Error, provider: String) -> GatewayError {
        if let error = error as? GatewayError { return error }
        if error is CancellationError {
            return GatewayError(.providerTimeout, "The call to the provider '\(provider)' was cancelled.")
        }
        if error is NIOTooManyBytesError {
            return GatewayError(.providerError, "The provider '\(provider)' sent an answer that is too large.")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return GatewayError(.providerTimeout, "The provider '\(provider)' did not answer in time.")
            case .cancelled:
                return GatewayError(.providerTimeout, "The call to the provider '\(provider)' was cancelled.")
            default:
                break
            }
        }
        return GatewayError(.providerUnreachable, "The provider '\(provider)' could not be reached.")
    }
}
