// Generated from Sources/SiraProviders/SSE/EncodedEventStream.swift by scripts/make-starters. Nothing to write here.
// One loop for every client format's stream: neutral chunks in, the format's event bytes out, and a failure
// after the first event written as the format's error event, never as a silent end. The formats differ only
// in their encoder (`StreamEventEncoding`): OpenAI's chat chunks, Anthropic's message events, the Responses
// API's typed events.

import SiraCore

/// Turns neutral chunks into one client format's server-sent event bytes: the state machine behind a
/// streaming endpoint.
public protocol StreamEventEncoding: Sendable {
    /// The events for one chunk (possibly none).
    /// - Parameter chunk: The chunk.
    /// - Returns: The events' bytes.
    /// - Throws: `GatewayError` when the chunk cannot be expressed in the format.
    mutating func encode(_ chunk: ChatChunk) throws -> [UInt8]
    /// The events that end a stream that completed.
    /// - Returns: The events' bytes.
    mutating func encodeEnd() -> [UInt8]
    /// The event that ends a stream that failed; nothing follows it.
    /// - Parameter failure: The failure.
    /// - Returns: The event's bytes.
    mutating func encodeFailure(_ failure: GatewayError) -> [UInt8]
}

/// A stream of neutral chunks as a client format's events, through its encoder.
public struct EncodedEventStream<Encoder: StreamEventEncoding>: AsyncSequence, Sendable {
    /// Bytes of one or more events.
    public typealias Element = [UInt8]

    let chunks: ChunkStream
    let encoder: Encoder

    /// Creates the event stream.
    /// - Parameters:
    ///   - chunks: The provider's chunks.
    ///   - encoder: The format's encoder, fresh.
    public init(chunks: ChunkStream, encoder: Encoder) {
        self.chunks = chunks
        self.encoder = encoder
    }

    /// Produces the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: ChunkStream.AsyncIterator
        var encoder: Encoder
        var finished = false

        /// The next events' bytes, or `nil` after the format's last event or its error event.
        /// - Returns: The bytes.
        public mutating func next() async -> [UInt8]? {
            guard !finished else { return nil }
            do {
                while let chunk = try await chunks.next() {
                    let bytes = try encoder.encode(chunk)
                    if !bytes.isEmpty { return bytes }
                }
                finished = true
                return encoder.encodeEnd()
            } catch {
                finished = true
                let failure =
                    (error as? GatewayError)
                    ?? GatewayError(.providerError, "The provider failed while streaming the answer.")
                return encoder.encodeFailure(failure)
            }
        }
    }

    /// Starts producing events.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: chunks.makeAsyncIterator(), encoder: encoder)
    }
}
