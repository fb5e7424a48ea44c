// POST /v1/chat/completions: OpenAI's chat API, in front of any provider.

import Foundation
import SiraCore
import SiraProviders

/// The OpenAI-compatible chat completions endpoint.
///
/// It decodes the body into the neutral `ChatRequest` (every unknown member kept), runs the call
/// level (`ModelCalls`: the call pipeline, then routing), and writes the answer as OpenAI does: a
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
        let chat = try OpenAIChatEndpoint.decode(request.body)
        let entry = try calls.entry(for: chat.model)
        var context = context
        context.metadata = try ResponseFields.metadata(request)
        let call = ChatCall(
            request: chat, upstreamModel: entry.upstreamModel, clientFormat: .openAI, originalBody: request.body)
        var (reply, headers) = try await calls.send(call, to: entry, context: context)
        let dropped = entry.provider.passesThrough(.openAI) ? [] : entry.provider.droppedMembers(of: chat)
        if !dropped.isEmpty { headers.add("x-sira-dropped", dropped.joined(separator: ", ")) }
        switch reply {
        case .passthrough(let upstreamHeaders, let body):
            return .forwarding(body, upstreamHeaders: upstreamHeaders, headers: headers)
        case .forwarded(let upstreamHeaders, let events):
            return .forwarding(events, format: .openAI, upstreamHeaders: upstreamHeaders, headers: headers)
        case .whole(let response):
            headers.add("content-type", "application/json")
            let body = try JSONEncoder.sira.encode(response)
            return GatewayResponse(status: 200, headers: headers, body: .bytes(Array(body)))
        case .stream(let chunks):
            headers.add("content-type", "text/event-stream")
            headers.add("cache-control", "no-cache")
            let events = OpenAIEventStream(chunks: chunks, includeUsage: chat.includeUsageInStream)
            return GatewayResponse(status: 200, headers: headers, body: .stream(ResponseStream(events)))
        }
    }

    /// Decodes a chat request, turning decoding failures into 400s that name the member at fault.
    /// - Parameter body: The request body.
    /// - Returns: The request.
    /// - Throws: `GatewayError` of kind `invalidJSON` or `invalidRequest`.
    public static func decode(_ body: [UInt8]) throws -> ChatRequest {
        do {
            return try JSONDecoder().decode(ChatRequest.self, from: Data(body))
        } catch let error as DecodingError {
            throw GatewayError(decoding: error)
        } catch {
            throw GatewayError(.invalidJSON, "The request body is not valid JSON.")
        }
    }
}

extension GatewayError {
    /// The 400 for a body that is not JSON, or not a valid request: the message and `param` name the
    /// member at fault (`messages[1].content`), never echo its value.
    /// - Parameter error: The decoding error.
    public init(decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                if let index = key.intValue { return path + "[\(index)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self.init(.invalidJSON, "The request body is not valid JSON.")
        case .keyNotFound(let key, let context):
            let member = path(context.codingPath + [key])
            self.init(.invalidRequest, "Missing required member '\(member)'.", param: member)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let member = path(context.codingPath)
            self.init(.invalidRequest, "Member '\(member)' must be of type \(type).", param: member)
        case .dataCorrupted(let context):
            let member = path(context.codingPath)
            self.init(.invalidRequest, "Member '\(member)' is invalid.", param: member)
        @unknown default:
            self.init(.invalidRequest, "The request is invalid.")
        }
    }
}
