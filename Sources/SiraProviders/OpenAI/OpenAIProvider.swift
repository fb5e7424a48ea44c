// A provider that speaks OpenAI's chat completions API: OpenAI itself and every OpenAI-compatible
// server. For OpenAI-format clients it is a pass-through: the client's body goes upstream with the
// model replaced, and the upstream's answer comes back as it was, streams included.

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SiraCore

/// An OpenAI-compatible upstream: OpenAI, Azure OpenAI, and every server with a preset.
///
/// Calls go through AsyncHTTPClient's async/await API on a shared client, which keeps a pool of
/// connections per host; the tests check that sequential calls reuse one connection. Cancelling
/// the calling task (the client went away) cancels the upstream request.
///
/// OpenAI-compatible servers differ in three ways, and this type has a setting for each:
/// where the endpoint is (`urlStyle`: a base URL, or Azure's deployment URLs), how the key is sent
/// (`auth`), and which request members the server refuses (`unsupportedParameters`, refused here
/// by name before a network round trip).
public struct OpenAIProvider: Provider {
    /// How the key is sent.
    public enum Auth: Sendable, Hashable {
        /// `Authorization: Bearer <key>` (OpenAI and almost everyone else).
        case bearer
        /// The key in a header of its own (`api-key` for Azure).
        case header(String)
    }

    /// Where the chat endpoint is.
    public enum URLStyle: Sendable, Hashable {
        /// `{baseURL}/chat/completions`, the model in the body.
        case openAI
        /// Azure's classic form: `{baseURL}/deployments/{model}/chat/completions?api-version=…`,
        /// the deployment in the path selecting the model.
        case azureDeployment(apiVersion: String)
    }

    /// The provider's name (`openai`, `groq`, `local`…).
    public let name: String
    /// The API base URL, up to and including `/v1` (`https://api.openai.com/v1`).
    public let baseURL: String
    private let apiKey: Secret?
    private let client: UpstreamTransport
    /// The longest to wait for the upstream's response head. The body is then read under the
    /// client's read timeout (5 minutes between reads); first-token and total deadlines are chapter 05's.
    public let timeout: Duration
    /// How the key is sent.
    public let auth: Auth
    /// Where the chat endpoint is.
    public let urlStyle: URLStyle
    /// Top-level request members this server refuses; a request using one gets a 400 naming it.
    public let unsupportedParameters: Set<String>
    /// Whether translated requests send the output limit as `max_completion_tokens` (OpenAI and
    /// Azure: their reasoning models refuse `max_tokens`) rather than `max_tokens` (most compatible servers).
    public var sendsMaxCompletionTokens = false
    /// Whether a forwarded stream asks for the usage chunk (`stream_options.include_usage`) when
    /// the client did not, and drops it again: the gateway settles budgets and token limits with it.
    /// Off for servers that refuse `stream_options` (a preset that lists it).
    public var asksForStreamUsage: Bool
    /// Whether forwarded streams leave out a leading chunk with an empty `id` and no choices: Azure's
    /// prompt-filter preamble (`"id":"","object":"","choices":[]`), which clients that check a chunk's id
    /// or object trip over. On for Azure.
    public var dropsEmptyPreambles = false
    /// Whether the upstream serves OpenAI's Responses API (`POST /responses`): a Responses API client's
    /// body is then forwarded as it is, and its answer comes back as it came. On for OpenAI's own API;
    /// an OpenAI-compatible server says so in its configuration (`responses_api: true`). Without it,
    /// Responses API calls are asked of `/chat/completions` and translated back by the endpoint.
    public var servesResponses = false
    /// For a preset's regional platform: what a 401 adds, naming the provider's other platform, where a
    /// key from the wrong console is the usual cause (`OpenAICompatiblePreset.wrongPlatformHint`).
    public var wrongPlatformHint: String?

