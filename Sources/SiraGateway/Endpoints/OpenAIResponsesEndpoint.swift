// POST /v1/responses: OpenAI's Responses API, in front of any provider.

import SiraCore
import SiraProviders

/// The Responses API endpoint, for the clients that speak it: the OpenAI Agents SDK and
/// `client.responses.create` in the official SDKs.
///
/// Two paths, as for chat completions:
/// - **pass-through**, when the model is a single deployment whose upstream serves the Responses API
///   (OpenAI's own; `responses_api: true` on another server): the body is only scanned and goes up as
///   it is, so OpenAI-only members (built-in tools, `previous_response_id`, `store`, `include`) work,
///   and the answer comes back as it came;
/// - **translated**, for every other entry (a chat-only server, Anthropic, Gemini, a group): the body is
///   decoded into the neutral model (`ResponsesRequestDecoder`, which refuses by name what it cannot
///   carry, stored responses included: Sira keeps none), sent as a chat call, and the answer written back
///   as a `response` object or as the Responses API's typed events (`ResponsesEncoder`,
///   `ResponsesEventStream`).
///
/// A call carries its Responses body either way (`ChatCall.responsesBody`), so a group's target that
/// serves the API forwards it too, and its answer comes back as it came. Errors use OpenAI's shape.
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
        let scan = try ChatRequestScan(responses: request.body)
        let entry = try calls.entry(for: scan.model)
        var context = context
        context.metadata = try ResponseFields.metadata(request)
        var call = ChatCall(
            responses: scan, body: request.body, upstreamModel: entry.upstreamModel,
            decode: ResponsesRequestDecoder.decode)
        // Only a single deployment that forwards the body may leave it undecoded: anything else decodes
        // now, so a member Sira cannot carry is a 400 before any upstream is asked.
        let passThrough = calls.forwardsAsReceived(entry, format: .responses)
        if !passThrough { try call.decode() }
        call.clientHeaders = ChatCall.policyHeaders(of: request.headers)
        var (reply, headers) = try await calls.send(call, to: entry, context: context)
        ResponseFields.addDropped(to: &headers, call: call, entry: entry, format: .responses)
        switch reply {
        case .whole(let response):
            return whole(response, model: scan.model, headers: headers)
        case .passthrough(let upstreamHeaders, let body):
            return .forwarding(body, upstreamHeaders: upstreamHeaders, headers: headers)
        case .forwarded(let upstreamHeaders, let events):
            return .forwarding(events, format: .responses, upstreamHeaders: upstreamHeaders, headers: headers)
        case .stream(let chunks):
            headers.add("content-type", "text/event-stream")
            headers.add("cache-control", "no-cache")
            let events = ResponsesEventStream(chunks: chunks, model: scan.model)
            return GatewayResponse(status: 200, headers: headers, body: .stream(ResponseStream(events)))
        }
    }

    private func whole(_ response: ChatResponse, model: String, headers: Headers) -> GatewayResponse {
        var headers = headers
        headers.add("content-type", "application/json")
        return GatewayResponse(
            status: 200, headers: headers, body: .bytes(ResponsesEncoder.response(response, model: model).jsonBytes()))
    }
}
