// Forwarding an upstream's event stream to a client of the same format, byte for byte, while
// watching it: a stream that ends without its format's last event (OpenAI's `data: [DONE]`,
// Anthropic's `message_stop`), or breaks off, gets an error event in that format at the end, so the
// client never mistakes a cut answer for a complete one (DESIGN.md §3.2).

import AsyncHTTPClient
import NIOCore
import SiraCore

/// The upstream's `text/event-stream` bytes, as they arrive, plus an error event if it is cut.
public struct UpstreamEventForwarder: AsyncSequence, Sendable {
    /// Bytes as they arrived.
    public typealias Element = [UInt8]

    let body: HTTPClientResponse.Body
    let provider: String
    let format: ErrorFormat
    let ended: (@Sendable (StreamEnd) -> Void)?

    /// Creates a forwarder.
    /// - Parameters:
    ///   - body: The upstream's body.
    ///   - provider: The provider's name, for error messages.
    ///   - format: The stream's format, which says how it ends and how errors are written.
    ///   - ended: Told how the stream ended, once (routing judges the target by it).
    public init(
        body: HTTPClientResponse.Body, provider: String, format: ErrorFormat,
        ended: (@Sendable (StreamEnd) -> Void)? = nil
    ) {
        self.body = body
        self.provider = provider
        self.format = format
        self.ended = ended
    }

    /// Produces the bytes.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: HTTPClientResponse.Body.AsyncIterator
        let provider: String
        let format: ErrorFormat
        let ended: (@Sendable (StreamEnd) -> Void)?
        var parser = ServerSentEventParser()
        var sawDone = false
        var sawError = false
        var finished = false

        /// The next bytes, or `nil` at the end.
        /// - Returns: The bytes.
        public mutating func next() async -> [UInt8]? {
            guard !finished else { return nil }
            do {
                if let buffer = try await upstream.next() {
                    let bytes = Array(buffer.readableBytesView)
                    for event in try parser.parse(bytes) {
                        switch last(event) {
                        case .complete?: sawDone = true
                        case .failed?: (sawDone, sawError) = (true, true)
                        default: break
                        }
                    }
                    return bytes
                }
                finished = true
                if sawDone {
                    ended?(sawError ? .failed : .complete)
                    return nil
                }
                ended?(.failed)
                return errorEvent(GatewayError(.providerError, "The provider '\(provider)' ended the stream early."))
            } catch {
                finished = true
                if sawDone {
                    ended?(sawError ? .failed : .complete)
                    return nil
                }
                if error is CancellationError || Task.isCancelled {
                    ended?(.abandoned)
                    return nil
                }
                ended?(.failed)
                return errorEvent(UpstreamFailure.gatewayError(for: error, provider: provider))
            }
        }

        /// Whether the event ends the stream: the format's last event (`complete`), or the
        /// upstream's own error event (`failed`; it already tells the client, so no second one is
        /// added).
        func last(_ event: ReceivedEvent) -> StreamEnd? {
            switch format {
            case .openAI:
                if event.data == "[DONE]" { return .complete }
                return event.data.hasPrefix("{\"error\"") ? .failed : nil
            case .anthropic:
                if event.name == "message_stop" { return .complete }
                return event.name == "error" ? .failed : nil
            }
        }

        func errorEvent(_ error: GatewayError) -> [UInt8] {
            switch format {
            case .openAI: return OpenAIEventStream.errorEvent(error)
            case .anthropic: return AnthropicEventEncoder.errorEvent(error).bytes
            }
        }
    }

    /// Starts forwarding.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: body.makeAsyncIterator(), provider: provider, format: format, ended: ended)
    }
}