    /// Creates a provider.
    /// - Parameters:
    ///   - name: The provider's name.
    ///   - baseURL: The API base URL, up to and including `/v1`.
    ///   - apiKey: The key; `nil` for servers without auth.
    ///   - client: The HTTP client (a gateway's `UpstreamClients` gives it); by default a standalone one.
    ///   - timeout: The longest to wait for the response head; 10 minutes by default.
    ///   - auth: How the key is sent; a bearer token by default.
    ///   - urlStyle: Where the chat endpoint is; OpenAI's layout by default.
    ///   - unsupportedParameters: Members the server refuses.
    public init(
        name: String,
        baseURL: String,
        apiKey: Secret?,
        client: UpstreamTransport? = nil,
        timeout: Duration = .seconds(600),
        auth: Auth = .bearer,
        urlStyle: URLStyle = .openAI,
        unsupportedParameters: Set<String> = []
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.client = client ?? UpstreamClients.standalone.client(for: baseURL)
        self.timeout = timeout
        self.auth = auth
        self.urlStyle = urlStyle
        self.unsupportedParameters = unsupportedParameters
        self.asksForStreamUsage = !unsupportedParameters.contains("stream_options")
    }

    /// An Azure OpenAI resource.
    /// - Parameters:
    ///   - name: The provider's name.
    ///   - endpoint: The resource URL (`https://contoso.openai.azure.com`).
    ///   - apiKey: The key, sent as `api-key`.
    ///   - apiVersion: A dated API version selects the classic deployment URLs (the model name is
    ///     the deployment); `nil` selects the `/openai/v1` API (the model in the body is the deployment).
    ///   - client: The HTTP client; chosen for the endpoint by default.
    ///   - timeout: The longest to wait for the response head.
    /// - Returns: The provider.
    public static func azure(
        name: String,
        endpoint: String,
        apiKey: Secret?,
        apiVersion: String? = nil,
        client: UpstreamTransport? = nil,
        timeout: Duration = .seconds(600)
    ) -> OpenAIProvider {
        let resource = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        var provider = OpenAIProvider(
            name: name,
            baseURL: resource + (apiVersion == nil ? "/openai/v1" : "/openai"),
            apiKey: apiKey,
            client: client,
            timeout: timeout,
            auth: .header("api-key"),
            urlStyle: apiVersion.map { .azureDeployment(apiVersion: $0) } ?? .openAI
        )
        provider.sendsMaxCompletionTokens = true
        provider.dropsEmptyPreambles = true
        return provider
    }

    /// OpenAI-format clients get the upstream's answer as it came; Responses API clients too, when the
    /// upstream serves that API.
    /// - Parameter format: The client's API.
    /// - Returns: Whether it is forwarded untouched.
    public func passesThrough(_ format: WireFormat) -> Bool {
        format == .openAI || (format == .responses && servesResponses)
    }

    /// An endpoint's URL for a model.
    /// - Parameters:
    ///   - operation: The endpoint below the base URL (`chat/completions`, `embeddings`).
    ///   - model: The upstream model (the deployment, for Azure's classic form).
    /// - Returns: The URL.
    public func url(_ operation: String, model: String) -> String {
        switch urlStyle {
        case .openAI:
            return "\(baseURL)/\(operation)"
        case .azureDeployment(let apiVersion):
            // Only unreserved characters stay as they are: a deployment name cannot change the path.
            let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            let deployment = model.addingPercentEncoding(withAllowedCharacters: unreserved) ?? model
            return "\(baseURL)/deployments/\(deployment)/\(operation)?api-version=\(apiVersion)"
        }
    }

    /// A POST to the upstream with the provider's key.
    func post(_ operation: String, model: String, body: [UInt8], streaming: Bool = false) -> UpstreamRequest {
        var upstream = UpstreamRequest(url: url(operation, model: model))
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        upstream.headers.add(name: "accept", value: streaming ? "text/event-stream" : "application/json")
        if let apiKey {
            switch auth {
            case .bearer: upstream.headers.add(name: "authorization", value: "Bearer \(apiKey.value)")
            case .header(let field): upstream.headers.add(name: field, value: apiKey.value)
            }
        }
        upstream.body = body
        return upstream
    }

