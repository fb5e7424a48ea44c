// A provider's streamed answer, as neutral chunks pulled one at a time.

/// A stream of neutral chat chunks, whatever produced them.
///
/// It is pull-based: the next chunk is produced only when the endpoint asks for it, which happens
/// when the client's connection has taken the previous event. A slow client therefore slows the
/// upstream read too (backpressure), instead of the gateway buffering an answer in memory.
/// A stream that fails throws a `GatewayError` from `next()`.
public struct ChunkStream: AsyncSequence, Sendable {
    /// One chunk.
    public typealias Element = ChatChunk

    private let makeNext: @Sendable () -> (@Sendable () async throws -> ChatChunk?)

    /// Wraps any sequence of chunks.
    /// - Parameter base: The sequence; it is iterated once per iterator made.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ChatChunk {
        makeNext = {
            let box = IteratorBox(base.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    /// A stream of chunks known in advance, optionally failing after the last one.
    /// - Parameters:
    ///   - chunks: The chunks.
    ///   - failure: The error thrown after them, if any.
    /// - Returns: The stream.
    public static func chunks(_ chunks: [ChatChunk], failing failure: (any Error)? = nil) -> ChunkStream {
        ChunkStream(
            AsyncThrowingStream { continuation in
                for chunk in chunks { continuation.yield(chunk) }
                continuation.finish(throwing: failure)
            })
    }

    /// Pulls chunks.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let nextChunk: @Sendable () async throws -> ChatChunk?

        /// The next chunk, or `nil` at the end.
        /// - Returns: The chunk.
        /// - Throws: The provider's failure.
        public mutating func next() async throws -> ChatChunk? { try await nextChunk() }
    }

    /// Starts pulling.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextChunk: makeNext()) }
}
