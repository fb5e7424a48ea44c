// Generated from Sources/SiraProviders/Upstream/UpstreamEventForwarder.swift by scripts/make-starters. Nothing to write here.
// Forwarding an upstream's event stream to a client of the same format, byte for byte, while
// reading it once (`ForwardedEventReader`): each piece goes up with what it holds (content for the
// commit point, usage for budgets). A stream that ends without its format's last event (OpenAI's
// `data: [DONE]`, Anthropic's `message_stop`, the Responses API's `response.completed`), or breaks off, throws, so routing counts the failure
// and the endpoint ends the client's stream with an error event in its format: the client never
// mistakes a cut answer for a complete one (docs/architecture.md §3.2).

import AsyncHTTPClient
import NIOCore
import SiraCore

/// The upstream's `text/event-stream` bytes, as they arrive, as `ForwardedPiece`s; a cut or an
/// upstream error event throws.
public struct UpstreamEventForwarder: AsyncSequence, Sendable {
    /// One piece: the bytes of one network read and what they hold.
    public typealias Element = ForwardedPiece

    let body: HTTPClientResponse.Body
    let provider: String
    let format: WireFormat
    let dropsUsageOnlyEvents: Bool
    let dropsEmptyPreambles: Bool

    /// Creates a forwarder.
    /// - Parameters:
    ///   - body: The upstream's body.
    ///   - provider: The provider's name, for error messages.
    ///   - format: The stream's format.
    ///   - dropsUsageOnlyEvents: Leave out OpenAI's usage-only chunk (the gateway asked for it, the
    ///     client did not). The pieces are then re-framed from the events read (`data: …` and a blank
    ///     line each) instead of forwarded as the bytes arrived: SSE comments and `id:`/`retry:` lines
    ///     are not carried over (OpenAI sends none), and each chunk keeps the `"usage":null` member
    ///     OpenAI adds once usage is asked for (the SDKs read it as absent).
    ///   - dropsEmptyPreambles: Leave out a chunk with an empty `id` and no choices before the first
    ///     content (Azure's prompt-filter results); re-framed the same way.
    public init(
        body: HTTPClientResponse.Body, provider: String, format: WireFormat, dropsUsageOnlyEvents: Bool = false,
        dropsEmptyPreambles: Bool = false
    ) {
        self.body = body
        self.provider = provider
        self.format = format
        self.dropsUsageOnlyEvents = dropsUsageOnlyEvents
        self.dropsEmptyPreambles = dropsEmptyPreambles
    }

    /// Produces the pieces.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: HTTPClientResponse.Body.AsyncIterator
        let provider: String
        let dropsUsageOnlyEvents: Bool
        let dropsEmptyPreambles: Bool
        var reader: ForwardedEventReader
        var parser = ServerSentEventParser()
        var ending: ForwardedEventReader.End?
        var upstreamError: GatewayError?
        var finished = false

        /// The next piece, or `nil` after the format's last event.
        /// - Returns: The piece.
        /// - Throws: `GatewayError` when the stream was cut or the connection failed;
        ///   `ForwardedStreamFailure` after the upstream's own error event (already forwarded);
        ///   `CancellationError` when the client went away.
        public mutating func next() async throws -> ForwardedPiece? {
            while true {
                guard !finished else { return nil }
                if ending == .failed {
                    // The upstream's error event went out in the last piece: the stream is over.
                    finished = true
                    throw ForwardedStreamFailure(
                        upstreamError
                            ?? GatewayError(
                                .providerError, "The provider '\(provider)' reported an error in the stream."))
                }
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
                    if ending == .complete { return nil }
                    throw GatewayError(.providerError, "The provider '\(provider)' ended the stream early.")
                }
                let bytes = Array(buffer.readableBytesView)
                let events: [ReceivedEvent]
                do {
                    events = try parser.parse(bytes)
                } catch {
                    finished = true
                    throw GatewayError(.providerError, "The provider '\(provider)' sent an event that is too large.")
                }
                let reframes = dropsUsageOnlyEvents || dropsEmptyPreambles
                var piece = ForwardedPiece(bytes: reframes ? [] : bytes, hasContent: false)
                for event in events {
                    let facts = reader.read(event)
                    piece.hasContent = piece.hasContent || facts.hasContent
                    if let usage = facts.usage { piece.usage = usage }
                    if ending == nil {
                        ending = facts.end
                        upstreamError = facts.error
                    }
                    let dropped =
                        (dropsUsageOnlyEvents && facts.isUsageOnly) || (dropsEmptyPreambles && facts.isEmptyPreamble)
                    if reframes, !dropped { piece.bytes += Self.frame(event) }
                }
                // When re-framing, a read that completed no event has nothing to send yet.
                if piece.bytes.isEmpty, piece.usage == nil, ending == nil { continue }
                return piece
            }
        }

        /// An event as server-sent event text.
        static func frame(_ event: ReceivedEvent) -> [UInt8] {
            var text = event.name == "message" ? "" : "event: \(event.name)\n"
            for line in event.data.split(separator: "\n", omittingEmptySubsequences: false) {
                text += "data: \(line)\n"
            }
            return Array((text + "\n").utf8)
        }
    }

    /// Starts forwarding.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            upstream: body.makeAsyncIterator(), provider: provider, dropsUsageOnlyEvents: dropsUsageOnlyEvents,
            dropsEmptyPreambles: dropsEmptyPreambles, reader: ForwardedEventReader(format: format, provider: provider))
    }
}
