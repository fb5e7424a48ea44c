// A forwarded (pass-through) stream that fails after its first bytes throws; the client must still
// learn that its answer is cut. The endpoint, which knows the client's format, adds the error event.

import SiraCore
import SiraProviders

/// The upstream's own event stream as the client gets it: the pieces' bytes, ending with an error
/// event in the client's format when the stream fails (unless the upstream's own error event
/// already reached the client, or the client is gone).
struct ForwardedBody: AsyncSequence, Sendable {
    typealias Element = [UInt8]

    let events: ForwardedStream
    let format: WireFormat

    struct AsyncIterator: AsyncIteratorProtocol {
        var events: ForwardedStream.AsyncIterator
        let format: WireFormat
        var finished = false

        mutating func next() async -> [UInt8]? {
            while !finished {
                do {
                    guard let piece = try await events.next() else {
                        finished = true
                        return nil
                    }
                    if !piece.bytes.isEmpty { return piece.bytes }
                } catch {
                    finished = true
                    if error is ForwardedStreamFailure || error is CancellationError { return nil }
                    let failure =
                        (error as? GatewayError)
                        ?? GatewayError(.providerError, "The provider failed while streaming the answer.")
                    switch format {
                    case .openAI: return OpenAIEventStream.errorEvent(failure)
                    case .anthropic: return AnthropicEventEncoder.errorEvent(failure).bytes
                    case .responses:
                        // Numbered from zero: the upstream's numbering is not followed, and the event ends the stream.
                        var encoder = ResponsesStreamEncoder(model: "")
                        return encoder.fail(failure)
                    }
                }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(events: events.makeAsyncIterator(), format: format) }
}

extension GatewayResponse {
    /// An upstream's whole answer, forwarded to a client of its own format.
    /// - Parameters:
    ///   - body: The upstream's body.
    ///   - upstreamHeaders: The upstream's fields to pass on (its content type).
    ///   - headers: The response's fields so far (the `x-sira-*` fields).
    /// - Returns: The response.
    static func forwarding(_ body: [UInt8], upstreamHeaders: Headers, headers: Headers) -> GatewayResponse {
        var headers = headers
        for field in upstreamHeaders { headers.add(field.name, field.value) }
        return GatewayResponse(status: 200, headers: headers, body: .bytes(body))
    }

    /// An upstream's event stream, forwarded to a client of its own format, with an error event in
    /// that format if it fails.
    /// - Parameters:
    ///   - events: The forwarded stream.
    ///   - format: The client's (and the upstream's) API.
    ///   - upstreamHeaders: The upstream's fields to pass on.
    ///   - headers: The response's fields so far.
    /// - Returns: The response.
    static func forwarding(
        _ events: ForwardedStream, format: WireFormat, upstreamHeaders: Headers, headers: Headers
    ) -> GatewayResponse {
        var headers = headers
        for field in upstreamHeaders { headers.add(field.name, field.value) }
        let body = ResponseStream(ForwardedBody(events: events, format: format))
        return GatewayResponse(status: 200, headers: headers, body: .stream(body))
    }
}
