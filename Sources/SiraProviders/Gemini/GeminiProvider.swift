// A provider for Google's Gemini API (AI Studio, native `generateContent`): requests translated
// from the neutral model, answers and streams translated back.

import AsyncHTTPClient
import Foundation
import NIOCore
import SiraCore

/// A Gemini upstream: `POST {baseURL}/models/{model}:generateContent`, or
/// `:streamGenerateContent?alt=sse` for streams, with the key in `x-goog-api-key`.
///
/// Gemini's native format is nobody's client format, so every call is translated (the reference
/// explains why Sira does not use Google's OpenAI-compatible layer: it loses thought signatures,
/// safety information and cached content).
public struct GeminiProvider: Provider {
    /// The provider's name.
    public let name: String
    /// The API base URL, up to and including the version (`…/v1beta`).
    public let baseURL: String
    private let apiKey: Secret?
    private let client: UpstreamTransport
    /// The longest to wait for the upstream's response head. The body is then read under the
    /// client's read timeout (5 minutes between reads); first-token and total deadlines are chapter 05's.
    public let timeout: Duration

    /// Creates a provider.
    /// - Parameters:
    ///   - name: The provider's name.
    ///   - baseURL: The API base URL, up to and including the version.
    ///   - apiKey: The key sent as `x-goog-api-key`.
    ///   - client: The HTTP client (a gateway's `UpstreamClients` gives it); by default a standalone one.
    ///   - timeout: The longest to wait for the response head.
    public init(
        name: String,
        baseURL: String = "https://generativelanguage.googleapis.com/v1beta",
        apiKey: Secret?,
        client: UpstreamTransport? = nil,
        timeout: Duration = .seconds(600)
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.client = client ?? UpstreamClients.standalone.client(for: baseURL)
        self.timeout = timeout
    }

    /// What translation to Gemini leaves behind: `user`, OpenAI's `metadata`, `parallel_tool_calls`
    /// (Gemini has no switch for it), and members Sira does not know.
    /// - Parameter request: The neutral request.
    /// - Returns: The members' names.
    public func droppedMembers(of request: ChatRequest) -> [String] {
        var names: [String] = []
        if request.user != nil { names.append("user") }
        if request.metadata != nil { names.append("metadata") }
        if request.parallelToolCalls != nil { names.append("parallel_tool_calls") }
        return names + request.extra.keys.sorted().filter { !GeminiRequestTranslator.refused.contains($0) }
    }

    /// Translates, calls and translates back.
    /// - Parameters:
    ///   - call: The request.
    ///   - context: The request's context.
    /// - Returns: The answer in the neutral model.
    /// - Throws: `GatewayError`s: untranslatable members (400), upstream failures mapped by fault.
    public func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        let body = try GeminiRequestTranslator.translate(try call.decodedRequest())
        let model =
            call.upstreamModel.hasPrefix("models/") ? String(call.upstreamModel.dropFirst(7)) : call.upstreamModel
        guard model.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }) else {
            throw GatewayError(.invalidRequest, "The Gemini model name is not valid.", param: "model")
        }
        let method = call.isStreaming ? ":streamGenerateContent?alt=sse" : ":generateContent"
        var upstream = UpstreamRequest(url: "\(baseURL)/models/\(model)\(method)")
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        if let apiKey { upstream.headers.add(name: "x-goog-api-key", value: apiKey.value) }
        upstream.body = body.jsonBytes()
        let response = try await UpstreamCall.send(upstream, client: client, timeout: timeout, provider: name)
        let created = Int64(wallClockSeconds())
        if call.isStreaming {
            try UpstreamCall.checkEventStream(response, provider: name)
            return .stream(
                .translating(
                    response.body, with: GeminiStreamTranslator(model: model, created: created), provider: name))
        }
        let whole = try await UpstreamCall.collect(response, provider: name)
        guard let answer = try? JSONValue(parsing: whole) else {
            throw GatewayError(.providerError, "The Gemini provider's answer is not JSON.")
        }
        return .whole(try GeminiResponseTranslator.response(answer, model: model, created: created))
    }

    /// The bare model id for Gemini's URL (`models/` prefix removed), checked so it cannot change the path.
    static func modelID(_ name: String) throws -> String {
        let model = name.hasPrefix("models/") ? String(name.dropFirst(7)) : name
        guard !model.isEmpty, model.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }) else {
            throw GatewayError(.invalidRequest, "The Gemini model name is not valid.", param: "model")
        }
        return model
    }

    /// `POST {baseURL}/models/{model}:{method}` with the key in `x-goog-api-key`.
    func post(model: String, method: String, body: JSONValue) -> UpstreamRequest {
        var upstream = UpstreamRequest(url: "\(baseURL)/models/\(model):\(method)")
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        if let apiKey { upstream.headers.add(name: "x-goog-api-key", value: apiKey.value) }
        upstream.body = body.jsonBytes()
        return upstream
    }
}

extension GeminiProvider: EmbeddingProvider {
    /// Embeds through `batchEmbedContents`, one request per text; base64 is encoded by the gateway.
    /// - Parameters:
    ///   - call: The request.
    ///   - context: The request's context.
    /// - Returns: The vectors.
    /// - Throws: `GatewayError`: token input (400), upstream failures.
    public func embed(_ call: EmbeddingCall, context: RequestContext) async throws -> EmbeddingReply {
        guard !call.request.isTokenInput else {
            throw GatewayError(
                .unsupportedParameter, "Gemini embeds text only; token arrays cannot be sent.", param: "input")
        }
        let model = try Self.modelID(call.upstreamModel)
        let requests: [JSONValue] = call.request.inputs.map { text in
            var item: JSONObject = [
                "model": .string("models/\(model)"), "content": ["parts": [["text": .string(text)]]],
            ]
            if let dimensions = call.request.dimensions { item["outputDimensionality"] = .integer(Int64(dimensions)) }
            return .object(item)
        }
        let upstream = post(model: model, method: "batchEmbedContents", body: ["requests": .array(requests)])
        let response = try await UpstreamCall.send(upstream, client: client, timeout: timeout, provider: name)
        let body = try await UpstreamCall.collect(response, provider: name)
        let embeddings = (try? JSONValue(parsing: body))?.objectValue?["embeddings"]?.arrayValue ?? []
        let vectors = embeddings.map { embedding in
            (embedding.objectValue?["values"]?.arrayValue ?? []).compactMap { $0.doubleValue.map(Float.init) }
        }
        guard vectors.count == call.request.inputs.count, vectors.allSatisfy({ !$0.isEmpty }) else {
            throw GatewayError(.providerError, "The Gemini provider's embeddings answer could not be read.")
        }
        // AI Studio reports no token usage for embeddings; the estimate is the usual four characters a token.
        let tokens = call.request.inputs.reduce(0) { $0 + max(1, ($1.count + 3) / 4) }
        return .vectors(vectors, model: model, promptTokens: tokens)
    }
}
