// Forwarding an upstream's event stream to a client of the same format, byte for byte, while
// watching it: a stream that ends without OpenAI's `data: [DONE]`, or breaks off, gets an error event
// at the end, so the client never mistakes a cut answer for a complete one (DESIGN.md §3.2).

import AsyncHTTPClient
import NIOCore
import SiraCore

/// The upstream's `text/event-stream` bytes, as they arrive, plus an error event if it is cut.
public struct UpstreamEventForwarder: AsyncSequence, Sendable {
    /// Bytes as they arrived.
    public typealias Element = [UInt8]

    let body: HTTPClientResponse.Body
    let provider: String

    /// Produces the bytes.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: HTTPClientResponse.Body.AsyncIterator
        let provider: String
        var parser = ServerSentEventParser()
        var sawDone = false
        var finished = false

        /// The next bytes, or `nil` at the end.
        /// - Returns: The bytes.
        public mutating func next() async -> [UInt8]? {
            guard !finished else { return nil }
            do {
                if let buffer = try await upstream.next() {
                    let bytes = Array(buffer.readableBytesView)
                    for event in try parser.parse(bytes) where event.data == "[DONE]" { sawDone = true }
                    return bytes
                }
                finished = true
                if sawDone { return nil }
                return OpenAIEventStream.errorEvent(
                    GatewayError(.providerError, "The provider '\(provider)' ended the stream early.")
                )
            } catch {
                finished = true
                if error is CancellationError || Task.isCancelled { return nil }
                return OpenAIEventStream.errorEvent(UpstreamFailure.gatewayError(for: error, provider: provider))
            }
        }
    }

    /// Starts forwarding.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: body.makeAsyncIterator(), provider: provider)
    }
}
