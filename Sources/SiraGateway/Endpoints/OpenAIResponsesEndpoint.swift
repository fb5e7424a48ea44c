// POST /v1/responses: OpenAI's Responses API, in front of any provider.

import SiraCore
import SiraProviders

/// The Responses API endpoint, for the clients that speak it: the OpenAI Agents SDK and
/// `client.responses.create` in the official SDKs (clients that need OpenAI's built-in tools or stored
/// responses get a 400 naming the member).
///
/// The request is always decoded into the neutral model (`ResponsesRequestDecoder`) and sent as a chat
/// call, whatever the provider: OpenAI-format upstreams are asked for chat completions, others are
/// translated as for any client. The answer is written back as a `response` object or as the Responses
/// API's typed events (`ResponsesEncoder`, `ResponsesEventStream`). Errors use OpenAI's shape.
///
/// Sira stores no responses, so `previous_response_id` and `store: true` are refused by name: the client
/// sends the whole conversation each time, as it does with chat completions.
public struct OpenAIResponsesEndpoint: Sendable {
    /// The call level.
    public var calls: ModelCalls

    /// Creates the endpoint.
    /// - Parameter calls: The call level.
    public init(calls: ModelCalls) { self.calls = calls }

    /// Handles one request.
    /// - Parameters:
    ///   - request: The HTTP request.
    ///   - context: Its context.
    /// - Returns: The response.
    /// - Throws: A `GatewayError` for a bad or untranslatable request, an unknown model, or a provider failure.
    public func handle(_ request: GatewayRequest, context: RequestContext) async throws -> GatewayResponse {
        let chat = try ResponsesRequestDecoder.decode(request.body)
        let entry = try calls.entry(for: chat.model)
        var context = context
        context.metadata = try ResponseFields.metadata(request)
        // No original body: an OpenAI-format upstream gets the neutral request encoded as chat completions.
        var call = ChatCall(request: chat, upstreamModel: entry.upstreamModel, clientFormat: .openAI)
        call.clientHeaders = ChatCall.policyHeaders(of: request.headers)
        var (reply, headers) = try await calls.send(call, to: entry, context: context)
        if !entry.provider.passesThrough(.openAI) {
            let dropped = entry.provider.droppedMembers(of: chat)
            if !dropped.isEmpty { headers.add("x-sira-dropped", dropped.joined(separator: ", ")) }
        }
        let chunks: ChunkStream
        switch reply {
        case .whole(let response):
            return whole(response, model: chat.model, headers: headers)
        case .passthrough(_, let body):
            guard let response = try? SiraJSON.decode(ChatResponse.self, from: body) else {
                throw GatewayError(
                    .providerError,
                    "The provider '\(entry.provider.name)' sent an answer that is not a chat completion.")
            }
            return whole(response, model: chat.model, headers: headers)
        case .stream(let stream):
            chunks = stream
        case .forwarded(_, let events):
            chunks = ChunkStream(ForwardedChatChunks(events))
        }
        headers.add("content-type", "text/event-stream")
        headers.add("cache-control", "no-cache")
        let events = ResponsesEventStream(chunks: chunks, model: chat.model)
        return GatewayResponse(status: 200, headers: headers, body: .stream(ResponseStream(events)))
    }

    private func whole(_ response: ChatResponse, model: String, headers: Headers) -> GatewayResponse {
        var headers = headers
        headers.add("content-type", "application/json")
        return GatewayResponse(
            status: 200, headers: headers, body: .bytes(ResponsesEncoder.response(response, model: model).jsonBytes()))
    }
}
