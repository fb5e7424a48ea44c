// POST /v1/chat/completions: OpenAI's chat API, in front of any provider.

import SiraCore
import SiraProviders

/// The OpenAI-compatible chat completions endpoint.
///
/// It scans the body for its model, finds the model's entry, and decodes the body into the neutral
/// `ChatRequest` (every unknown member kept) unless the entry forwards OpenAI's format as it is, in
/// which case the scan is all it needs (`ChatRequestScan`). It runs the call level (`ModelCalls`: the
/// call pipeline, then routing), and writes the answer as OpenAI does: a
/// `chat.completion` object, or server-sent `chat.completion.chunk` events ending with
/// `data: [DONE]`, with the usage chunk only when the client asked for it
/// (`stream_options.include_usage`). A stream that fails after its first event ends with an error
/// event in OpenAI's shape; this endpoint is the only place that writes it.
public struct OpenAIChatEndpoint: Sendable {
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
    /// - Throws: A `GatewayError` for a bad request, an unknown model or a provider failure.
    public func handle(_ request: GatewayRequest, context: RequestContext) async throws -> GatewayResponse {
        let scan = try ChatRequestScan(request.body)
        let entry = try calls.entry(for: scan.model)
        var context = context
        context.metadata = try ResponseFields.metadata(request)
        var call: ChatCall
        if calls.forwardsAsReceived(entry, format: .openAI) {
            call = ChatCall(
                scanned: scan, body: request.body, upstreamModel: entry.upstreamModel, clientFormat: .openAI,
                decode: OpenAIChatEndpoint.decode)
        } else {
            call = ChatCall(
                request: try OpenAIChatEndpoint.decode(request.body), upstreamModel: entry.upstreamModel,
                clientFormat: .openAI, originalBody: request.body)
        }
        call.clientHeaders = ChatCall.policyHeaders(of: request.headers)
        var (reply, headers) = try await calls.send(call, to: entry, context: context)
        ResponseFields.addDropped(to: &headers, call: call, entry: entry, format: .openAI)
        switch reply {
        case .passthrough(let upstreamHeaders, let body):
            return .forwarding(body, upstreamHeaders: upstreamHeaders, headers: headers)
        case .forwarded(let upstreamHeaders, let events):
            return .forwarding(events, format: .openAI, upstreamHeaders: upstreamHeaders, headers: headers)
        case .whole(let response):
            headers.add("content-type", "application/json")
            return GatewayResponse(status: 200, headers: headers, body: .bytes(try SiraJSON.encode(response)))
        case .stream(let chunks):
            headers.add("content-type", "text/event-stream")
            headers.add("cache-control", "no-cache")
            let events = OpenAIEventStream(chunks: chunks, includeUsage: call.includeUsageInStream)
            return GatewayResponse(status: 200, headers: headers, body: .stream(ResponseStream(events)))
        }
    }

    /// Decodes a chat request, turning decoding failures into 400s that name the member at fault.
    /// - Parameter body: The request body.
    /// - Returns: The request.
    /// - Throws: `GatewayError` of kind `invalidJSON` or `invalidRequest`.
    public static func decode(_ body: [UInt8]) throws -> ChatRequest {
        do {
            return try SiraJSON.decode(ChatRequest.self, from: body)
        } catch let error as DecodingError {
            throw GatewayError(decoding: error)
        } catch {
            throw GatewayError(.invalidJSON, "The request body is not valid JSON.")
        }
    }
}
