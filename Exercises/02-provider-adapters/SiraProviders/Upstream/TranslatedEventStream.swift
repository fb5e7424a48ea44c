// Generated from Sources/SiraProviders/Upstream/TranslatedEventStream.swift by scripts/make-starters. Nothing to write here.
// An upstream's event stream, read and translated on demand. Every translating provider has the
// same loop: bytes from the network → server-sent events → a format's state machine → neutral
// chunks. The loop lives here once; each format only supplies its state machine.

import NIOCore
import SiraCore

/// A pure state machine that turns one format's stream events into neutral chunks.
public protocol StreamEventTranslator: Sendable {
    /// Translates one event.
    /// - Parameter event: The event.
    /// - Returns: The chunks to send, and whether the stream is now complete.
    /// - Throws: `GatewayError` when the event reports a failure or cannot be read.
    mutating func translate(_ event: ReceivedEvent) throws -> (chunks: [ChatChunk], complete: Bool)

    /// The body ended before `translate` reported completion.
    /// - Returns: Last chunks, when ending here is normal for the format (Gemini has no end event).
    /// - Throws: `GatewayError` when the stream was cut short.
    mutating func endOfBody() throws -> [ChatChunk]
}

/// Reads an upstream body as `StreamEventTranslator` output, one network read at a time.
///
/// Nothing is read ahead: the next read happens when the consumer asks for a chunk and none is
/// waiting. Dropping the iterator (the client went away) drops the upstream body, which cancels
/// the upstream request.
struct TranslatedEventStream<Body: AsyncSequence & Sendable, Translator: StreamEventTranslator>: AsyncSequence,
    Sendable
where Body.Element == ByteBuffer {
    typealias Element = ChatChunk

    let body: Body
    let translator: Translator
    let provider: String

    struct AsyncIterator: AsyncIteratorProtocol {
        var body: Body.AsyncIterator
        var translator: Translator
        let provider: String
        var parser = ServerSentEventParser()
        var pending: [ChatChunk] = []
        var next = 0
        var ended = false

        mutating func next() async throws -> ChatChunk? {
            while true {
                if next < pending.count {
                    defer { next += 1 }
                    return pending[next]
                }
                guard !ended else { return nil }
                pending.removeAll(keepingCapacity: true)
                next = 0
                let buffer: ByteBuffer?
                do {
                    buffer = try await body.next()
                } catch {
                    ended = true
                    throw UpstreamFailure.gatewayError(for: error, provider: provider)
                }
                guard let buffer else {
                    ended = true
                    pending = try translator.endOfBody()
                    continue
                }
                let events: [ReceivedEvent]
                do {
                    events = try parser.parse(buffer.readableBytesView)
                } catch {
                    ended = true
                    throw GatewayError(.providerError, "The provider '\(provider)' sent an event that is too large.")
                }
                for event in events {
                    let (chunks, complete) = try translator.translate(event)
                    pending += chunks
                    if complete {
                        ended = true
                        break
                    }
                }
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body.makeAsyncIterator(), translator: translator, provider: provider)
    }
}

extension ChunkStream {
    /// An upstream's event stream translated by `translator`.
    /// - Parameters:
    ///   - body: The upstream body.
    ///   - translator: The format's state machine.
    ///   - provider: The provider's name, for error messages.
    /// - Returns: The stream.
    static func translating<Body: AsyncSequence & Sendable, Translator: StreamEventTranslator>(
        _ body: Body, with translator: Translator, provider: String
    ) -> ChunkStream where Body.Element == ByteBuffer {
        ChunkStream(TranslatedEventStream(body: body, translator: translator, provider: provider))
    }
}
