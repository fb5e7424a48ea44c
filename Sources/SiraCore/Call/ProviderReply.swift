// The call and attempt levels' output: what a provider answered.

/// A provider's answer.
public enum ProviderReply: Sendable {
    /// The whole answer, in the neutral model.
    case whole(ChatResponse)
    /// The answer as it is produced, in the neutral model. A stream that fails after its first
    /// chunk throws from `next()`; the endpoint ends the client's stream with an error event in the
    /// client's format (docs/architecture.md §3.2).
    case stream(ChunkStream)
    /// The upstream's whole answer in the client's own format, to forward as it is (status 200;
    /// errors are thrown as `GatewayError`s instead).
    case passthrough(headers: Headers, body: [UInt8])
    /// The upstream's event stream in the client's own format, forwarded piece by piece as it
    /// arrives, with what the provider read in each piece (content, usage). A forwarded stream that
    /// fails after its first piece throws: a `GatewayError` when the endpoint should still write the
    /// error event, a `ForwardedStreamFailure` when the upstream's own error event already went out.
    case forwarded(headers: Headers, events: ForwardedStream)
}

/// A forwarded stream failed, and the upstream's own error event, in the client's format, was
/// already forwarded: the client knows, so the endpoint must not write a second error event.
/// Whoever judges the upstream (routing's health, later breakers) still sees a failure.
public struct ForwardedStreamFailure: Error, Sendable {
    /// The failure, for health and logs.
    public var error: GatewayError

    /// Creates the failure.
    /// - Parameter error: What failed.
    public init(_ error: GatewayError) { self.error = error }
}

/// One piece of a forwarded stream: the upstream's bytes, and what the provider read in them while
/// forwarding, so no one above has to parse the format again.
public struct ForwardedPiece: Sendable, Hashable {
    /// The bytes to send to the client, unchanged (or without an event the client did not ask for).
    public var bytes: [UInt8]
    /// Whether the piece carries part of the answer (text, a tool call, a refusal, a finish): the
    /// first such piece is the stream's commit point.
    public var hasContent: Bool
    /// Token usage the upstream reported in this piece.
    public var usage: Usage?

    /// Creates a piece.
    /// - Parameters:
    ///   - bytes: The bytes.
    ///   - hasContent: Whether it carries part of the answer.
    ///   - usage: Usage reported in it.
    public init(bytes: [UInt8], hasContent: Bool, usage: Usage? = nil) {
        self.bytes = bytes
        self.hasContent = hasContent
        self.usage = usage
    }
}

/// The pieces of a forwarded stream, pulled one at a time (backpressure as with `ChunkStream`),
/// type-erased so a provider, routing and the call level can each wrap it.
public struct ForwardedStream: AsyncSequence, Sendable {
    /// One piece.
    public typealias Element = ForwardedPiece

    private let makeNext: @Sendable () -> (@Sendable () async throws -> ForwardedPiece?)

    /// Wraps any sequence of pieces.
    /// - Parameter base: The sequence; it is iterated once per iterator made.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ForwardedPiece {
        makeNext = {
            let box = IteratorBox(base.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    /// Pulls pieces.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let nextPiece: @Sendable () async throws -> ForwardedPiece?

        /// The next piece, or `nil` at the end.
        /// - Returns: The piece.
        /// - Throws: The stream's failure.
        public mutating func next() async throws -> ForwardedPiece? { try await nextPiece() }
    }

    /// Starts pulling.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextPiece: makeNext()) }
}
