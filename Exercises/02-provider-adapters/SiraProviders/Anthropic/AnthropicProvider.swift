// Generated from Sources/SiraProviders/Anthropic/AnthropicProvider.swift by scripts/make-starters. Nothing to write here.
// A provider for Anthropic's Messages API: requests translated from the neutral model, answers and
// streams translated back.

import AsyncHTTPClient
import Foundation
import NIOCore
import SiraCore

/// An Anthropic upstream (`POST {baseURL}/messages` with `x-api-key` and `anthropic-version`).
public struct AnthropicProvider: Provider {
    /// The provider's name.
    public let name: String
    /// The API base URL, up to and including `/v1` (`https://api.anthropic.com/v1`).
    public let baseURL: String
    private let apiKey: Secret?
    private let client: UpstreamTransport
    /// The longest to wait for the upstream's response head. The body is then read under the
    /// client's read timeout (5 minutes between reads); first-token and total deadlines are chapter 05's.
    public let timeout: Duration
    /// The output limit sent when the client set none (Anthropic requires one).
    public let defaultMaxTokens: Int

    /// Creates a provider.
    /// - Parameters:
    ///   - name: The provider's name.
    ///   - baseURL: The API base URL, up to and including `/v1`.
    ///   - apiKey: The key sent as `x-api-key`.
    ///   - client: The HTTP client (a gateway's `UpstreamClients` gives it); by default a standalone one.
    ///   - timeout: The longest to wait for the response head.
    ///   - defaultMaxTokens: The output limit when the client set none; 4096 by default.
    public init(
        name: String,
        baseURL: String = "https://api.anthropic.com/v1",
        apiKey: Secret?,
        client: UpstreamTransport? = nil,
        timeout: Duration = .seconds(600),
        defaultMaxTokens: Int = 4096
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.client = client ?? UpstreamClients.standalone.client(for: baseURL)
        self.timeout = timeout
        self.defaultMaxTokens = defaultMaxTokens
    }

    /// Anthropic-format clients get the upstream's answer as it came.
    /// - Parameter format: The client's API.
    /// - Returns: Whether it is Anthropic's.
    public func passesThrough(_ format: WireFormat) -> Bool { format == .anthropic }

    /// What translation to Anthropic leaves behind: `seed` (Anthropic has no seeded sampling), OpenAI's
    /// `metadata` (stored-completion tags, unrelated to Anthropic's), and members Sira does not know.
    /// - Parameter request: The neutral request.
    /// - Returns: The members' names.
    public func droppedMembers(of request: ChatRequest) -> [String] {
        var names: [String] = []
        if request.seed != nil { names.append("seed") }
        if request.metadata != nil { names.append("metadata") }
        return names + request.extra.keys.sorted().filter { !AnthropicRequestTranslator.refused.contains($0) }
    }

    /// An empty signature as compact and as spaced JSON writers spell it (the Python SDK adds a space).
    static let emptySignatures = [Array("\"signature\":\"\"".utf8), Array("\"signature\": \"\"".utf8)]

    /// The body without thinking blocks whose signature is empty: Sira writes those for another provider's
    /// reasoning (`AnthropicEventEncoder`), and Anthropic refuses an unsigned thinking block, so a client that
    /// sends one back (a group that answered with DeepSeek, then fell back to Claude) would get a 400. Only a
    /// body that mentions an empty signature is parsed: Claude's own thinking, sent back signed on every turn
    /// of an extended-thinking conversation, is forwarded as it came, without a parse on the hot path.
    /// - Parameter body: The client's body.
    /// - Returns: The body, with those blocks left out of assistant turns.
    static func droppingUnsignedThinking(_ body: [UInt8]) -> [UInt8] {
        // An over-match (the words inside a message) costs a parse that finds nothing to drop.
        guard Self.emptySignatures.contains(where: { ForwardedEventReader.mentions($0, in: body) }),
            var object = (try? JSONValue(parsing: body))?.objectValue, let messages = object["messages"]?.arrayValue
        else { return body }
        var dropped = false
        let kept = messages.map { message -> JSONValue in
            guard var turn = message.objectValue, turn["role"] == "assistant", let blocks = turn["content"]?.arrayValue
            else { return message }
            let signed = blocks.filter { block in
                let fields = block.objectValue ?? [:]
                return fields["type"] != "thinking" || !(fields["signature"]?.stringValue ?? "").isEmpty
            }
            guard signed.count != blocks.count else { return message }
            dropped = true
            turn["content"] = .array(signed)
            return .object(turn)
        }
        guard dropped else { return body }
        object["messages"] = .array(kept)
        return JSONValue.object(object).jsonBytes()
    }

    /// Translates, calls and translates back; for Anthropic-format clients, forwards the body as
    /// received with only the model replaced, and the answer as it came.
    /// - Parameters:
    ///   - call: The request.
    ///   - context: The request's context.
    /// - Returns: The answer in the neutral model.
    /// - Throws: `GatewayError`s: untranslatable members (400), upstream failures mapped by fault.
    public func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        let passThrough = call.clientFormat == .anthropic
        let body: [UInt8]
        var forcesJSONTool = false
        if passThrough, let rewritten = call.passThroughBody {
            body = Self.droppingUnsignedThinking(rewritten)
        } else {
            let request = try call.decodedRequest()
            forcesJSONTool = ForcedJSONTool.applies(to: request, model: call.upstreamModel)
            body = try AnthropicRequestTranslator.translate(
                request, model: call.upstreamModel, defaultMaxTokens: defaultMaxTokens
            ).jsonBytes()
        }
        var upstream = UpstreamRequest(url: baseURL + "/messages")
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        upstream.headers.add(name: "anthropic-version", value: "2023-06-01")
        if let apiKey { upstream.headers.add(name: "x-api-key", value: apiKey.value) }
        if passThrough, let beta = call.forwardedHeaders["anthropic-beta"] {
            upstream.headers.add(name: "anthropic-beta", value: beta)
        }
        upstream.body = body
        let response = try await UpstreamCall.send(upstream, client: client, timeout: timeout, provider: name)
        if passThrough {
            return try await UpstreamCall.passthrough(
                response, streaming: call.isStreaming, format: .anthropic, provider: name)
        }
        let created = Int64(wallClockSeconds())
        if call.isStreaming {
            try UpstreamCall.checkEventStream(response, provider: name)
            let chunks = ChunkStream.translating(
                response.body, with: AnthropicStreamTranslator(created: created), provider: name)
            return .stream(forcesJSONTool ? ChunkStream(ForcedJSONToolStream(base: chunks)) : chunks)
        }
        let whole = try await UpstreamCall.collect(response, provider: name)
        guard let message = try? JSONValue(parsing: whole) else {
            throw GatewayError(.providerError, "The Anthropic provider's answer is not JSON.")
        }
        let answer = try AnthropicResponseTranslator.response(message, created: created)
        return .whole(forcesJSONTool ? ForcedJSONTool.unwrap(answer) : answer)
    }
}