    /// Calls the upstream.
    ///
    /// An OpenAI-format client gets the upstream's answer as it came (pass-through); so does a Responses
    /// API client when the upstream serves that API. Any other client (Anthropic's Messages API, a
    /// Responses API client of a chat-only server) gets it translated through the neutral model.
    /// - Parameters:
    ///   - call: The request; its original body is forwarded when the client spoke OpenAI's format.
    ///   - context: The request's context.
    /// - Returns: The answer.
    /// - Throws: A `GatewayError` for every failure, with the fault where it belongs.
    public func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        // Only presets refuse members; the common case skips listing the request's members.
        if !unsupportedParameters.isEmpty,
            let member = call.memberNames.first(where: unsupportedParameters.contains)
        {
            throw GatewayError(
                .unsupportedParameter, "The provider '\(name)' does not accept '\(member)'.", param: member)
        }
        if let responses = call.responsesBody, servesResponses {
            return try await forwardResponses(responses, call: call)
        }
        let passThrough = call.wireFormat == .openAI
        // A forwarded stream asks for usage when the client did not (the chunk is dropped again).
        let wantsStreamUsage = passThrough && asksForStreamUsage && call.needsStreamUsage
        var addsStreamUsage = false
        let body: [UInt8]
        if passThrough, let original = call.originalBody,
            let rewritten = ModelFieldRewriter.rewriting(
                original, model: call.upstreamModel, askingForStreamUsage: wantsStreamUsage)
        {
            body = rewritten
            addsStreamUsage = wantsStreamUsage
        } else {
            var request = try call.decodedRequest()
            request.model = call.upstreamModel
            if sendsMaxCompletionTokens, request.maxCompletionTokens == nil, let limit = request.maxTokens {
                request.maxCompletionTokens = limit
                request.maxTokens = nil
            }
            if !passThrough, request.isStreaming {
                // Translated streams always ask for usage: the client's own format reports it.
                request.streamOptions = ["include_usage": true]
            }
            body = try SiraJSON.encode(request)
        }
        let upstream = post(
            "chat/completions", model: call.upstreamModel, body: body, streaming: call.isStreaming)

        let response = try await send(upstream)
        if passThrough {
            return try await UpstreamCall.passthrough(
                response, streaming: call.isStreaming, format: .openAI, provider: name,
                dropsUsageOnlyEvents: addsStreamUsage, dropsEmptyPreambles: dropsEmptyPreambles)
        }
        if call.isStreaming {
            try UpstreamCall.checkEventStream(response, provider: name)
            return .stream(.translating(response.body, with: OpenAIChunkTranslator(), provider: name))
        }
        let whole = try await UpstreamCall.collect(response, provider: name)
        do {
            return .whole(try SiraJSON.decode(ChatResponse.self, from: whole))
        } catch {
            throw GatewayError(.providerError, "The provider '\(name)' sent an answer that is not a chat completion.")
        }
    }
}

extension OpenAIProvider {
    /// Sends a request; a refused key (401 or 403) gets the wrong-platform hint, when there is one.
    func send(_ upstream: UpstreamRequest) async throws -> HTTPClientResponse {
        do {
            return try await UpstreamCall.send(upstream, client: client, timeout: timeout, provider: name)
        } catch var error as GatewayError where error.kind == .providerAuthenticationFailed {
            if let wrongPlatformHint { error.message += " " + wrongPlatformHint }
            throw error
        }
    }

    /// A Responses API body, forwarded to `/responses` with only the model replaced; the answer comes
    /// back as it came (a `response` object, or its typed events read for the commit point, usage and end).
    func forwardResponses(_ body: [UInt8], call: ChatCall) async throws -> ProviderReply {
        guard let rewritten = ModelFieldRewriter.replacingModel(in: body, with: call.upstreamModel) else {
            throw GatewayError(.invalidRequest, "The request body must be a JSON object with a model.")
        }
        let upstream = post("responses", model: call.upstreamModel, body: rewritten, streaming: call.isStreaming)
        let response = try await send(upstream)
        return try await UpstreamCall.passthrough(
            response, streaming: call.isStreaming, format: .responses, provider: name)
    }
}

extension OpenAIProvider: EmbeddingProvider {
    /// Forwards the client's embeddings request with the model replaced; the answer comes back as it was.
    /// - Parameters:
    ///   - call: The request.
    ///   - context: The request's context.
    /// - Returns: The upstream's body.
    /// - Throws: `GatewayError` for every failure.
    public func embed(_ call: EmbeddingCall, context: RequestContext) async throws -> EmbeddingReply {
        guard let body = ModelFieldRewriter.replacingModel(in: call.originalBody, with: call.upstreamModel) else {
            throw GatewayError(.invalidRequest, "The request body must be a JSON object with a model.")
        }
        let upstream = post("embeddings", model: call.upstreamModel, body: body)
        let response = try await send(upstream)
        let whole = try await UpstreamCall.collect(response, provider: name)
        try UpstreamCall.checkJSONObject(
            whole, contentType: response.headers.first(name: "content-type"), provider: name)
        return .passthrough(whole)
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
