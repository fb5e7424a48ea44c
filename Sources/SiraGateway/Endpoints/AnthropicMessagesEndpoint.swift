// POST /v1/messages: Anthropic's Messages API, in front of any provider.

import SiraCore
import SiraProviders

/// The Anthropic-compatible messages endpoint, so Anthropic SDK users (and tools built on it) can
/// use any provider.
///
/// For an Anthropic upstream the body is only scanned (`ChatRequestScan`), forwarded as received
/// (model replaced), and the answer comes back as it was, streams included. For any other provider,
/// and for groups, whose routing reads the request, the request is decoded into the
/// neutral model (`AnthropicRequestDecoder`), and the answer written back as a `message` or as
/// Anthropic's event sequence (`AnthropicEventEncoder`). Errors use Anthropic's shape (the route
/// is registered with `format: .anthropic`).
public struct AnthropicMessagesEndpoint: Sendable {
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
    /// - Throws: A `GatewayError` for a bad request, an unknown model, a member that cannot be
    ///   translated for the chosen provider, or a provider failure.
    public func handle(_ request: GatewayRequest, context: RequestContext) async throws -> GatewayResponse {
        let scan = try ChatRequestScan(request.body, format: .anthropic)
        let entry = try calls.entry(for: scan.model)
        let passThrough = entry.provider.passesThrough(.anthropic)
        var call: ChatCall
        var droppable: [String] = []
        if calls.forwardsAsReceived(entry, format: .anthropic) {
            call = ChatCall(
                scanned: scan, body: request.body, upstreamModel: entry.upstreamModel, clientFormat: .anthropic,
                decode: { try AnthropicRequestDecoder.decode($0).request })
        } else {
            let inbound = try AnthropicRequestDecoder.decode(request.body)
            if !passThrough, let member = inbound.untranslatable.first {
                throw GatewayError(
                    .unsupportedParameter,
                    "'\(member)' cannot be translated for the provider '\(entry.provider.name)'.",
                    param: member
                )
            }
            if !passThrough { droppable = inbound.droppable }
            call = ChatCall(
                request: inbound.request, upstreamModel: entry.upstreamModel, clientFormat: .anthropic,
                originalBody: request.body)
        }
        if let beta = request.headers["anthropic-beta"] { call.forwardedHeaders.add("anthropic-beta", beta) }
        call.clientHeaders = ChatCall.policyHeaders(of: request.headers)
        var context = context
        context.metadata = try ResponseFields.metadata(request)
        var (reply, headers) = try await calls.send(call, to: entry, context: context)
        if !droppable.isEmpty { headers.add("x-sira-dropped", droppable.joined(separator: ", ")) }
        switch reply {
        case .passthrough(let upstreamHeaders, let body):
            return .forwarding(body, upstreamHeaders: upstreamHeaders, headers: headers)
        case .forwarded(let upstreamHeaders, let events):
            return .forwarding(events, format: .anthropic, upstreamHeaders: upstreamHeaders, headers: headers)
        case .whole(let response):
            headers.add("content-type", "application/json")
            return GatewayResponse(
                status: 200, headers: headers, body: .bytes(AnthropicMessageEncoder.message(response).jsonBytes()))
        case .stream(let chunks):
            headers.add("content-type", "text/event-stream")
            headers.add("cache-control", "no-cache")
            let events = AnthropicEventStream(chunks: chunks, model: entry.upstreamModel)
            return GatewayResponse(status: 200, headers: headers, body: .stream(ResponseStream(events)))
        }
    }
}
