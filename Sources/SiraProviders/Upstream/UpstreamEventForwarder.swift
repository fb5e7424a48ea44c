// Forwarding an upstream's event stream to a client of the same format, byte for byte, while
// watching it: a stream that ends without its format's last event (OpenAI's `data: [DONE]`,
// Anthropic's `message_stop`), or breaks off, throws, so routing counts the failure and the
// endpoint ends the client's stream with an error event in its format: the client never mistakes
// a cut answer for a complete one (DESIGN.md §3.2).

import AsyncHTTPClient
import NIOCore
import SiraCore

/// The upstream's `text/event-stream` bytes, as they arrive; a cut or an upstream error event throws.
public struct UpstreamEventForwarder: AsyncSequence, Sendable {
    /// Bytes as they arrived.
    public typealias Element = [UInt8]

    let body: HTTPClientResponse.Body
    let provider: String
    let format: APIFormat

    /// Creates a forwarder.
    /// - Parameters:
    ///   - body: The upstream's body.
    ///   - provider: The provider's name, for error messages.
    ///   - format: The stream's format, which says how it ends.
    public init(body: HTTPClientResponse.Body, provider: String, format: APIFormat) {
        self.body = body
        self.provider = provider
        self.format = format
    }

    /// Produces the bytes.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: HTTPClientResponse.Body.AsyncIterator
        let provider: String
        let format: APIFormat
        var parser = ServerSentEventParser()
        var ending: Ending?
        var finished = false

        /// How the stream's events said it ended.
        enum Ending { case complete, failed }

        /// The next bytes, or `nil` after the format's last event.
        /// - Returns: The bytes.
        /// - Throws: `GatewayError` when the stream was cut or the connection failed;
        ///   `ForwardedStreamFailure` after the upstream's own error event (already forwarded);
        ///   `CancellationError` when the client went away.
        public mutating func next() async throws -> [UInt8]? {
            guard !finished else { return nil }
            let buffer: ByteBuffer?
            do {
                buffer = try await upstream.next()
            } catch {
                finished = true
                if ending == .complete { return nil }
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                throw UpstreamFailure.gatewayError(for: error, provider: provider)
            }
            guard let buffer else {
                finished = true
                switch ending {
                case .complete?: return nil
                case .failed?:
                    throw ForwardedStreamFailure(
                        GatewayError(.providerError, "The provider '\(provider)' reported an error in the stream."))
                case nil:
                    throw GatewayError(.providerError, "The provider '\(provider)' ended the stream early.")
                }
            }
            let bytes = Array(buffer.readableBytesView)
            let events: [ReceivedEvent]
            do {
                events = try parser.parse(bytes)
            } catch {
                finished = true
                throw GatewayError(.providerError, "The provider '\(provider)' sent an event that is too large.")
            }
            for event in events where ending == nil {
                ending = last(event)
            }
            return bytes
        }

        /// Whether the event ends the stream: the format's last event (`complete`), or the
        /// upstream's own error event (`failed`; it already tells the client, so no second one is
        /// added).
        func last(_ event: ReceivedEvent) -> Ending? {
            switch format {
            case .openAI:
                if event.data == "[DONE]" { return .complete }
                return event.data.hasPrefix("{\"error\"") ? .failed : nil
            case .anthropic:
                if event.name == "message_stop" { return .complete }
                return event.name == "error" ? .failed : nil
            }
        }
    }

    /// Starts forwarding.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: body.makeAsyncIterator(), provider: provider, format: format)
    }
}
